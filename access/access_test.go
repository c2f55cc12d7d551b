package access

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

// startDemo runs a demo simulator and returns a client signed in as ops-admin.
func startDemo(t *testing.T) (*ramsim.Running, *ramclient.Client) {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return sim, c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func load(t *testing.T, c *ramclient.Client, p Principal) *Subject {
	t.Helper()
	s, err := Load(ctxT(t), c, p, "")
	if err != nil {
		t.Fatalf("Load %v: %v", p, err)
	}
	return s
}

const inside = "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt"

func TestSimulateEachKindOfPrincipal(t *testing.T) {
	sim, c := startDemo(t)
	acct := sim.Account().ID()
	tests := []struct {
		name     string
		p        Principal
		req      policy.Request
		want     policy.Decision
		deciding string // substring of the explanation
	}{
		{"user via own policy", Principal{Kind: User, Name: "devops_test"},
			policy.Request{Action: "sts:AssumeRole", Resource: "acs:ram::" + acct + ":role/oss-test-sts"},
			policy.Allowed, "AliyunSTSAssumeRoleAccess (System v1) Statement[0] via user devops_test"},
		{"user via group", Principal{Kind: User, Name: "wang.fang"},
			policy.Request{Action: "oss:PutObject", Resource: "acs:oss:*:*:acme-dev/x"},
			policy.Allowed, "via group developers"},
		{"user not allowed", Principal{Kind: User, Name: "wang.fang"},
			policy.Request{Action: "ram:CreateUser", Resource: "acs:ram:*:" + acct + ":user/x"},
			policy.ImplicitDeny, "no policy allows"},
		{"group", Principal{Kind: Group, Name: "developers"},
			policy.Request{Action: "oss:PutObject", Resource: "acs:oss:*:*:acme-dev/x"},
			policy.Allowed, "dev-oss-rw"},
		{"role inside", Principal{Kind: Role, Name: "oss-test-sts"},
			policy.Request{Action: "oss:PutObject", Resource: inside},
			policy.Allowed, "oss-test-dir111 (Custom v2) Statement[1] via role oss-test-sts"},
		{"role outside", Principal{Kind: Role, Name: "oss-test-sts"},
			policy.Request{Action: "oss:PutObject", Resource: "acs:oss:*:*:oss-test/other/a.txt"},
			policy.ImplicitDeny, "no policy allows"},
		{"role with session policy", Principal{Kind: Role, Name: "oss-test-sts",
			SessionPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`},
			policy.Request{Action: "oss:PutObject", Resource: inside},
			policy.ImplicitDeny, "the session policy does not"},
		{"role with session policy allows", Principal{Kind: Role, Name: "oss-test-sts",
			SessionPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`},
			policy.Request{Action: "oss:GetObject", Resource: inside},
			policy.Allowed, "session policy (Session) Statement[0] via session"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := load(t, c, tc.p).Evaluate(tc.req)
			if a.Decision != tc.want || !strings.Contains(a.Explanation, tc.deciding) {
				t.Errorf("%v: %v %q, want %v containing %q", tc.p, a.Decision, a.Explanation, tc.want, tc.deciding)
			}
		})
	}
}

// zhou.jie is in auditors, whose guard-rail policy denies deleting trails, while
// AliyunActionTrailFullAccess (same group) allows it: the Deny decides, the Allow is listed as
// matched but overridden.
func TestExplicitDenyFromGroupPolicy(t *testing.T) {
	_, c := startDemo(t)
	a := load(t, c, Principal{Kind: User, Name: "zhou.jie"}).Evaluate(policy.Request{Action: "actiontrail:DeleteTrail", Resource: "acs:actiontrail:*:*:trail/main"})
	if a.Decision != policy.ExplicitDeny {
		t.Fatalf("decision %v: %s", a.Decision, a.Explanation)
	}
	if len(a.Deciding) != 1 || a.Deciding[0].Policy != "deny-actiontrail-delete" || a.Deciding[0].Index != 0 ||
		a.Deciding[0].Version != "v1" || strings.Join(a.Deciding[0].Via, ",") != "group auditors" {
		t.Errorf("deciding %+v", a.Deciding)
	}
	var also []string
	for _, st := range a.AlsoMatched {
		also = append(also, st.Policy)
	}
	if strings.Join(also, ",") != "AliyunActionTrailFullAccess" {
		t.Errorf("also matched %v", also)
	}
}

func TestSourceIPCondition(t *testing.T) {
	_, c := startDemo(t)
	s := load(t, c, Principal{Kind: Group, Name: "oncall"})
	req := func(ip string) policy.Request {
		ctx, err := ParseContext([]string{"acs:SourceIp=" + ip})
		if err != nil {
			t.Fatal(err)
		}
		return policy.Request{Action: "ecs:RebootInstance", Resource: "acs:ecs:*:*:instance/i-1", Context: ctx}
	}
	if a := s.Evaluate(req("10.1.2.3")); a.Decision != policy.Allowed || !strings.Contains(a.Explanation, "ecs-restart-from-office") {
		t.Errorf("from the office: %v %s", a.Decision, a.Explanation)
	}
	if a := s.Evaluate(req("198.51.100.7")); a.Decision != policy.ImplicitDeny {
		t.Errorf("from elsewhere: %v %s", a.Decision, a.Explanation)
	}
}

func TestLoadErrors(t *testing.T) {
	_, c := startDemo(t)
	if _, err := Load(ctxT(t), c, Principal{Kind: User, Name: "nobody"}, ""); !errors.Is(err, ramclient.ErrNotFound) {
		t.Errorf("missing user: %v", err)
	}
	if _, err := Load(ctxT(t), c, Principal{Kind: Role, Name: "nobody"}, ""); !errors.Is(err, ramclient.ErrNotFound) {
		t.Errorf("missing role: %v", err)
	}
	var pe *policy.Error
	if _, err := Load(ctxT(t), c, Principal{Kind: Role, Name: "oss-test-sts", SessionPolicy: `{"Version":"1"`}, ""); !errors.As(err, &pe) {
		t.Errorf("bad session policy: %v", err)
	}
	if _, err := Load(ctxT(t), c, Principal{Kind: User, Name: "devops_test", SessionPolicy: `{}`}, ""); err == nil {
		t.Error("session policy on a user: no error")
	}
}

func TestParseContext(t *testing.T) {
	ctx, err := ParseContext([]string{"acs:SourceIp=10.0.0.1", "oss:Prefix=a/", "OSS:prefix=b/", "oss:Delimiter=/"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(FormatContext(ctx), " "); got != "acs:SourceIp=10.0.0.1 oss:Delimiter=/ oss:Prefix=a/ oss:Prefix=b/" {
		t.Errorf("got %s", got)
	}
	for _, bad := range []string{"novalue", "=x", "nocolon=1", "acs:SourceIp=10.0.0.300", "acs:CurrentTime=yesterday", "acs:MFAPresent=yes"} {
		if _, err := ParseContext([]string{bad}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestActions(t *testing.T) {
	d, err := policy.Parse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject","acme:Custom*"],"Resource":"*"}]}`, policy.Permission)
	if err != nil {
		t.Fatal(err)
	}
	all := Actions(d)
	if got := Complete(all, "ACME:"); len(got) != 1 || got[0] != "acme:Custom*" {
		t.Errorf("complete acme: %v", got)
	}
	n := 0
	for _, a := range all {
		if strings.EqualFold(a, "oss:GetObject") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("oss:GetObject %d times", n)
	}
}

func TestLoadActionsFromTheAccount(t *testing.T) {
	_, c := startDemo(t)
	all, err := LoadActions(ctxT(t), c)
	if err != nil {
		t.Fatal(err)
	}
	// bssapi:QueryBill* is named only by the demo's billing-export policy.
	if got := Complete(all, "bssapi:"); len(got) != 1 || got[0] != "bssapi:QueryBill*" {
		t.Errorf("bssapi: %v", got)
	}
	if got := Complete(all, "sts:assume"); len(got) != 1 {
		t.Errorf("sts: %v", got)
	}
}

// The deciding statement can be found and highlighted in its policy's document.
func TestDecidingStatementInItsDocument(t *testing.T) {
	_, c := startDemo(t)
	s := load(t, c, Principal{Kind: Role, Name: "oss-test-sts"})
	a := s.Evaluate(policy.Request{Action: "oss:GetObject", Resource: inside})
	if len(a.Deciding) != 1 {
		t.Fatalf("deciding %v", a.Deciding)
	}
	st := a.Deciding[0]
	p := s.PolicyOf(st)
	if p == nil || p.Name != "oss-test-dir111" || p.Version != "v2" {
		t.Fatalf("policy %+v", p)
	}
	text, spans := p.Doc.PrettyLines()
	lines := strings.Split(text, "\n")
	hl := strings.Join(lines[spans[st.Index][0]:spans[st.Index][1]+1], "\n")
	if !strings.Contains(hl, `"oss:GetObject"`) || strings.Contains(hl, "oss:Prefix") {
		t.Errorf("highlighted:\n%s", hl)
	}
	if txt := s.StatementText(st); !strings.HasPrefix(txt, `{"Effect":"Allow","Action":["oss:GetObject"`) {
		t.Errorf("statement text %s", txt)
	}
}
