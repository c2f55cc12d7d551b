package ramsim

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// maxBody is the largest request body read (the service documents POST <= 10 MB).
const maxBody = 10 << 20

// wireRequest is what the protocol layer reads from an HTTP request.
type wireRequest struct {
	query  map[string]string // decoded query parameters (first value of each)
	params map[string]string // query ∪ form body (the body wins, as in the SDK's own merge)
	body   []byte
}

// readRequest decodes the query and, for form-encoded bodies, the body. Parameters are decoded
// once here and re-encoded only for signing.
func readRequest(r *http.Request) (*wireRequest, error) {
	q, err := parseQuery(r.URL.RawQuery, 16)
	if err != nil {
		return nil, err
	}
	wr := &wireRequest{query: q}
	if r.Body != nil && r.Method == http.MethodPost && r.ContentLength != 0 {
		wr.body, err = io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			return nil, err
		}
		if len(wr.body) > maxBody {
			return nil, errBodyTooLarge
		}
	}
	wr.params = wr.query
	if len(wr.body) > 0 && isForm(r.Header.Get("Content-Type")) {
		form, err := parseQuery(string(wr.body), 8)
		if err != nil {
			return nil, err
		}
		wr.params = make(map[string]string, len(wr.query)+len(form))
		for k, v := range wr.query {
			wr.params[k] = v
		}
		for k, v := range form {
			wr.params[k] = v
		}
	}
	return wr, nil
}

type bodyTooLarge struct{}

func (bodyTooLarge) Error() string { return "request body larger than 10 MB" }

var errBodyTooLarge error = bodyTooLarge{}

// parseQuery is url.ParseQuery keeping the first value of each name, straight into the map the
// signer uses (one map instead of url.Values plus a copy: this runs on every request). Like
// url.ParseQuery it refuses bad escapes and ';' separators.
func parseQuery(s string, sizeHint int) (map[string]string, error) {
	m := make(map[string]string, sizeHint)
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		if strings.Contains(pair, ";") {
			return nil, errors.New("invalid semicolon separator in query")
		}
		k, v, _ := strings.Cut(pair, "=")
		k, err := url.QueryUnescape(k)
		if err != nil {
			return nil, err
		}
		v, err = url.QueryUnescape(v)
		if err != nil {
			return nil, err
		}
		if _, seen := m[k]; !seen {
			m[k] = v
		}
	}
	return m, nil
}

func isForm(contentType string) bool {
	if contentType == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}
