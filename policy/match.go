package policy

import (
	"strings"
	"unicode/utf8"
)

// glob is a precompiled wildcard pattern: '*' matches any run of characters (including
// none, and including '/' and ':'), '?' matches exactly one character. Common shapes get a
// fast path so that a decision does no backtracking for "oss:*", "ecs:Describe*", "*" or
// exact names.
type glob struct {
	kind globKind
	pat  string // the pattern; ASCII-lowercased when fold
	lit  string // exact/prefix/suffix: the literal part
	fold bool   // ASCII case-insensitive (actions, principals)
}

type globKind uint8

const (
	globAny globKind = iota
	globExact
	globPrefix // "lit*"
	globSuffix // "*lit"
	globGeneral
)

func newGlob(pattern string, fold bool) glob {
	if fold {
		pattern = lowerASCII(pattern)
	}
	g := glob{pat: pattern, fold: fold, kind: globGeneral}
	stars := strings.Count(pattern, "*")
	switch {
	case strings.Contains(pattern, "?"):
	case pattern == "*":
		g.kind = globAny
	case stars == 0:
		g.kind, g.lit = globExact, pattern
	case stars == 1 && strings.HasSuffix(pattern, "*"):
		g.kind, g.lit = globPrefix, pattern[:len(pattern)-1]
	case stars == 1 && strings.HasPrefix(pattern, "*"):
		g.kind, g.lit = globSuffix, pattern[1:]
	}
	return g
}

func (g *glob) match(s string) bool {
	switch g.kind {
	case globAny:
		return true
	case globExact:
		return len(s) == len(g.lit) && equalLit(g.lit, s, g.fold)
	case globPrefix:
		return len(s) >= len(g.lit) && equalLit(g.lit, s[:len(g.lit)], g.fold)
	case globSuffix:
		return len(s) >= len(g.lit) && equalLit(g.lit, s[len(s)-len(g.lit):], g.fold)
	}
	return globMatch(g.pat, s, g.fold)
}

// equalLit compares a literal with s of the same length; with fold, lit is lower-case ASCII.
func equalLit(lit, s string, fold bool) bool {
	if !fold {
		return lit == s
	}
	for i := 0; i < len(lit); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lit[i] {
			return false
		}
	}
	return true
}

// globMatch is the classic linear-backtracking wildcard matcher (only the last '*' is
// retried), advancing by whole runes so that '?' is one character even in Chinese keys.
func globMatch(p, s string, fold bool) bool {
	px, sx := 0, 0
	starPx, starSx := -1, 0
	for px < len(p) || sx < len(s) {
		if px < len(p) {
			switch c := p[px]; c {
			case '*':
				starPx, starSx = px, sx
				px++
				continue
			case '?':
				if sx < len(s) {
					sx += runeLen(s, sx)
					px++
					continue
				}
			default:
				if sx < len(s) {
					d := s[sx]
					if fold && 'A' <= d && d <= 'Z' {
						d += 'a' - 'A'
					}
					if c == d {
						px++
						sx++
						continue
					}
				}
			}
		}
		if starPx >= 0 && starSx < len(s) {
			starSx += runeLen(s, starSx)
			px, sx = starPx+1, starSx
			continue
		}
		return false
	}
	return true
}

func runeLen(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func matchAny(gs []glob, s string) bool {
	for i := range gs {
		if gs[i].match(s) {
			return true
		}
	}
	return false
}
