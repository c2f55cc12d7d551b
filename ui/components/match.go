package components

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The filter is a simple two-step match chosen for speed over sahilm/fuzzy (which ranks and
// allocates per candidate). The query is split on spaces; case is ignored.
//   - Exact: every term is a substring of the row's text. When any row matches this way, only
//     those rows show ("ecs" lists the ECS policies).
//   - Fuzzy, only when nothing matches exactly: every term is a substring of the row or a
//     subsequence of its first column, the name ("oadm" finds "ops-admin"). Subsequences are
//     limited to the name because across descriptions almost any short word matches.
// Rows keep their sort order instead of being ranked, which keeps the list stable while typing.
// Row text is lower-cased once, when the row is added.

// query is a parsed filter.
type query struct {
	terms  []string
	bterms [][]byte // the same, for searching the rows' text (rowText)
}

func parseQuery(s string) query {
	q := query{terms: strings.Fields(strings.ToLower(s))}
	for _, t := range q.terms {
		q.bterms = append(q.bterms, []byte(t))
	}
	return q
}

func (q query) empty() bool { return len(q.terms) == 0 }

// matchExact reports whether every term is a substring of hay (lower-case).
func (q query) matchExact(hay []byte) bool {
	for _, t := range q.bterms {
		if !bytes.Contains(hay, t) {
			return false
		}
	}
	return true
}

// match reports whether every term is a substring of hay or a subsequence of name (both
// already lower-case).
func (q query) match(hay, name []byte) bool {
	for i, t := range q.terms {
		if !bytes.Contains(hay, q.bterms[i]) && !subsequence(name, t) {
			return false
		}
	}
	return true
}

func subsequence(hay []byte, needle string) bool {
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
	for _, r := range string(hay) { // no copy: the compiler sees the conversion only ranges
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
