// Package safetext makes text that came from outside the program (names, comments,
// descriptions and documents from the API, the contents of files) safe to draw on a terminal or
// print: no control character, escape sequence or invalid UTF-8 reaches the terminal, and what
// was there stays visible instead of silently vanishing (an ESC shows as `\x1b`), so an admin
// can see that a comment carries an escape sequence.
//
// It is the one choke point for the whole program: screens draw outside strings through it,
// commands print them through it. Standard library only, so every layer may use it.
package safetext

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Line makes s safe to draw on one line: every control character, including newline and tab,
// is shown escaped (`\n`, `\t`, `\x1b`), as are invalid UTF-8 bytes (`\xff`) and the Unicode
// controls that reorder or hide text (bidi overrides, zero-width joiners are kept: CJK and emoji
// need them).
func Line(s string) string { return clean(s, false) }

// Block is Line for multi-line text (documents, messages): newlines and tabs are kept, a
// carriage return is shown escaped (it would let a line overwrite itself).
func Block(s string) string { return clean(s, true) }

// clean returns s itself when nothing needs escaping, so the common case costs one scan and
// no allocation.
func clean(s string, multiline bool) string {
	if safe(s, multiline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case unsafeRune(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func safe(s string, multiline bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !(multiline && (c == '\n' || c == '\t')) {
					return false
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unsafeRune(r) {
			return false
		}
		i += size
	}
	return true
}

// unsafeRune reports the runes a terminal acts on rather than draws: C0 and C1 controls, DEL,
// and the bidirectional formatting characters that can make text read differently from what
// it is ("Trojan Source").
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

func escapeRune(r rune) string {
	if r < 0x100 {
		return `\x` + hex2(byte(r))
	}
	return `\u` + strings.Repeat("0", 4-len(strconv.FormatInt(int64(r), 16))) + strconv.FormatInt(int64(r), 16)
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
