package ramclient

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramsim"
)

func TestCallLogRing(t *testing.T) {
	l := NewCallLog(3)
	for i := range 5 {
		l.add(CallEntry{Action: "A" + itoa(i)})
	}
	got := l.Entries()
	if len(got) != 3 || got[0].Action != "A2" || got[2].Action != "A4" || got[2].Seq != 5 {
		t.Fatalf("entries = %+v", got)
	}
}

func TestCallLogSubscribeNeverBlocks(t *testing.T) {
	l := NewCallLog(10)
	ch, stop := l.Subscribe(2)
	done := make(chan struct{})
	go func() {
		for range 100 {
			l.add(CallEntry{Action: "x"}) // nobody reads ch
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("a slow subscriber blocked the log")
	}
	if len(ch) != 2 || l.Dropped() != 98 {
		t.Fatalf("buffered %d, dropped %d", len(ch), l.Dropped())
	}
	stop()
	stop() // idempotent
	l.add(CallEntry{Action: "after"})
	for range ch { // closed: drains and ends
	}
}

func TestCallLogRecordsCalls(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ch, stop := c.Log().Subscribe(16)
	defer stop()
	ctx := ctxT(t)
	_, err := c.GetUser(ctx, "alice.wong")
	mustOK(t, err)
	_, _ = c.GetUser(ctx, "nobody")
	ok, fail := <-ch, <-ch
	if ok.Action != "GetUser" || ok.Target != "alice.wong" || !ok.OK() || ok.RequestID == "" || ok.Attempts != 1 || ok.Duration <= 0 || ok.Time.IsZero() {
		t.Fatalf("ok entry = %+v", ok)
	}
	if fail.Outcome != "EntityNotExist.User" || fail.Kind != KindNotFound || fail.RequestID == "" || fail.OK() {
		t.Fatalf("fail entry = %+v", fail)
	}
}

func TestCallLogShared(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "demo"})
	other := clientAs(t, sim, "alice.wong", func(o *Options) { o.CallLog = c.Log() })
	_, _ = c.CallerIdentity(ctxT(t))
	_, _ = other.CallerIdentity(ctxT(t))
	if n := len(c.Log().Entries()); n != 2 || other.Log() != c.Log() {
		t.Fatalf("shared log has %d entries", n)
	}
}

// A failed call keeps the service's message and the request's parameters, so the error can be
// read whole later (the TUI's error view).
func TestCallLogKeepsMessageAndParams(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	_, err := c.CreateUser(ctxT(t), NewUser{UserName: "alice.wong", Comments: "again"})
	e := wantKind(t, err, KindAlreadyExists)
	got := c.Log().Entries()
	last := got[len(got)-1]
	if last.Action != "CreateUser" || last.Message == "" || last.Message != e.Message || last.Attempts != 1 {
		t.Fatalf("entry = %+v", last)
	}
	want := []Param{{"Comments", "again"}, {"UserName", "alice.wong"}}
	if fmt.Sprint(last.Params) != fmt.Sprint(want) {
		t.Fatalf("params = %v, want %v", last.Params, want)
	}
}

// A call that validation refuses is in the log with the reason, and nothing was sent.
func TestCallLogRecordsRefusedCalls(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	_, err := c.CreatePolicy(ctxT(t), NewPolicy{PolicyName: "p1", Document: `{"Version":"1","Statement":[{"Effect":"Alow","Action":"*","Resource":"*"}]}`})
	wantKind(t, err, KindInvalidInput)
	got := c.Log().Entries()
	if len(got) != 1 {
		t.Fatalf("want one entry, got %+v", got)
	}
	e := got[0]
	if !e.Refused() || e.Action != "CreatePolicy" || e.Attempts != 0 || e.RequestID != "" || !strings.Contains(e.Message, "Effect") {
		t.Fatalf("refused entry = %+v", e)
	}
	var pe *policy.Error
	if !errors.As(err, &pe) || pe.Line != 1 || pe.Column == 0 {
		t.Fatalf("the refusal does not carry the document's position: %#v", err)
	}
	// A method that passes a refusal of another on records it once.
	_, _ = c.UpdateTrustPolicy(ctxT(t), "ops-readonly", "")
	if n := len(c.Log().Entries()); n != 2 {
		t.Fatalf("want 2 entries, got %d", n)
	}
}

// The log never holds a secret: not the client's AccessKey secret or STS token (signing adds
// them to the request sent, never to the logged parameters), nor a secret parameter.
func TestCallLogHoldsNoSecret(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	creds, err := c.AssumeRole(ctx, AssumeRoleInput{RoleArn: "acs:ram::" + sim.Account().ID() + ":role/ops-readonly", SessionName: "alice"})
	mustOK(t, err)
	role := newClient(t, sim.Endpoint, creds.Credentials(), func(o *Options) { o.CallLog = c.Log() })
	_, _ = role.GetUser(ctx, "alice.wong")
	_ = role.DeleteUser(ctx, "alice.wong") // denied
	const token = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.c2ln"
	_, _, _ = c.AssumeRoleWithOIDC(ctx, OIDCAssumeInput{RoleArn: "acs:ram::" + sim.Account().ID() + ":role/ops-readonly",
		OIDCProviderArn: "acs:ram::" + sim.Account().ID() + ":oidc-provider/none", Token: token, SessionName: "oidc"})
	all := fmt.Sprintf("%+v", c.Log().Entries())
	secret := c.Credentials().AccessKeySecret
	for what, s := range map[string]string{"secret": secret, "STS secret": creds.AccessKeySecret, "STS token": creds.SecurityToken, "OIDC token": token, "signing key id": creds.AccessKeyID} {
		if strings.Contains(all, s) {
			t.Errorf("the call log holds the %s", what)
		}
	}
	if !strings.Contains(all, "AssumeRoleWithOIDC") || !strings.Contains(all, "RoleSessionName") {
		t.Fatalf("the calls are not logged: %s", all)
	}
	for _, n := range []string{"Password", "NewPassword", "OIDCToken", "SAMLAssertion", "SecurityToken", "Signature", "AccessKeyId", "AuthenticationCode1"} {
		if !secretParam(n) {
			t.Errorf("%s is not treated as secret", n)
		}
	}
}
