package ramsim

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/ramtui/ramtui/ramsim/account"
)

// newRequestID is an upper-case UUID (version 4), the form the service uses.
func newRequestID() string {
	var u [16]byte
	rand.Read(u[:]) // never fails (crypto/rand panics rather than return short)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	const hexDigits = "0123456789ABCDEF"
	b := make([]byte, 0, 36)
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&15])
	}
	return string(b)
}

// hostID is the HostId of error bodies: the product's public endpoint.
func hostID(p account.Product) string {
	if p == account.STS {
		return "sts.aliyuncs.com"
	}
	return "ram.aliyuncs.com"
}

// bufPool recycles response buffers: a ListUsers page is several kilobytes, and without the
// pool each request allocated it twice (marshal, then splice in the RequestId).
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// appendSuccessJSON writes the account's response object to buf with "RequestId" added first.
func appendSuccessJSON(buf *bytes.Buffer, resp any, requestID string) error {
	start := buf.Len()
	buf.WriteString(`{"RequestId":"`)
	buf.WriteString(requestID)
	buf.WriteByte('"')
	mark := buf.Len()
	if enc, ok := resp.(*account.Encoded); ok { // encoded by the account (a page of users)
		buf.Write(enc.JSON)
		enc.Release()
	} else if resp != nil {
		if err := json.NewEncoder(buf).Encode(resp); err != nil {
			return err
		}
	}
	body := bytes.TrimSpace(buf.Bytes()[mark:])
	switch {
	case len(body) == 0 || string(body) == "null" || string(body) == "{}":
		buf.Truncate(mark)
		buf.WriteByte('}')
		return nil
	case len(body) < 2 || body[0] != '{':
		return fmt.Errorf("response is not a JSON object: %.40s", body)
	case bytes.Contains(body, []byte(`"RequestId"`)):
		var top map[string]json.RawMessage
		if json.Unmarshal(body, &top) == nil {
			if _, ok := top["RequestId"]; ok { // the account set it already: keep its object as is
				own := append([]byte(nil), body...)
				buf.Truncate(start)
				buf.Write(own)
				return nil
			}
		}
	}
	buf.Bytes()[mark] = ',' // {"RequestId":"…"{"A":1}  ->  {"RequestId":"…","A":1}
	buf.Truncate(mark + len(body))
	return nil
}

// errorBody is the error object the SDK decodes: every field a string, AccessDeniedDetail an
// object (anything else makes the SDK panic, ram-api.md §0.5).
type errorBody struct {
	RequestID          string                      `json:"RequestId"`
	HostID             string                      `json:"HostId"`
	Code               string                      `json:"Code"`
	Message            string                      `json:"Message"`
	Recommend          string                      `json:"Recommend"`
	AccessDeniedDetail *account.AccessDeniedDetail `json:"AccessDeniedDetail,omitempty"`
}

func errorJSON(e *account.Error, p account.Product, requestID string) []byte {
	product := string(p)
	if product == "" {
		product = string(account.RAM)
	}
	body, _ := json.Marshal(errorBody{
		RequestID: requestID,
		HostID:    hostID(p),
		Code:      e.Code,
		Message:   e.Message,
		Recommend: "https://api.aliyun.com/troubleshoot?q=" + e.Code + "&product=" + product,
		// Only NoPermission carries the detail object.
		AccessDeniedDetail: e.Denied,
	})
	return body
}

// errorStatus is the HTTP status of an error; a zero or bogus status becomes 500.
func errorStatus(e *account.Error) int {
	if e.Status < 400 || e.Status > 599 {
		return http.StatusInternalServerError
	}
	return e.Status
}

// jsonToXML renders a JSON object as the XML the service returns for Format=XML: one element per
// key in order, arrays as repeated elements named after their key, the whole under root.
func jsonToXML(root string, js []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := writeXMLValue(&buf, dec, root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeXMLValue(buf *bytes.Buffer, dec *json.Decoder, name string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	name = xmlName(name)
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			buf.WriteString("<" + name + ">")
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				k, ok := key.(string)
				if !ok {
					return errors.New("xml: object key is not a string")
				}
				if err := writeXMLValue(buf, dec, k); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil { // '}'
				return err
			}
			buf.WriteString("</" + name + ">")
		case '[':
			for dec.More() {
				if err := writeXMLValue(buf, dec, name); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil { // ']'
				return err
			}
		}
	default:
		buf.WriteString("<" + name + ">")
		if t != nil {
			xml.EscapeText(buf, []byte(fmt.Sprint(t)))
		}
		buf.WriteString("</" + name + ">")
	}
	return nil
}

// xmlName keeps a JSON key usable as an element name.
func xmlName(s string) string {
	if s == "" {
		return "Item"
	}
	ok := func(i int, r rune) bool {
		return r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' ||
			i > 0 && (r == '-' || r == '.' || r >= '0' && r <= '9')
	}
	clean := true
	for i, r := range s {
		if !ok(i, r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if ok(i, r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
