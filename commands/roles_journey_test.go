package commands

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim/account"
)

// The create-role wizard through the whole program (issue 12): n on Roles makes one role of
// each kind a user asks for, the trust policy is read back through the SDK from the simulator
// the program talks to, and the switch-role picker (:switch) says whether the signed-in user
// (ops-admin) may assume it.

// field types into a form field once it has the focus (huh moves the focus with a command of
// its own: a key sent before it lands goes into the field being left), then enter.
func (j *journey) field(title string, ks ...string) {
	j.t.Helper()
	j.waitFor("┃ " + title)
	j.keys(ks...)
	j.keys("enter")
}

// newRole opens the wizard from the Roles tab and picks the n-th trusted entity.
func (j *journey) newRole(n int) {
	j.t.Helper()
	j.keys("3")
	j.waitFor("Roles (")
	j.keys("n")
	j.waitFor("┃ Who may assume the role", "Trust policy")
	for i := 0; i < n; i++ {
		j.keys("down")
	}
	j.keys("enter")
}

// roleFields fills the role page (name, a Chinese description, max session moved right by
// session steps), marks no policy, then confirms and waits for the new role's screen.
func (j *journey) roleFields(name, desc string, session int, confirm ...string) {
	j.t.Helper()
	j.field("Role name", name)
	j.field("Description", desc)
	j.waitFor("┃ Max session")
	for i := 0; i < session; i++ {
		j.keys("right")
	}
	j.keys("enter")
	j.field("Policies to attach")
	j.waitFor(append([]string{"Create role " + name}, confirm...)...)
	j.keys("y")
	j.waitFor("Created role "+name, "role "+name, "Who can assume this role")
}

// readBack reads the role through the SDK as the account's root: what RAM stored.
func (j *journey) readBack(name string) (ramclient.Role, policy.Statement) {
	j.t.Helper()
	id, secret := j.sim.Account().RootKey()
	c, err := ramclient.New(ramclient.Options{Endpoint: j.sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: "test"}})
	if err != nil {
		j.t.Fatal(err)
	}
	defer c.Close()
	r, err := c.GetRole(context.Background(), name)
	if err != nil {
		j.t.Fatalf("role %s: %v", name, err)
	}
	doc, err := policy.Parse(r.TrustPolicy, policy.Trust)
	if err != nil || len(doc.Statement) != 1 {
		j.t.Fatalf("trust policy of %s: %v\n%s", name, err, r.TrustPolicy)
	}
	return r, doc.Statement[0]
}

// pickerSays opens :switch, filters on the role and waits until its row says want.
func (j *journey) pickerSays(role, want string) {
	j.t.Helper()
	j.keys(":", "switch", "enter")
	j.waitFor("Switch role (")
	j.keys("/", role, "enter")
	row := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(role) + `\s+` + regexp.QuoteMeta(want))
	deadline := time.Now().Add(20 * time.Second)
	for {
		scr := ""
		if p := j.screen.Load(); p != nil {
			scr = *p
		}
		if row.MatchString(scr) {
			j.keys("esc")
			return
		}
		if time.Now().After(deadline) {
			j.t.Fatalf("the picker's row of %s never said %q:\n%s", role, want, scr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// This account, one chosen user (ops-admin, the one signed in), a Chinese description and a
// policy: the trust names that user only, and the picker says ops-admin may assume it.
func TestJourneyNewRoleThisAccountForOneUser(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.newRole(1)
	j.waitFor("┃ Users and roles")
	j.keys("/", "ops-admin", "enter")
	j.waitFor("user ops-admin")
	j.keys(" ")
	j.waitFor("[•] user ops-admin", "RAM user ops-admin of account "+j.acct)
	j.keys("enter")
	j.field("Role name", "app-ops")
	j.field("Description", "运维值班用的角色")
	j.field("Max session")
	j.waitFor("┃ Policies to attach")
	j.keys("/", "AliyunOSSReadOnlyAccess", "enter")
	j.waitFor("AliyunOSSReadOnlyAccess (System)")
	j.keys(" ")
	j.waitFor("[•] AliyunOSSReadOnlyAccess")
	j.keys("enter")
	j.waitFor("Create role app-ops (2 steps)?", "RAM user ops-admin of account", "Description: 运维值班用的角色",
		"Attach AliyunOSSReadOnlyAccess (System)")
	j.keys("y")
	j.waitFor("Created role app-ops and attached 1 policy.", "role app-ops", "运维值班用的角色")

	r, st := j.readBack("app-ops")
	if len(st.Principal.RAM) != 1 || st.Principal.RAM[0] != "acs:ram::"+j.acct+":user/ops-admin" || len(st.Principal.Service) != 0 {
		t.Fatalf("trust principal %+v", st.Principal)
	}
	if r.Description != "运维值班用的角色" || r.MaxSessionDuration != time.Hour {
		t.Fatalf("role %+v", r)
	}
	j.pickerSays("app-ops", "yes")
}

// Another account (the demo's partner) with the ExternalId suggested at random: the trust has
// the partner's root and the ExternalId; ops-admin, of this account, may not assume it.
func TestJourneyNewRoleAnotherAccountWithExternalID(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.newRole(2)
	j.field("Account id", account.PartnerAccountID)
	j.field("ExternalId") // as suggested
	j.field("Require MFA")
	j.waitFor(account.PartnerAccountID + " that its own policies allow") // the preview, wrapped
	j.roleFields("partner-audit", "合作方审计", 0, "with the right ExternalId")

	_, st := j.readBack("partner-audit")
	ext := strings.Join(st.Condition["StringEquals"]["sts:ExternalId"], ",")
	if len(st.Principal.RAM) != 1 || st.Principal.RAM[0] != "acs:ram::"+account.PartnerAccountID+":root" ||
		!regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(ext) {
		t.Fatalf("trust %+v %+v", st.Principal, st.Condition)
	}
	j.keys("right")
	j.waitFor(`"sts:ExternalId"`, ext) // the role's Trust policy: the ExternalId the partner must pass
	j.pickerSays("partner-audit", "no: trust policy")

	// The partner's admin, typing the role's ARN in the picker, assumes it with the ExternalId.
	j.keys(":", "profile", "enter")
	j.waitFor("partner (vendor-admin)")
	j.keys("down", "enter")
	j.waitFor("as user/vendor-admin", "Users (3)", "tom.baker") // settled: the partner's users listed
	j.keys(":", "switch", "enter")
	j.waitFor("Switch role (", "partner-admin", "(enter: switch)") // the partner's own roles, checked
	j.keys("i")
	j.waitFor("Role ARN")
	j.keys(j.acct+":role/partner-audit", "enter")
	j.waitFor("Switch into role partner-audit", "┃ Session name")
	j.keys("down", "down")
	j.field("ExternalId", ext)
	j.waitFor("Credentials for partner-audit", "acs:ram::"+j.acct+":role/partner-audit/vendor-admin")
}

// An ECS service role with a max session of 2h: it trusts ecs.aliyuncs.com only, and no user
// may assume it.
func TestJourneyNewRoleECSService(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.newRole(3)
	j.waitFor("┃ Cloud service", "> ecs.aliyuncs.com")
	j.keys("enter")
	j.waitFor("the cloud service ecs.aliyuncs.com")
	j.roleFields("ecs-orders", "订单服务的实例角色", 1, "Max session 2h")

	r, st := j.readBack("ecs-orders")
	if len(st.Principal.Service) != 1 || st.Principal.Service[0] != "ecs.aliyuncs.com" || len(st.Principal.RAM) != 0 ||
		r.MaxSessionDuration != 2*time.Hour {
		t.Fatalf("trust %+v, max session %v", st.Principal, r.MaxSessionDuration)
	}
	j.pickerSays("ecs-orders", "no: trust policy")
}

// An OIDC provider created on the Providers tab, then a role trusting it with oidc:sub: the
// trust has the provider's ARN, issuer and client id; the provider's screen lists the role.
func TestJourneyNewOIDCProviderAndARoleTrustingIt(t *testing.T) {
	const issuer = "https://token.actions.githubusercontent.com"
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.keys("6")
	j.waitFor("Providers (2)")
	j.keys("n")
	j.waitFor("┃ Kind")
	j.keys("down", "enter")
	j.field("Name", "gh-actions")
	j.field("Description", "GitHub Actions 部署")
	j.field("Issuer URL", issuer)
	j.field("Client IDs") // sts.aliyuncs.com, as offered
	j.field("Fingerprints", "6938fd4d98bab03faadb97b34396831e3780aea1")
	j.waitFor("Created OIDC provider gh-actions.", "Providers (3)", "GitHub Ac") // the description, cut by its column

	j.newRole(4)
	j.waitFor("┃ Identity provider", "OIDC gh-actions")
	j.keys("down", "down")
	j.waitFor("> OIDC gh-actions")
	j.keys("enter")
	j.field("oidc:aud") // every client id of the provider
	j.field("oidc:sub", "repo:acme/app:ref:refs/heads/main")
	j.waitFor("identities from OIDC provider gh-actions")
	j.roleFields("gh-deploy", "流水线部署", 0, "oidc:sub=repo:acme/app:ref:refs/heads/main")

	_, st := j.readBack("gh-deploy")
	eq := st.Condition["StringEquals"]
	if len(st.Principal.Federated) != 1 || st.Principal.Federated[0] != "acs:ram::"+j.acct+":oidc-provider/gh-actions" ||
		strings.Join(eq["oidc:iss"], ",") != issuer || strings.Join(eq["oidc:aud"], ",") != "sts.aliyuncs.com" ||
		strings.Join(eq["oidc:sub"], ",") != "repo:acme/app:ref:refs/heads/main" {
		t.Fatalf("trust %+v %+v", st.Principal, st.Condition)
	}
	j.pickerSays("gh-deploy", "no: trust policy")

	j.keys("6")
	j.waitFor("Providers (3)")
	j.keys("/", "gh-actions", "enter", "enter")
	j.waitFor("oidc provider gh-actions", "Roles trusting it (1)", "gh-deploy", "breaks")
}
