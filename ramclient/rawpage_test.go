package ramclient

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// A page read in two steps (deferredPage) reads the same as the SDK's decoding: the marker
// wherever it stands in the object and however it is escaped, a truncation written as a
// string, the items; the call log keeps the request id; a body broken inside its items is a
// KindServer error of the action, not a panic or an empty page.
func TestDeferredPage(t *testing.T) {
	var mu sync.Mutex
	body, header := "", ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if header != "" {
			w.Header().Set("x-acs-request-id", header)
		}
		w.Write([]byte(body))
	}))
	defer srv.Close()
	c := newClient(t, strings.TrimPrefix(srv.URL, "http://"), Credentials{AccessKeyID: "LTAIxxxxxxxxxxxxxxxxxxxx", AccessKeySecret: "s"},
		func(o *Options) { o.Retry.MaxAttempts = 1 })
	set := func(b, h string) { mu.Lock(); body, header = b, h; mu.Unlock() }
	lastID := func() string { es := c.Log().Entries(); return es[len(es)-1].RequestID }

	set(` { "Users" : {"User":[{"UserName":"a}\"[","CreateDate":"2020-01-02T03:04:05Z"},{"UserName":"b"}]},
		"RequestId":"R-1", "IsTruncated" : "true", "Marker":"m\"\u00e9{" } `, "")
	p, err := c.ListUsersPage(ctxT(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if p.NextMarker != `m"é{` || !p.Truncated || len(p.Items) != 2 || p.Items[0].UserName != `a}"[` || p.Items[1].UserName != "b" ||
		p.Items[0].CreateDate.Year() != 2020 || lastID() != "R-1" {
		t.Fatalf("page %+v, request id %q", p, lastID())
	}

	set(`{"IsTruncated":false,"Users":{"User":[]}}`, "R-2")
	if p, err = c.ListUsersPage(ctxT(t), ""); err != nil || p.Truncated || p.NextMarker != "" || len(p.Items) != 0 || lastID() != "R-2" {
		t.Fatalf("last page %+v, %v, request id %q", p, err, lastID())
	}

	for _, b := range []string{
		`{"IsTruncated":false,"Users":{"User":[{"UserName":{}}]}}`, // broken inside the items
		`{"IsTruncated":maybe,"Users":{}}`,
		`{"IsTruncated":false,"Users":{"User":[`,
		`[]`,
	} {
		set(b, "")
		_, err := c.ListUsersPage(ctxT(t), "")
		if e := wantKind(t, err, KindServer); e.Action != "ListUsers" {
			t.Fatalf("%s: %+v", b, e)
		}
	}
}
