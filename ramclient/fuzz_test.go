package ramclient

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// FuzzOddBodies: whatever an endpoint answers, a call returns a value or an *Error, never a
// panic (the SDK itself panics on some bodies).
//
//	go test ./ramclient/ -run '^$' -fuzz FuzzOddBodies -fuzztime 10s
func FuzzOddBodies(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"RequestId":"r","User":{"UserName":"u","CreateDate":"2020-01-01T00:00:00Z"}}`},
		{404, `{"RequestId":"r","Code":"EntityNotExist.User","Message":"m"}`},
		{400, `{"RequestId":123}`},
		{403, `{"Code":"NoPermission","AccessDeniedDetail":"{}"}`},
		{403, `{"Code":"NoPermission","AccessDeniedDetail":{"NoPermissionType":7}}`},
		{500, `<html>`},
		{200, `{"User":[]}`},
		{200, `{"Users":{"User":[{"UserName":7}]},"IsTruncated":"true","Marker":"m\"1"}`},
		{200, `{"IsTruncated":tru`},
		{302, ``},
	} {
		f.Add(seed.status, seed.body)
	}
	var mu sync.Mutex
	var status int
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		st, b := status, body
		mu.Unlock()
		w.WriteHeader(st)
		w.Write([]byte(b))
	}))
	defer srv.Close()
	c, err := New(Options{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Credentials: Credentials{AccessKeyID: "LTAIxxxxxxxxxxxxxxxxxxxx", AccessKeySecret: "s"},
		Retry: RetryPolicy{MaxAttempts: 1}, Concurrency: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, st int, b string) {
		if st < 200 || st > 599 || (st >= 300 && st < 400) || st == 204 || st == 304 {
			st = 500
		}
		mu.Lock()
		status, body = st, b
		mu.Unlock()
		_, err := c.GetUser(t.Context(), "u")
		if err != nil && KindOf(err) == KindOther && !strings.Contains(err.Error(), "GetUser") {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
		// A page read in two steps (its marker, then its items: deferredPage).
		_, err = c.ListUsersPage(t.Context(), "")
		if err != nil && KindOf(err) == KindOther && !strings.Contains(err.Error(), "ListUsers") {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
		_, err = c.ListRolesPage(t.Context(), "")
		if err != nil && KindOf(err) == KindOther && !strings.Contains(err.Error(), "ListRoles") {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
	})
}
