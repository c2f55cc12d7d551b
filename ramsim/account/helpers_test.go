package account

import (
	"encoding/json"
	"testing"
	"time"
)

// fixedClock is a settable clock for tests.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

var testStart = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func newTestAccount(t *testing.T, seed string) (*Account, *fixedClock) {
	t.Helper()
	clk := &fixedClock{t: testStart}
	a, err := New(Options{Seed: seed, Clock: clk.now})
	if err != nil {
		t.Fatalf("New(%q): %v", seed, err)
	}
	return a, clk
}

func (a *Account) rootIdentity() Identity {
	id, _ := a.RootKey()
	return Identity{Type: IdentityRoot, AccountID: a.ID(), AccessKeyID: id}
}

// userIdentity issues a key for userName and returns the identity it stands for.
func userIdentity(t *testing.T, a *Account, userName string) Identity {
	t.Helper()
	id, _, err := a.IssueAccessKey(userName)
	if err != nil {
		t.Fatalf("IssueAccessKey(%s): %v", userName, err)
	}
	cred, e := a.Credential(id)
	if e != nil {
		t.Fatalf("Credential: %v", e)
	}
	return cred.Identity
}

// call runs an action and returns the response decoded from its JSON form (what the wire sends).
func invoke(t *testing.T, a *Account, who Identity, action string, params map[string]string) (map[string]any, *Error) {
	t.Helper()
	product := RAM
	if action == "AssumeRole" || action == "GetCallerIdentity" {
		product = STS
	}
	resp, _, err := a.Invoke(Request{Product: product, Action: action, Params: params, Caller: who, SourceIP: "127.0.0.1"})
	if err != nil {
		return nil, err
	}
	b, jerr := json.Marshal(resp)
	if jerr != nil {
		t.Fatalf("%s: response does not marshal: %v", action, jerr)
	}
	var out map[string]any
	if jerr := json.Unmarshal(b, &out); jerr != nil {
		t.Fatalf("%s: response is not an object: %s", action, b)
	}
	return out, nil
}

func mustCall(t *testing.T, a *Account, who Identity, action string, params map[string]string) map[string]any {
	t.Helper()
	out, err := invoke(t, a, who, action, params)
	if err != nil {
		t.Fatalf("%s %v: %v", action, params, err)
	}
	return out
}

func wantErr(t *testing.T, a *Account, who Identity, action string, params map[string]string, status int, code string) *Error {
	t.Helper()
	_, err := invoke(t, a, who, action, params)
	if err == nil {
		t.Fatalf("%s %v: succeeded, want %d %s", action, params, status, code)
	}
	if err.Status != status || err.Code != code {
		t.Fatalf("%s %v: got %d %s (%s), want %d %s", action, params, err.Status, err.Code, err.Message, status, code)
	}
	return err
}

// dig walks a decoded JSON value: dig(v, "Users", "User").
func dig(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}
