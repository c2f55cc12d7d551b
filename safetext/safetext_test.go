package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"运维-张三", "运维-张三"},
		{"hi\x1b]0;PWNED\a\x1b[2J", `hi\x1b]0;PWNED\x07\x1b[2J`},
		{"two\nlines\tand\rcr", `two\nlines\tand\rcr`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"c1\u009bcsi", `c1\x9bcsi`},
		{"del\x7f", `del\x7f`},
		{"bidi\u202eevil", `bidi\u202eevil`},
		{"emoji 👩‍💻 zwj", "emoji 👩‍💻 zwj"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestBlockKeepsNewlinesAndTabs(t *testing.T) {
	in := "{\n\t\"a\": \"\x1b[31mred\"\r\n}"
	want := "{\n\t\"a\": \"\\x1b[31mred\"\\r\n}"
	if got := Block(in); got != want {
		t.Errorf("Block = %q, want %q", got, want)
	}
}

// The output is always valid UTF-8 and never holds a byte a terminal acts on.
func FuzzLine(f *testing.F) {
	for _, s := range []string{"x", "\x1b[2J", "\xff\xfe", "a\u202eb", "中\n文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Line(s), Block(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q: %q", s, out)
			}
			for _, r := range out {
				if r != '\n' && r != '\t' && unsafeRune(r) {
					t.Fatalf("unsafe rune %U left in %q (from %q)", r, out, s)
				}
			}
		}
		if strings.ContainsAny(Line(s), "\n\t") {
			t.Fatalf("Line kept a newline or tab: %q", Line(s))
		}
	})
}

func BenchmarkLineClean(b *testing.B) {
	s := strings.Repeat("ordinary user comment 运维 ", 4)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Line(s)
	}
}
