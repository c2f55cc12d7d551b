package commands

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ramsim/account"
)

// field waits until a form field has the focus, types into it and goes on.
func (s *tmuxSession) field(title string, keys ...string) {
	s.t.Helper()
	s.waitFor(title, "┃ "+title)
	s.keys(keys...)
	s.keys("Enter")
}

// The create-role wizard on the real binary in tmux, at 80x24 with NO_COLOR=1, signed in as
// ops-admin on a demo simulator the test reads back through the SDK: one role of each kind
// (this account for one user; another account with ExternalId; an ECS service role; an OIDC
// provider made on the Providers tab and a role trusting it), each trust policy as RAM stored
// it, and what the switch-role picker says of each. (CI is unset for the program only:
// termenv draws no attributes when it is set.)
func TestEndToEndCreateEveryKindOfRoleInTmux(t *testing.T) {
	bin := ramtuiBinary(t)
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo"}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	acct := sim.Account().ID()
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	s := startTmux(t, 80, 24, fmt.Sprintf("env -u CI NO_COLOR=1 HOME=%s XDG_CONFIG_HOME=%s/config XDG_CACHE_HOME=%s/cache ALIBABA_CLOUD_ACCESS_KEY_ID=%s ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s %s --endpoint %s",
		home, home, home, id, secret, bin, sim.Endpoint))
	s.waitFor("first screen", "Users (21)")

	rootID, rootSecret := sim.Account().RootKey()
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: rootID, AccessKeySecret: rootSecret, Source: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	trust := func(name string) policy.Statement {
		t.Helper()
		r, err := c.GetRole(context.Background(), name)
		if err != nil {
			t.Fatalf("role %s: %v", name, err)
		}
		doc, err := policy.Parse(r.TrustPolicy, policy.Trust)
		if err != nil || len(doc.Statement) != 1 {
			t.Fatalf("trust policy of %s: %v\n%s", name, err, r.TrustPolicy)
		}
		return doc.Statement[0]
	}
	newRole := func(downs int) {
		t.Helper()
		s.keys("3")
		s.waitFor("roles", "Roles (")
		s.keys("n")
		s.waitFor("the wizard", "┃ Who may assume the role")
		for i := 0; i < downs; i++ {
			s.keys("Down")
		}
		s.keys("Enter")
	}
	// role fills the role's page (no policy), confirms, and waits for its screen.
	role := func(name, desc string, confirm ...string) {
		t.Helper()
		s.field("Role name", name)
		s.field("Description", desc)
		s.field("Max session")
		s.field("Policies to attach")
		s.waitFor("the confirmation", append([]string{"Create role " + name}, confirm...)...)
		scr := s.screen()
		for i, line := range strings.Split(scr, "\n") {
			if len([]rune(line)) > 80 {
				t.Errorf("line %d is wider than 80: %q", i+1, line)
			}
		}
		s.keys("y")
		// The flash first, alone: it lasts 4 s, and the role's screen may take longer to load
		// on a loaded machine (the real binary's flashes cannot be held as the journeys' are).
		s.waitFor("the flash", "Created role "+name)
		s.waitFor("the new role", "Who can assume this role")
	}
	picker := func(name, want string) {
		t.Helper()
		s.keys(":", "switch", "Enter")
		s.waitFor("the picker", "Switch role (")
		s.keys("/", name, "Enter")
		row := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(name) + `\s+` + regexp.QuoteMeta(want))
		for deadline := time.Now().Add(15 * time.Second); !row.MatchString(s.screen()); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the picker's row of %s never said %q:\n%s", name, want, s.screen())
			}
		}
		// Back to the Roles list: esc clears the filter, then leaves the picker and the role.
		for i := 0; ; i++ {
			scr := s.screen()
			if strings.Contains(scr, "NAME") && strings.Contains(scr, "TRUSTS") && !strings.Contains(scr, "Switch role") {
				break
			}
			if i == 20 {
				t.Fatalf("esc never came back to the Roles list:\n%s", scr)
			}
			s.keys("Escape")
			time.Sleep(200 * time.Millisecond)
		}
	}

	// This account, one user: ops-admin, who may then assume it. A Chinese name is refused
	// under the field, saying where Chinese text goes.
	newRole(1)
	s.waitFor("the users and roles", "┃ Users and roles")
	s.keys("/", "ops-admin", "Enter")
	s.waitFor("ops-admin found", "user ops-admin")
	s.keys("Space")
	s.waitFor("ops-admin marked", "[•] user ops-admin")
	s.keys("Enter")
	s.field("Role name", "值班角色")
	s.waitFor("the name's rule", `RoleName: "值班角色": role names are ASCII (a-z A-Z 0-9 . -); write 中文 in`) // ramclient's, wrapped at 80
	s.keys("BSpace", "BSpace", "BSpace", "BSpace")
	role("app-ops", "值班角色", "RAM user ops-admin of account", "Description: 值班角色")
	if st := trust("app-ops"); len(st.Principal.RAM) != 1 || st.Principal.RAM[0] != "acs:ram::"+acct+":user/ops-admin" {
		t.Fatalf("app-ops trusts %+v", st.Principal)
	}
	picker("app-ops", "yes")

	// Another account with the suggested ExternalId: the confirmation says it whole.
	newRole(2)
	s.field("Account id", account.PartnerAccountID)
	s.field("ExternalId")
	s.field("Require MFA")
	role("partner-audit", "合作方审计", "with the right ExternalId")
	st := trust("partner-audit")
	if st.Principal.RAM[0] != "acs:ram::"+account.PartnerAccountID+":root" ||
		!regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(strings.Join(st.Condition["StringEquals"]["sts:ExternalId"], ",")) {
		t.Fatalf("partner-audit trusts %+v %+v", st.Principal, st.Condition)
	}
	picker("partner-audit", "no: trust policy")

	// An ECS service role.
	newRole(3)
	s.waitFor("the services", "┃ Cloud service", "> ecs.aliyuncs.com")
	s.keys("Enter")
	role("ecs-orders", "订单服务", "the cloud service ecs.aliyuncs.com")
	if st := trust("ecs-orders"); len(st.Principal.Service) != 1 || st.Principal.Service[0] != "ecs.aliyuncs.com" {
		t.Fatalf("ecs-orders trusts %+v", st.Principal)
	}
	picker("ecs-orders", "no: trust policy")

	// An OIDC provider on the Providers tab, then a role trusting it.
	s.keys("6")
	s.waitFor("providers", "Providers (2)")
	s.keys("n")
	s.waitFor("the provider form", "┃ Kind")
	s.keys("Down", "Enter")
	s.field("Name", "gh-actions")
	s.field("Description", "部署")
	s.field("Issuer URL", "https://token.actions.githubusercontent.com")
	s.field("Client IDs")
	s.field("Fingerprints", "6938fd4d98bab03faadb97b34396831e3780aea1")
	s.waitFor("the new provider", "Providers (3)", "gh-actions")
	newRole(4)
	s.waitFor("the providers", "┃ Identity provider", "OIDC gh-actions")
	s.keys("Down", "Down")
	s.waitFor("gh-actions chosen", "> OIDC gh-actions")
	s.keys("Enter")
	s.field("oidc:aud")
	s.field("oidc:sub", "repo:acme/app:ref:refs/heads/main")
	role("gh-deploy", "流水线部署", "identities from OIDC provider gh-actions")
	st = trust("gh-deploy")
	if st.Principal.Federated[0] != "acs:ram::"+acct+":oidc-provider/gh-actions" ||
		strings.Join(st.Condition["StringEquals"]["oidc:sub"], ",") != "repo:acme/app:ref:refs/heads/main" {
		t.Fatalf("gh-deploy trusts %+v %+v", st.Principal, st.Condition)
	}
	picker("gh-deploy", "no: trust policy")
}
