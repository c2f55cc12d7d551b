package components

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/theme"
)

// HighlightJSON pretty-prints a JSON document (2-space indent) and colours it: keys, strings,
// numbers, literals (true/false/null) and punctuation. It is a small hand-written tokenizer
// rather than chroma: policy documents are small, chroma is a large dependency, and JSON has
// only these five token kinds. Input that is not valid JSON is returned as plain text with
// ok=false, so a broken document is still shown as it is.
func HighlightJSON(th *theme.Theme, doc string) (out string, ok bool) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(strings.TrimSpace(doc)), "", "  "); err != nil {
		return oneLineEach(doc), false
	}
	src := buf.String()
	var b strings.Builder
	b.Grow(len(src) * 2)
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '"':
			j := stringEnd(src, i)
			tok := src[i:j]
			st := th.JSONString
			if nextNonSpace(src, j) == ':' {
				st = th.JSONKey
			}
			writeStyled(&b, st, tok)
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(src) && strings.IndexByte("0123456789.eE+-", src[j]) >= 0 {
				j++
			}
			writeStyled(&b, th.JSONNumber, src[i:j])
			i = j
		case c == 't' || c == 'f' || c == 'n':
			j := i
			for j < len(src) && src[j] >= 'a' && src[j] <= 'z' {
				j++
			}
			writeStyled(&b, th.JSONLit, src[i:j])
			i = j
		case strings.IndexByte("{}[]:,", c) >= 0:
			writeStyled(&b, th.JSONPunct, src[i:i+1])
			i++
		default: // whitespace and newlines
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), true
}

// stringEnd returns the index just past the closing quote of the string starting at i.
func stringEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(s)
}

func nextNonSpace(s string, i int) byte {
	for ; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r' {
			return s[i]
		}
	}
	return 0
}

func writeStyled(b *strings.Builder, st lipgloss.Style, tok string) {
	// Tokens never span lines (json.Indent escapes newlines inside strings), so styling a
	// token cannot break the line structure.
	b.WriteString(st.Render(safetext.Line(tok))) // a string may hold bidi controls or bad UTF-8
}

func oneLineEach(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = safetext.Line(l)
	}
	return strings.Join(lines, "\n")
}
