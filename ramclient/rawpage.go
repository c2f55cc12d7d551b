package ramclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
)

// A listing's pages are chained by their markers, so the time a page spends in the client
// before the next request goes out is on the critical path of every listing (100 pages for
// 100,000 users). The SDK decodes a whole page (1,000 users: ~1.5 ms of CPU, the most of the
// client's time per page) before DoAction returns. A deferred page is fetched by DoAction with
// a *responses.CommonResponse, which the SDK does not decode (same request, signing,
// transport and error answers); the page's marker is read from the body's top level, the next
// request is sent, and the items are decoded meanwhile by the SDK's own decoder, the same
// fuzzy decoding every other call gets.

// deferredPage reads raw's marker and truncation now and leaves its items to decode, which
// the listing runs off the critical path. newResp makes the action's typed response, items
// takes the page's items out of it.
func deferredPage[R responses.AcsResponse, S any](action string, raw *responses.CommonResponse, newResp func() R, items func(R) []S) (rawPage[S], error) {
	body := raw.GetHttpContentBytes()
	var p rawPage[S]
	var next, truncated []byte
	err := scanTop(body, func(key string, v []byte) bool {
		switch key {
		case "Marker":
			next = v
		case "IsTruncated":
			truncated = v
		}
		return next != nil && truncated != nil
	})
	if err == nil {
		p.next, err = jsonText(next)
	}
	if err == nil {
		p.truncated, err = jsonBool(truncated)
	}
	if err != nil {
		return rawPage[S]{}, &Error{Action: action, Kind: KindServer, Message: "malformed response: " + err.Error(),
			Hint: "the endpoint's answer is not a well-formed RAM/STS response; is --endpoint right?"}
	}
	p.decode = func() (out []S, err error) {
		defer func() {
			if v := recover(); v != nil {
				out, err = nil, panicError(action, v)
			}
		}()
		r := newResp()
		hr := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
		if err := responses.Unmarshal(r, hr, "JSON"); err != nil {
			return nil, fromSDK(action, err)
		}
		return items(r), nil
	}
	return p, nil
}

// rawRequestID is a CommonResponse's request id: the x-acs-request-id header RAM and STS send
// with every answer, else the body's top-level RequestId.
func rawRequestID(r *responses.CommonResponse) string {
	if id := http.Header(r.GetHttpHeaders()).Get("x-acs-request-id"); id != "" {
		return id
	}
	var id string
	_ = scanTop(r.GetHttpContentBytes(), func(key string, v []byte) bool {
		if key == "RequestId" {
			id, _ = jsonText(v)
			return true
		}
		return false
	})
	return id
}

var errNotObject = errors.New("the body is not a JSON object")

// scanTop walks the top level of the JSON object in b, calling f with each key and its raw
// value, without decoding the values (a page's items are skipped over, not parsed); it stops
// when f returns true.
func scanTop(b []byte, f func(key string, v []byte) bool) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errNotObject
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return errNotObject
		}
		end := skipValue(b, i)
		if end < 0 {
			return errNotObject
		}
		key, err := jsonText(b[i:end])
		if err != nil {
			return err
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return errNotObject
		}
		i = skipSpace(b, i+1)
		end = skipValue(b, i)
		if end < 0 {
			return errNotObject
		}
		if f(key, b[i:end]) {
			return nil
		}
		i = skipSpace(b, end)
		switch {
		case i < len(b) && b[i] == ',':
			i = skipSpace(b, i+1)
		case i < len(b) && b[i] == '}':
			return nil
		default:
			return errNotObject
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// skipValue returns the index just past the JSON value starting at b[i], or -1. Only the
// structure is checked (strings, nesting); what is skipped is checked when it is decoded.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				if i = skipString(b, i); i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	start := i // a literal: number, true, false, null
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t' {
		i++
	}
	if i == start {
		return -1
	}
	return i
}

// skipString returns the index just past the string starting at b[i] (a quote), or -1.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// jsonText is a string value's text; a number's digits (the SDK's decoding is as lenient);
// nil or null is "".
func jsonText(v []byte) (string, error) {
	switch {
	case v == nil || string(v) == "null":
		return "", nil
	case v[0] == '"':
		if bytes.IndexByte(v, '\\') < 0 {
			return string(v[1 : len(v)-1]), nil
		}
		var s string
		err := json.Unmarshal(v, &s)
		return s, err
	case v[0] == '-' || v[0] >= '0' && v[0] <= '9':
		return string(v), nil
	}
	return "", errors.New("a string was expected, got " + string(v[:min(len(v), 16)]))
}

// jsonBool is a boolean value, also written as a string ("true"); nil or null is false.
func jsonBool(v []byte) (bool, error) {
	switch string(v) {
	case "true", `"true"`:
		return true, nil
	case "", "null", "false", `"false"`:
		return false, nil
	}
	return false, errors.New("true or false was expected, got " + string(v[:min(len(v), 16)]))
}
