package account

import (
	"sync"
	"time"
	"unicode/utf8"
)

// Hand-written JSON for the one response on a client's critical path at scale: a page of
// ListUsers. Paging 100,000 users chains 100 pages by marker, so the simulator's time per page
// adds up to the client's wait; encoding/json's reflection, three formatted dates per user and
// the userView copies were most of it (go test -run '^$' -bench ListUsersPages ./ramsim/).
// The bytes are exactly what encoding/json writes for the same response (TestUserJSONIsEncodingJSON
// compares them over hostile text): the wire layer renders them, and the XML form from them,
// unchanged. The page is encoded under the account's read lock, like the views it replaces.

// appendUserJSON appends json.Marshal(u.view()).
func appendUserJSON(dst []byte, u *user) []byte {
	dst = append(dst, '{')
	if u.ID != "" {
		dst = appendJSONField(dst, "UserId", u.ID)
		dst = append(dst, ',')
	}
	dst = appendJSONField(dst, "UserName", u.Name)
	for _, f := range [...]struct{ name, v string }{
		{"DisplayName", u.DisplayName}, {"MobilePhone", u.MobilePhone}, {"Email", u.Email}, {"Comments", u.Comments},
	} {
		if f.v != "" {
			dst = append(dst, ',')
			dst = appendJSONField(dst, f.name, f.v)
		}
	}
	for _, f := range [...]struct {
		name string
		t    time.Time
	}{{"CreateDate", u.Created}, {"UpdateDate", u.Updated}} {
		if !f.t.IsZero() {
			dst = append(dst, `,"`...)
			dst = append(dst, f.name...)
			dst = append(dst, `":"`...)
			dst = appendTime(dst, f.t)
			dst = append(dst, '"')
		}
	}
	return append(dst, '}')
}

// Encoded is a response the account encoded itself (a page of users), in a buffer from a pool:
// at 100,000 users every byte allocated per page makes the garbage collector mark the whole
// state sooner. The wire layer writes JSON and then calls Release; json.Marshal gives JSON too.
type Encoded struct{ JSON []byte }

var encodedPool = sync.Pool{New: func() any { return new(Encoded) }}

// Release returns the buffer to the pool; e must not be used after.
func (e *Encoded) Release() {
	if cap(e.JSON) <= 1<<20 { // do not keep a huge buffer alive for small pages
		e.JSON = e.JSON[:0]
		encodedPool.Put(e)
	}
}

// MarshalJSON is the encoded bytes (for callers other than the wire layer: tests).
func (e *Encoded) MarshalJSON() ([]byte, error) { return e.JSON, nil }

// usersPageJSON is a ListUsers page of the users named by keys:
// {"IsTruncated":…,"Marker":…,"Users":{"User":[…]}}.
func usersPageJSON(s *state, keys []string, pg page) *Encoded {
	e := encodedPool.Get().(*Encoded)
	dst := e.JSON[:0]
	dst = appendPageJSON(dst, pg)
	dst = append(dst, `,"Users":{"User":[`...)
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendUserJSON(dst, s.Users[k])
	}
	e.JSON = append(dst, "]}}"...)
	return e
}

// appendPageJSON opens an object with the page's fields (the caller closes it).
func appendPageJSON(dst []byte, pg page) []byte {
	dst = append(dst, `{"IsTruncated":`...)
	if pg.IsTruncated {
		dst = append(dst, "true"...)
	} else {
		dst = append(dst, "false"...)
	}
	dst = append(dst, ',')
	return appendJSONField(dst, "Marker", pg.Marker)
}

// appendJSONField appends "name":"v" (name is a plain ASCII key).
func appendJSONField(dst []byte, name, v string) []byte {
	dst = append(dst, '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	return appendJSONString(dst, v)
}

// appendTime appends fmtTime(t) (a zero t is not passed: the field is left out). The date is
// worked out from the Unix seconds in one go (Hinnant's days-to-civil), not by t.Date and
// t.Clock, which each redo the calendar: they were 40% of a user's encoding.
func appendTime(dst []byte, t time.Time) []byte {
	sec := t.Unix()
	if sec < 0 || sec >= 253402300800 { // outside 1970-01-01 .. 9999-12-31
		return t.UTC().AppendFormat(dst, timeFormat)
	}
	days, rem := sec/86400, sec%86400
	z := days + 719468 // days since 0000-03-01
	era := z / 146097
	doe := z - era*146097                                  // day of the 400-year era
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of the era
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // day of the year from March 1
	mp := (5*doy + 2) / 153                                // month from March = 0
	day, month, year := doy-(153*mp+2)/5+1, mp+3, yoe+era*400
	if month > 12 {
		month, year = month-12, year+1
	}
	d2 := func(dst []byte, n int64) []byte { return append(dst, byte('0'+n/10), byte('0'+n%10)) }
	dst = d2(d2(dst, year/100), year%100)
	dst = d2(append(dst, '-'), month)
	dst = d2(append(dst, '-'), day)
	dst = d2(append(dst, 'T'), rem/3600)
	dst = d2(append(dst, ':'), rem/60%60)
	dst = d2(append(dst, ':'), rem%60)
	return append(dst, 'Z')
}

// appendJSONString is encoding/json's string encoding with HTML escaping (its default):
// quotes, backslashes, control characters, <, > and &, U+2028 and U+2029 escaped; invalid
// UTF-8 becomes \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
