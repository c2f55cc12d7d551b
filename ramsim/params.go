package ramsim

import (
	"io"
	"mime"
	"net/http"
	"net/url"
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
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	wr := &wireRequest{query: first(q)}
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
		form, err := url.ParseQuery(string(wr.body))
		if err != nil {
			return nil, err
		}
		wr.params = make(map[string]string, len(wr.query)+len(form))
		for k, v := range wr.query {
			wr.params[k] = v
		}
		for k, v := range first(form) {
			wr.params[k] = v
		}
	}
	return wr, nil
}

type bodyTooLarge struct{}

func (bodyTooLarge) Error() string { return "request body larger than 10 MB" }

var errBodyTooLarge error = bodyTooLarge{}

func first(v url.Values) map[string]string {
	m := make(map[string]string, len(v))
	for k, vs := range v {
		if len(vs) > 0 {
			m[k] = vs[0]
		}
	}
	return m
}

func isForm(contentType string) bool {
	if contentType == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}
