package components

import (
	"strings"
	"unicode/utf8"
)

// The filter is a simple fuzzy match chosen for speed over sahilm/fuzzy (which ranks and
// allocates per candidate): the query is split on spaces and every term must appear, case-
// insensitively, either as a substring anywhere in the row's text or as a subsequence of the
// row's first column, its name ("oadm" matches "ops-admin"). Subsequences are limited to the
// name because across a whole row with descriptions almost any short word matches. Rows keep
// their sort order instead of being ranked, which keeps the list stable while typing. Row text
// is lower-cased once, when the row is added.

// query is a parsed filter.
type query struct {
	terms []string
}

func parseQuery(s string) query {
	return query{terms: strings.Fields(strings.ToLower(s))}
}

func (q query) empty() bool { return len(q.terms) == 0 }

// match reports whether every term is a substring of hay or a subsequence of name (both
// already lower-case).
func (q query) match(hay, name string) bool {
	for _, t := range q.terms {
		if !strings.Contains(hay, t) && !subsequence(name, t) {
			return false
		}
	}
	return true
}

func subsequence(hay, needle string) bool {
	if len(needle) > len(hay) {
		return false
	}
	if isASCII(needle) {
		// ASCII bytes never occur inside a multi-byte UTF-8 sequence, so bytes are safe.
		j := 0
		for i := 0; i < len(hay) && j < len(needle); i++ {
			if hay[i] == needle[j] {
				j++
			}
		}
		return j == len(needle)
	}
	n, size := utf8.DecodeRuneInString(needle)
	for _, r := range hay {
		if r == n {
			needle = needle[size:]
			if needle == "" {
				return true
			}
			n, size = utf8.DecodeRuneInString(needle)
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
