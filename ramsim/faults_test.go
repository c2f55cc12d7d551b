package ramsim

import (
	"net/http"
	"net/url"
	"testing"
)

// --errors: every request is answered 500 InternalError or 503 ServiceUnavailable, and nothing
// is applied.
func TestInjectedErrorsApplyNothing(t *testing.T) {
	sim := startSim(t, Options{Seed: "empty", ErrorRate: 1})
	codes := map[string]bool{}
	for i := range 20 {
		r := v1(t, sim, "CreateUser", map[string]string{"UserName": "u" + string(rune('a'+i))})
		if !(r.Status == 500 && r.code() == "InternalError" || r.Status == 503 && r.code() == "ServiceUnavailable") {
			t.Fatalf("injected error: %d %s", r.Status, r.Raw)
		}
		codes[r.code()] = true
	}
	if len(codes) != 2 {
		t.Errorf("20 injected errors, codes %v: want both 500 and 503", codes)
	}
	if _, _, err := sim.Account().IssueAccessKey("ua"); err == nil {
		t.Fatal("a user was created although every answer was an error")
	}
}

// --resets: the change is applied (and saved), but the connection is closed without an answer.
func TestInjectedResetsApplyThenDrop(t *testing.T) {
	sim := startSim(t, Options{Seed: "empty", ResetRate: 1})
	p := commonV1(rootID, "CreateUser", versionRAM)
	p["UserName"] = "applied"
	p["Signature"] = testSign(rootSecret, http.MethodGet, p)
	q := url.Values{}
	for k, v := range p {
		q.Set(k, v)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://"+sim.Endpoint+"/?"+q.Encode(), nil)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got an answer (%d) from a reset request", resp.StatusCode)
	}
	if _, _, err := sim.Account().IssueAccessKey("applied"); err != nil {
		t.Fatalf("the change of a reset request was not applied: %v", err)
	}
}
