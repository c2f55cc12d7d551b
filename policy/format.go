package policy

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Canonical form: keys in the order Version, Statement; in a statement Effect, Principal,
// Action/NotAction, Resource, Condition; in a Principal RAM, Service, Federated; condition
// operators and keys sorted by name (byte order). Every value list is written as an array,
// even with one element. Pretty indents by 2 spaces and writes a one-element array on one
// line; Compact has no whitespace at all. Non-ASCII text is kept as is.

// Pretty returns the canonical indented form; Parse(d.Pretty(), kind) equals d.
func (d *Document) Pretty() string { return d.format(true) }

// Compact returns the canonical form without whitespace.
func (d *Document) Compact() string { return d.format(false) }

// PrettyLines is Pretty with, for each statement, the 0-based first and last line it takes in
// the text: what a screen highlights to show a deciding statement in its document.
func (d *Document) PrettyLines() (string, [][2]int) {
	w := &writer{pretty: true, spans: make([][2]int, 0, len(d.Statement))}
	return d.write(w), w.spans
}

type writer struct {
	b      strings.Builder
	pretty bool
	depth  int
	lines  int      // newlines written so far
	spans  [][2]int // PrettyLines: each statement's first and last line; nil otherwise
}

func (d *Document) format(pretty bool) string { return d.write(&writer{pretty: pretty}) }

func (d *Document) write(w *writer) string {
	pretty := w.pretty
	w.open('{')
	w.key("Version", true)
	w.str(d.Version)
	w.key("Statement", false)
	w.open('[')
	for i := range d.Statement {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.newline()
		first := w.lines
		w.statement(&d.Statement[i])
		if w.spans != nil {
			w.spans = append(w.spans, [2]int{first, w.lines})
		}
	}
	w.close(']', len(d.Statement) == 0)
	w.close('}', false)
	if pretty {
		w.b.WriteByte('\n')
	}
	return w.b.String()
}

func (w *writer) statement(s *Statement) {
	w.open('{')
	w.key("Effect", true)
	w.str(string(s.Effect))
	if s.Principal != nil {
		w.key("Principal", false)
		w.open('{')
		first := true
		for _, kv := range []struct {
			k string
			v []string
		}{{"RAM", s.Principal.RAM}, {"Service", s.Principal.Service}, {"Federated", s.Principal.Federated}} {
			if len(kv.v) == 0 {
				continue
			}
			w.key(kv.k, first)
			first = false
			w.list(kv.v)
		}
		w.close('}', first)
	}
	if len(s.Action) > 0 || len(s.NotAction) == 0 {
		w.key("Action", false)
		w.list(s.Action)
	}
	if len(s.NotAction) > 0 {
		w.key("NotAction", false)
		w.list(s.NotAction)
	}
	if s.Resource != nil {
		w.key("Resource", false)
		w.list(s.Resource)
	}
	if len(s.Condition) > 0 {
		w.key("Condition", false)
		w.open('{')
		for i, op := range sortedKeys(s.Condition) {
			w.key(op, i == 0)
			w.open('{')
			keys := s.Condition[op]
			names := sortedKeys(keys)
			for j, k := range names {
				w.key(k, j == 0)
				w.list(keys[k])
			}
			w.close('}', len(names) == 0)
		}
		w.close('}', false)
	}
	w.close('}', false)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (w *writer) open(c byte) {
	w.b.WriteByte(c)
	w.depth++
}

// close ends an object or array; empty ones stay on one line.
func (w *writer) close(c byte, empty bool) {
	w.depth--
	if !empty {
		w.newline()
	}
	w.b.WriteByte(c)
}

func (w *writer) newline() {
	if !w.pretty {
		return
	}
	w.b.WriteByte('\n')
	w.lines++
	for i := 0; i < w.depth; i++ {
		w.b.WriteString("  ")
	}
}

func (w *writer) key(k string, first bool) {
	if !first {
		w.b.WriteByte(',')
	}
	w.newline()
	w.str(k)
	w.b.WriteByte(':')
	if w.pretty {
		w.b.WriteByte(' ')
	}
}

func (w *writer) list(vals []string) {
	if len(vals) <= 1 {
		w.b.WriteByte('[')
		if len(vals) == 1 {
			w.str(vals[0])
		}
		w.b.WriteByte(']')
		return
	}
	w.open('[')
	for i, v := range vals {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.newline()
		w.str(v)
	}
	w.close(']', false)
}

const hexDigits = "0123456789abcdef"

// str writes a JSON string, escaping only what JSON requires (and invalid UTF-8 as U+FFFD).
func (w *writer) str(s string) {
	b := &w.b
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20 || c == 0x7f:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteString(`\ufffd`)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteByte('"')
}
