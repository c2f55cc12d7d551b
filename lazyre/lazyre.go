// Package lazyre holds a regular expression that is compiled on first use.
//
// Validation patterns sit in package variables, and Go compiles those at start-up for every
// command, even `ramtui version`, which uses none of them. A counted repetition such as
// `{1,128}` costs about 1,400 allocations to compile, so ramclient's patterns alone were
// 12,000 allocations of every start. A pattern is still checked by the tests that use it: a
// typo panics there, as regexp.MustCompile would at start-up.
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a pattern compiled the first time it is used; safe for concurrent use.
type Regexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

// New returns the pattern expr, not yet compiled.
func New(expr string) *Regexp { return &Regexp{expr: expr} }

// Compiled returns the compiled pattern; it panics on a bad pattern, as regexp.MustCompile does.
func (r *Regexp) Compiled() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.expr) })
	return r.re
}

// MatchString reports whether s contains a match of the pattern.
func (r *Regexp) MatchString(s string) bool { return r.Compiled().MatchString(s) }

// String returns the source text of the pattern.
func (r *Regexp) String() string { return r.expr }
