package policy

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: Parse never panics, fails only with *Error, and accepted documents survive
// Pretty/Compact and a re-parse unchanged (the size check is skipped for the re-parse:
// the canonical form may be longer than the input).
func FuzzParse(f *testing.F) {
	for _, c := range seedCorpus {
		f.Add(c.doc, uint8(c.kind))
	}
	f.Add(ossDirPolicy, uint8(Session))
	for _, sp := range SystemPolicies()[:5] {
		f.Add(sp.Document, uint8(Permission))
	}
	if d, err := TrustOIDCPolicy("acs:ram::1:oidc-provider/ack", "https://i", []string{"sts.aliyuncs.com"}, []string{"system:serviceaccount:a:b"}); err == nil {
		f.Add(d.Pretty(), uint8(Trust))
	}
	f.Fuzz(func(t *testing.T, doc string, k uint8) {
		kind := Kind(k % 3)
		d, err := Parse(doc, kind)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Code == "" || pe.Message == "" {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		pretty := d.Pretty()
		d2, perr := parse(pretty, kind, false)
		if perr != nil {
			t.Fatalf("Pretty output does not parse: %v\n%s", perr, pretty)
		}
		if !d.Equal(d2) || d2.Pretty() != pretty {
			t.Fatalf("round trip changed the document\n%s\n%s", pretty, d2.Pretty())
		}
		d3, perr := parse(d.Compact(), kind, false)
		if perr != nil || !d.Equal(d3) || d3.Compact() != d.Compact() {
			t.Fatalf("Compact round trip failed: %v", perr)
		}
		// Evaluation must not panic either.
		Evaluate(Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:b/x", Context: Context{"acs:SourceIp": {"10.0.0.1"}}},
			[]Named{{Name: "f", Doc: d}})
		Trusts(d, Caller{Type: CallerUser, AccountID: "1", Name: "u"}, nil)
		Lint(d, kind, doc)
	})
}

// FuzzGlob compares the matcher with a regexp built from the same pattern.
func FuzzGlob(f *testing.F) {
	for _, s := range [][2]string{{"a*b?c", "aXbYc"}, {"*", ""}, {"?", "中"}, {"acs:oss:*:*:b/*", "acs:oss:*:*:b/x"}, {"*??", "中"}} {
		f.Add(s[0], s[1], false)
	}
	f.Fuzz(func(t *testing.T, pat, s string, fold bool) {
		if !utf8.ValidString(pat) || !utf8.ValidString(s) {
			return // regexp treats invalid UTF-8 differently; policies are valid UTF-8
		}
		var re strings.Builder
		re.WriteString(`(?s)^`)
		p := pat
		if fold {
			p = lowerASCII(pat)
		}
		for _, r := range p {
			switch r {
			case '*':
				re.WriteString(`.*`)
			case '?':
				re.WriteString(`.`)
			default:
				re.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		re.WriteString(`$`)
		subject := s
		if fold {
			subject = lowerASCII(s)
		}
		want := regexp.MustCompile(re.String()).MatchString(subject)
		g := newGlob(pat, fold)
		if got := g.match(s); got != want {
			t.Fatalf("glob %q (fold=%v) on %q: %v, regexp says %v", pat, fold, s, got, want)
		}
	})
}
