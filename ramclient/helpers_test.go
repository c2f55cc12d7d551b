package ramclient

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// startSim starts an in-process ramsim on 127.0.0.1:0 and returns it with a Client signed in as
// the demo's ops-admin RAM user (AdministratorAccess).
func startSim(t testing.TB, opts ramsim.Options, copts ...func(*Options)) (*ramsim.Running, *Client) {
	t.Helper()
	sim, err := ramsim.Start(opts, "127.0.0.1:0")
	if err != nil {
		t.Fatalf("ramsim.Start: %v", err)
	}
	t.Cleanup(func() { sim.Close() })
	if opts.Seed != "" && opts.Seed != "demo" {
		return sim, clientRoot(t, sim, copts...)
	}
	return sim, clientAs(t, sim, "ops-admin", copts...)
}

// clientRoot returns a Client signed with the account's root key (the scale and empty seeds
// have no ops-admin).
func clientRoot(t testing.TB, sim *ramsim.Running, copts ...func(*Options)) *Client {
	t.Helper()
	id, secret := sim.Account().RootKey()
	return newClient(t, sim.Endpoint, Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: "test root"}, copts...)
}

// clientAs issues a fresh AccessKey for user and returns a Client using it.
func clientAs(t testing.TB, sim *ramsim.Running, user string, copts ...func(*Options)) *Client {
	t.Helper()
	id, secret, err := sim.Account().IssueAccessKey(user)
	if err != nil {
		t.Fatalf("IssueAccessKey(%s): %v", user, err)
	}
	return newClient(t, sim.Endpoint, Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: "test"}, copts...)
}

func newClient(t testing.TB, endpoint string, creds Credentials, copts ...func(*Options)) *Client {
	t.Helper()
	o := Options{Endpoint: endpoint, Credentials: creds, Retry: RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}}
	for _, f := range copts {
		f(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wantKind fails unless err is an *Error of kind k.
func wantKind(t testing.TB, err error, k Kind) *Error {
	t.Helper()
	if err == nil {
		t.Fatalf("want a %v error, got nil", k)
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("want *Error of kind %v, got %T: %v", k, err, err)
	}
	if e.Kind != k {
		t.Fatalf("want kind %v, got %v: %v", k, e.Kind, err)
	}
	return e
}

func mustOK(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// noSecrets fails if any call log field contains one of the secrets.
func noSecrets(t testing.TB, c *Client, secrets ...string) {
	t.Helper()
	for _, e := range c.Log().Entries() {
		fields := []string{e.Action, e.Target, e.Outcome, e.RequestID, e.Message, e.Hint}
		for _, p := range e.Params {
			fields = append(fields, p.Name, p.Value)
		}
		for _, f := range fields {
			for _, s := range secrets {
				if s != "" && strings.Contains(f, s) {
					t.Fatalf("call log entry %d (%s) holds a secret", e.Seq, e.Action)
				}
			}
		}
	}
}

// sentCalls counts the logged calls that were sent (refused ones are logged too).
func sentCalls(c *Client) int {
	n := 0
	for _, e := range c.Log().Entries() {
		if !e.Refused() {
			n++
		}
	}
	return n
}
