package policy

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A small strict JSON parser. encoding/json cannot report duplicate keys or keep key
// positions, and policies need both, so the policy grammar is checked on this tree.

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

type jvalue struct {
	kind jkind
	off  int    // byte offset of the value's first character
	str  string // jString: decoded text; jNumber: the literal; jBool: "true"/"false"
	arr  []*jvalue
	obj  []jmember
}

type jmember struct {
	key    string
	keyOff int
	val    *jvalue
}

// maxDepth bounds nesting; a valid policy nests 6 deep.
const maxDepth = 32

type jparser struct {
	src   string
	pos   int
	depth int
	path  []pathSeg // where the parser is, for duplicate-key errors
}

// pathSeg is an object member name, or an array index when idx >= 0.
type pathSeg struct {
	key string
	idx int
}

func renderPath(segs []pathSeg) string {
	var b strings.Builder
	for i, s := range segs {
		switch {
		case s.idx >= 0:
			b.WriteString("[" + strconv.Itoa(s.idx) + "]")
		case i == 0:
			b.WriteString(s.key)
		default:
			b.WriteString("." + s.key)
		}
	}
	return b.String()
}

// jsyntaxError is a JSON-level error at a byte offset; path is set for duplicate keys.
type jsyntaxError struct {
	off  int
	msg  string
	path string
}

func parseJSON(src string) (*jvalue, *jsyntaxError) {
	if !utf8.ValidString(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRuneInString(src[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		return nil, &jsyntaxError{off: off, msg: "the document is not valid UTF-8"}
	}
	p := &jparser{src: src}
	p.skipSpace()
	if p.pos >= len(src) {
		return nil, &jsyntaxError{off: p.pos, msg: "the document is empty; expected a JSON object"}
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(src) {
		return nil, &jsyntaxError{off: p.pos, msg: "unexpected data after the end of the JSON value: " + p.describe()}
	}
	return v, nil
}

func (p *jparser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// describe names the character at pos for error messages.
func (p *jparser) describe() string {
	if p.pos >= len(p.src) {
		return "end of document"
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	if r == '\uFEFF' {
		return "byte order mark U+FEFF"
	}
	if r < 0x20 || r == 0x7f {
		return "control character " + strconv.QuoteRune(r)
	}
	return strconv.QuoteRune(r)
}

func (p *jparser) errf(msg string) *jsyntaxError { return &jsyntaxError{off: p.pos, msg: msg} }

func (p *jparser) value() (*jvalue, *jsyntaxError) {
	if p.pos >= len(p.src) {
		return nil, p.errf("unexpected end of document; expected a value")
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		off := p.pos
		s, err := p.string()
		if err != nil {
			return nil, err
		}
		return &jvalue{kind: jString, off: off, str: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", jBool)
	case c == 'f':
		return p.literal("false", jBool)
	case c == 'n':
		return p.literal("null", jNull)
	}
	return nil, p.errf("unexpected " + p.describe() + "; expected a value (object, array, string, number, true, false or null)")
}

func (p *jparser) literal(word string, k jkind) (*jvalue, *jsyntaxError) {
	if !strings.HasPrefix(p.src[p.pos:], word) {
		return nil, p.errf("invalid literal; expected " + word)
	}
	v := &jvalue{kind: k, off: p.pos, str: word}
	p.pos += len(word)
	return v, nil
}

func (p *jparser) enter() *jsyntaxError {
	p.depth++
	if p.depth > maxDepth {
		return p.errf("nesting is too deep (more than " + strconv.Itoa(maxDepth) + " levels)")
	}
	return nil
}

func (p *jparser) object() (*jvalue, *jsyntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	v := &jvalue{kind: jObject, off: p.pos}
	p.pos++ // {
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		p.depth--
		return v, nil
	}
	seen := map[string]bool{}
	for {
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return nil, p.errf("unexpected " + p.describe() + "; expected a quoted member name")
		}
		keyOff := p.pos
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		if seen[key] {
			dup := renderPath(append(p.path, pathSeg{key: key, idx: -1}))
			return nil, &jsyntaxError{keyOff, "duplicate key " + strconv.Quote(key), dup}
		}
		seen[key] = true
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, p.errf("unexpected " + p.describe() + "; expected ':' after member name")
		}
		p.pos++
		p.skipSpace()
		p.path = append(p.path, pathSeg{key: key, idx: -1})
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		v.obj = append(v.obj, jmember{key: key, keyOff: keyOff, val: val})
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.errf("unexpected end of document; expected ',' or '}'")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.depth--
			return v, nil
		default:
			return nil, p.errf("unexpected " + p.describe() + "; expected ',' or '}'")
		}
	}
}

func (p *jparser) array() (*jvalue, *jsyntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	v := &jvalue{kind: jArray, off: p.pos}
	p.pos++ // [
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		p.depth--
		return v, nil
	}
	for {
		p.skipSpace()
		p.path = append(p.path, pathSeg{idx: len(v.arr)})
		el, err := p.value()
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		v.arr = append(v.arr, el)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.errf("unexpected end of document; expected ',' or ']'")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.depth--
			return v, nil
		default:
			return nil, p.errf("unexpected " + p.describe() + "; expected ',' or ']'")
		}
	}
}

func (p *jparser) number() (*jvalue, *jsyntaxError) {
	start := p.pos
	s := p.src
	i := p.pos
	if s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		p.pos = i
		return nil, p.errf("invalid number; expected a digit")
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			p.pos = i
			return nil, p.errf("invalid number; expected a digit after '.'")
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.pos = i
			return nil, p.errf("invalid number; expected a digit in the exponent")
		}
	}
	p.pos = i
	return &jvalue{kind: jNumber, off: start, str: s[start:i]}, nil
}

// string decodes a JSON string starting at the opening quote.
func (p *jparser) string() (string, *jsyntaxError) {
	p.pos++ // opening quote
	start := p.pos
	var b *strings.Builder // only when escapes occur
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '"':
			s := p.src[start:p.pos]
			p.pos++
			if b != nil {
				b.WriteString(s)
				return b.String(), nil
			}
			return s, nil
		case c < 0x20:
			return "", p.errf("unescaped " + p.describe() + " in string")
		case c == '\\':
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(p.src[start:p.pos])
			if err := p.escape(b); err != nil {
				return "", err
			}
			start = p.pos
		default:
			p.pos++
		}
	}
	return "", p.errf("unterminated string; expected '\"'")
}

func (p *jparser) escape(b *strings.Builder) *jsyntaxError {
	p.pos++ // backslash
	if p.pos >= len(p.src) {
		return p.errf("unterminated escape sequence")
	}
	c := p.src[p.pos]
	p.pos++
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(r) {
			if r >= 0xDC00 || !strings.HasPrefix(p.src[p.pos:], `\u`) {
				return &jsyntaxError{off: p.pos - 6, msg: "invalid \\u escape: unpaired UTF-16 surrogate"}
			}
			p.pos += 2
			r2, err := p.hex4()
			if err != nil {
				return err
			}
			r = utf16.DecodeRune(r, r2)
			if r == utf8.RuneError {
				return &jsyntaxError{off: p.pos - 12, msg: "invalid \\u escape: unpaired UTF-16 surrogate"}
			}
		}
		b.WriteRune(r)
	default:
		p.pos -= 2 // point at the backslash
		return p.errf("invalid escape sequence '\\" + string(rune(c)) + "'")
	}
	return nil
}

func (p *jparser) hex4() (rune, *jsyntaxError) {
	if p.pos+4 > len(p.src) {
		return 0, p.errf("invalid \\u escape; expected 4 hex digits")
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := p.src[p.pos+i]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			p.pos += i
			return 0, p.errf("invalid \\u escape; expected 4 hex digits")
		}
		r = r<<4 | rune(d)
	}
	p.pos += 4
	return r, nil
}

// lineCol converts a byte offset to a 1-based line and column (in characters).
func lineCol(src string, off int) (int, int) {
	if off > len(src) {
		off = len(src)
	}
	line := 1 + strings.Count(src[:off], "\n")
	lineStart := strings.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + utf8.RuneCountInString(src[lineStart:off])
}
