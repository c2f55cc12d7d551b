package policy

import (
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	pols := []Named{named(t, "oss-dir", "Custom", ossDirPolicy, Permission),
		named(t, "guard", "Custom", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:Delete*","Resource":"*"}]}`, Permission)}
	obj := "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt"
	for _, tt := range []struct {
		r    Result
		want string
	}{
		{Evaluate(Request{Action: "oss:GetObject", Resource: obj}, pols), "Allowed by oss-dir (Custom) Statement[1]"},
		{Evaluate(Request{Action: "oss:DeleteObject", Resource: obj}, pols), "Explicitly denied by guard (Custom) Statement[0]"},
		{Evaluate(Request{Action: "ecs:RunInstances", Resource: "*"}, pols), "Implicitly denied: no policy allows"},
		{EvaluateSession(Request{Action: "oss:PutObject", Resource: obj}, pols[:1],
			&Named{Name: "s", Type: "Session", Doc: mustParse(t, allow("oss:GetObject", "*"), Session)}), "session policy does not"},
		{Trusts(trustDoc(t, `{"RAM":"1"}`, ""), Caller{Type: CallerUser, AccountID: "2", Name: "x"}, nil), "trust policy does not trust"},
		{Trusts(trustDoc(t, `{"RAM":"1"}`, ""), Caller{Type: CallerUser, AccountID: "1", Name: "x"}, nil), "Allowed by trust policy Statement[0]"},
	} {
		if got := tt.r.Explain(); !strings.HasPrefix(got, tt.want) && !strings.Contains(got, tt.want) {
			t.Errorf("Explain() = %q, want %q", got, tt.want)
		}
	}
}

func TestTrace(t *testing.T) {
	pols := []Named{named(t, "oss-dir", "Custom", ossDirPolicy, Permission)}
	tr := Trace(Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:oss-test", Context: Context{"oss:Prefix": {"other/"}}}, pols)
	if len(tr) != 2 {
		t.Fatalf("trace = %+v", tr)
	}
	if s := tr[0]; !s.Action || !s.Resource || s.Conditions || s.Applies || s.Failed != `StringLike "oss:Prefix"` {
		t.Errorf("statement 0: %+v", s)
	}
	if s := tr[1]; s.Action || s.Resource || !s.Conditions || s.Applies {
		t.Errorf("statement 1: %+v", s)
	}
	tt := TraceTrust(trustDoc(t, `{"RAM":"456"}`, `{"StringEquals":{"sts:ExternalId":"x"}}`), Caller{Type: CallerUser, AccountID: "456", Name: "u"}, nil)
	if len(tt) != 1 || !tt[0].Action || !tt[0].Principal || tt[0].Conditions || tt[0].Failed != `StringEquals "sts:ExternalId"` {
		t.Errorf("trust trace = %+v", tt)
	}
}
