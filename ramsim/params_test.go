package ramsim

import (
	"net/url"
	"testing"
)

// parseQuery agrees with url.ParseQuery (first value of each name) and refuses what it refuses.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "a=1&b=2&a=3", "a+b=c+d&%41=%42", "x=%zz", "a;b=c", "=v&k=&&k2", "a=%C3%A9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseQuery(s, 0)
		want, wantErr := url.ParseQuery(s)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%q: err %v, url.ParseQuery err %v", s, err, wantErr)
		}
		if err != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %v vs %v", s, got, want)
		}
		for k, vs := range want {
			if got[k] != vs[0] {
				t.Fatalf("%q: %s=%q, want %q", s, k, got[k], vs[0])
			}
		}
	})
}
