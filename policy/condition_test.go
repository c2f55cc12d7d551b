package policy

import "testing"

// condAllows evaluates an Allow-all statement guarded by one condition block.
func condAllows(t *testing.T, cond string, ctx Context) bool {
	t.Helper()
	d := mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":`+cond+`}]}`, Permission)
	return Evaluate(Request{Action: "a:b", Resource: "acs:x", Context: ctx}, []Named{{Name: "p", Doc: d}}).Decision == Allowed
}

func TestConditionOperators(t *testing.T) {
	none := Context(nil)
	tests := []struct {
		name string
		cond string
		ctx  Context
		want bool
	}{
		// String*
		{"StringEquals hit", `{"StringEquals":{"a:k":["x","y"]}}`, Context{"a:k": {"y"}}, true},
		{"StringEquals case", `{"StringEquals":{"a:k":"x"}}`, Context{"a:k": {"X"}}, false},
		{"StringEquals missing", `{"StringEquals":{"a:k":"x"}}`, none, false},
		{"StringEquals empty values", `{"StringEquals":{"a:k":"x"}}`, Context{"a:k": {}}, false},
		{"StringEquals multi ctx", `{"StringEquals":{"a:k":"x"}}`, Context{"a:k": {"q", "x"}}, true},
		{"StringEquals key case", `{"StringEquals":{"A:K":"x"}}`, Context{"a:k": {"x"}}, true},
		{"StringEquals key mixed", `{"StringEquals":{"acs:SourceVpc":"v"}}`, Context{"ACS:sourcevpc": {"v"}}, true},
		{"StringNotEquals hit", `{"StringNotEquals":{"a:k":"x"}}`, Context{"a:k": {"y"}}, true},
		{"StringNotEquals miss", `{"StringNotEquals":{"a:k":"x"}}`, Context{"a:k": {"x"}}, false},
		{"StringNotEquals missing", `{"StringNotEquals":{"a:k":"x"}}`, none, true},
		{"StringNotEquals multi ctx", `{"StringNotEquals":{"a:k":"x"}}`, Context{"a:k": {"y", "x"}}, false},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"a:k":"Prod"}}`, Context{"a:k": {"PROD"}}, true},
		{"StringEqualsIgnoreCase miss", `{"StringEqualsIgnoreCase":{"a:k":"Prod"}}`, Context{"a:k": {"dev"}}, false},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase":{"a:k":"Prod"}}`, Context{"a:k": {"prod"}}, false},
		{"StringNotEqualsIgnoreCase missing", `{"StringNotEqualsIgnoreCase":{"a:k":"Prod"}}`, none, true},
		{"StringLike", `{"StringLike":{"a:k":"dir/*"}}`, Context{"a:k": {"dir/x/y"}}, true},
		{"StringLike ?", `{"StringLike":{"a:k":"a?c"}}`, Context{"a:k": {"abc"}}, true},
		{"StringLike ? one char", `{"StringLike":{"a:k":"a?c"}}`, Context{"a:k": {"abbc"}}, false},
		{"StringLike case", `{"StringLike":{"a:k":"Dir/*"}}`, Context{"a:k": {"dir/x"}}, false},
		{"StringLike missing", `{"StringLike":{"a:k":"*"}}`, none, false},
		{"StringLike empty value", `{"StringLike":{"a:k":"*"}}`, Context{"a:k": {""}}, true},
		{"StringNotLike", `{"StringNotLike":{"a:k":"dir/*"}}`, Context{"a:k": {"other/"}}, true},
		{"StringNotLike miss", `{"StringNotLike":{"a:k":"dir/*"}}`, Context{"a:k": {"dir/a"}}, false},
		{"StringNotLike missing", `{"StringNotLike":{"a:k":"dir/*"}}`, none, true},
		// Numeric*
		{"NumericEquals", `{"NumericEquals":{"a:n":"10"}}`, Context{"a:n": {"10.0"}}, true},
		{"NumericEquals miss", `{"NumericEquals":{"a:n":"10"}}`, Context{"a:n": {"11"}}, false},
		{"NumericEquals not a number", `{"NumericEquals":{"a:n":"10"}}`, Context{"a:n": {"ten"}}, false},
		{"NumericEquals missing", `{"NumericEquals":{"a:n":"10"}}`, none, false},
		{"NumericNotEquals", `{"NumericNotEquals":{"a:n":"10"}}`, Context{"a:n": {"11"}}, true},
		{"NumericNotEquals miss", `{"NumericNotEquals":{"a:n":"10"}}`, Context{"a:n": {"1e1"}}, false},
		{"NumericNotEquals missing", `{"NumericNotEquals":{"a:n":"10"}}`, none, true},
		{"NumericLessThan", `{"NumericLessThan":{"a:n":"10"}}`, Context{"a:n": {"9.5"}}, true},
		{"NumericLessThan equal", `{"NumericLessThan":{"a:n":"10"}}`, Context{"a:n": {"10"}}, false},
		{"NumericLessThanEquals", `{"NumericLessThanEquals":{"a:n":"10"}}`, Context{"a:n": {"10"}}, true},
		{"NumericLessThanEquals over", `{"NumericLessThanEquals":{"a:n":"10"}}`, Context{"a:n": {"10.01"}}, false},
		{"NumericGreaterThan", `{"NumericGreaterThan":{"a:n":"-3"}}`, Context{"a:n": {"-2"}}, true},
		{"NumericGreaterThan equal", `{"NumericGreaterThan":{"a:n":"-3"}}`, Context{"a:n": {"-3"}}, false},
		{"NumericGreaterThanEquals", `{"NumericGreaterThanEquals":{"a:n":"5"}}`, Context{"a:n": {"5"}}, true},
		{"NumericGreaterThanEquals under", `{"NumericGreaterThanEquals":{"a:n":"5"}}`, Context{"a:n": {"4"}}, false},
		{"Numeric values OR", `{"NumericEquals":{"a:n":["1","2"]}}`, Context{"a:n": {"2"}}, true},
		// Date*
		{"DateEquals zones", `{"DateEquals":{"acs:CurrentTime":"2026-01-02T08:00:00+08:00"}}`, Context{"acs:CurrentTime": {"2026-01-02T00:00:00Z"}}, true},
		{"DateEquals epoch", `{"DateEquals":{"acs:CurrentTime":"1767312000"}}`, Context{"acs:CurrentTime": {"2026-01-02T00:00:00Z"}}, true},
		{"DateEquals date only", `{"DateEquals":{"acs:CurrentTime":"2026-01-02"}}`, Context{"acs:CurrentTime": {"2026-01-02T00:00:00Z"}}, true},
		{"DateEquals miss", `{"DateEquals":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"2026-01-02T00:00:01Z"}}, false},
		{"DateEquals bad ctx", `{"DateEquals":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"yesterday"}}, false},
		{"DateNotEquals", `{"DateNotEquals":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"2026-01-03T00:00:00Z"}}, true},
		{"DateNotEquals miss", `{"DateNotEquals":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"2026-01-02T00:00:00.000Z"}}, false},
		{"DateNotEquals missing", `{"DateNotEquals":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, none, true},
		{"DateLessThan", `{"DateLessThan":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"2026-01-01T23:59:59Z"}}, true},
		{"DateLessThan equal", `{"DateLessThan":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"2026-01-02T00:00:00Z"}}, false},
		{"DateLessThan missing", `{"DateLessThan":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, none, false},
		{"DateLessThanEquals", `{"DateLessThanEquals":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"2026-01-02T00:00:00Z"}}, true},
		{"DateGreaterThan", `{"DateGreaterThan":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"2026-01-02T00:00:00.5Z"}}, true},
		{"DateGreaterThan equal", `{"DateGreaterThan":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"2026-01-02T00:00:00Z"}}, false},
		{"DateGreaterThanEquals", `{"DateGreaterThanEquals":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"1767312000"}}, true},
		{"DateGreaterThanEquals under", `{"DateGreaterThanEquals":{"acs:CurrentTime":"2026-01-02T00:00:00Z"}}`, Context{"acs:CurrentTime": {"1767311999"}}, false},
		// Bool
		{"Bool true", `{"Bool":{"acs:SecureTransport":"true"}}`, Context{"acs:SecureTransport": {"true"}}, true},
		{"Bool case", `{"Bool":{"acs:SecureTransport":"True"}}`, Context{"acs:SecureTransport": {"TRUE"}}, true},
		{"Bool false ctx", `{"Bool":{"acs:SecureTransport":"true"}}`, Context{"acs:SecureTransport": {"false"}}, false},
		{"Bool false", `{"Bool":{"acs:MFAPresent":"false"}}`, Context{"acs:MFAPresent": {"false"}}, true},
		{"Bool missing", `{"Bool":{"acs:MFAPresent":"false"}}`, none, false},
		{"Bool junk ctx", `{"Bool":{"acs:MFAPresent":"true"}}`, Context{"acs:MFAPresent": {"1"}}, false},
		// IP
		{"IpAddress cidr", `{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}`, Context{"acs:SourceIp": {"10.1.2.3"}}, true},
		{"IpAddress cidr out", `{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}`, Context{"acs:SourceIp": {"11.1.2.3"}}, false},
		{"IpAddress plain", `{"IpAddress":{"acs:SourceIp":"192.168.0.1"}}`, Context{"acs:SourceIp": {"192.168.0.1"}}, true},
		{"IpAddress plain out", `{"IpAddress":{"acs:SourceIp":"192.168.0.1"}}`, Context{"acs:SourceIp": {"192.168.0.2"}}, false},
		{"IpAddress host bits", `{"IpAddress":{"acs:SourceIp":"192.168.7.9/16"}}`, Context{"acs:SourceIp": {"192.168.200.1"}}, true},
		{"IpAddress v6", `{"IpAddress":{"acs:SourceIp":"2001:db8::/32"}}`, Context{"acs:SourceIp": {"2001:db8:1::5"}}, true},
		{"IpAddress v6 out", `{"IpAddress":{"acs:SourceIp":"2001:db8::/32"}}`, Context{"acs:SourceIp": {"2001:db9::5"}}, false},
		{"IpAddress v4 vs v6", `{"IpAddress":{"acs:SourceIp":"2001:db8::/32"}}`, Context{"acs:SourceIp": {"10.0.0.1"}}, false},
		{"IpAddress mapped", `{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}`, Context{"acs:SourceIp": {"::ffff:10.0.0.1"}}, true},
		{"IpAddress mapped policy", `{"IpAddress":{"acs:SourceIp":"::ffff:10.0.0.0/104"}}`, Context{"acs:SourceIp": {"10.9.9.9"}}, true},
		{"IpAddress list", `{"IpAddress":{"acs:SourceIp":["1.1.1.1","10.0.0.0/8"]}}`, Context{"acs:SourceIp": {"10.0.0.1"}}, true},
		{"IpAddress junk ctx", `{"IpAddress":{"acs:SourceIp":"0.0.0.0/0"}}`, Context{"acs:SourceIp": {"localhost"}}, false},
		{"IpAddress missing", `{"IpAddress":{"acs:SourceIp":"0.0.0.0/0"}}`, none, false},
		{"NotIpAddress", `{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}`, Context{"acs:SourceIp": {"11.0.0.1"}}, true},
		{"NotIpAddress in", `{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}`, Context{"acs:SourceIp": {"10.0.0.1"}}, false},
		{"NotIpAddress missing", `{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}`, none, true},
		// Combination: keys AND, operators AND.
		{"keys AND both", `{"StringEquals":{"a:x":"1","a:y":"2"}}`, Context{"a:x": {"1"}, "a:y": {"2"}}, true},
		{"keys AND one", `{"StringEquals":{"a:x":"1","a:y":"2"}}`, Context{"a:x": {"1"}}, false},
		{"operators AND both", `{"StringEquals":{"a:x":"1"},"Bool":{"a:b":"true"}}`, Context{"a:x": {"1"}, "a:b": {"true"}}, true},
		{"operators AND one", `{"StringEquals":{"a:x":"1"},"Bool":{"a:b":"true"}}`, Context{"a:x": {"1"}, "a:b": {"false"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := condAllows(t, tt.cond, tt.ctx); got != tt.want {
				t.Errorf("condition %s with %v: %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pat, s string
		fold   bool
		want   bool
	}{
		{"", "", false, true},
		{"", "a", false, false},
		{"*", "", false, true},
		{"**", "abc", false, true},
		{"a*", "a", false, true},
		{"*a", "ba", false, true},
		{"*a", "ab", false, false},
		{"a*b*c", "aXbYc", false, true},
		{"a*b*c", "aXbYcZ", false, false},
		{"a*b?c", "abbbxc", false, true},
		{"?", "中", false, true},
		{"??", "中", false, false},
		{"*??", "中", false, false},
		{"*?", "中文", false, true},
		{"a*中", "ab中", false, true},
		{"ABC", "abc", true, false}, // pattern must be lower-cased by newGlob
		{"a?c", "AbC", true, true},
		{"*x*y*z*", "--x--y--", false, false},
	}
	for _, tt := range tests {
		if got := globMatch(tt.pat, tt.s, tt.fold); got != tt.want {
			t.Errorf("globMatch(%q, %q, %v) = %v, want %v", tt.pat, tt.s, tt.fold, got, tt.want)
		}
		g := newGlob(tt.pat, tt.fold)
		want := globMatch(g.pat, tt.s, tt.fold)
		if got := g.match(tt.s); got != want {
			t.Errorf("newGlob(%q).match(%q) = %v, general matcher says %v", tt.pat, tt.s, got, want)
		}
	}
}
