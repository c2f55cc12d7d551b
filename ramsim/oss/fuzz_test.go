package oss

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim/account"
)

// The OSS part with a real demo account behind it (no stand-in for the account).
func newDemo(t testing.TB) (*Service, *account.Account) {
	t.Helper()
	acct, err := account.New(account.Options{Seed: "demo", RootKeyID: "LTAIroot", RootKeySecret: "rootsecret"})
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{Backend: acct})
	s.SeedDemo()
	return s, acct
}

// signRoot signs req as the root with V1, the way the SDK does (Date, then the string to sign).
func signRoot(req *http.Request, bucket, key string) {
	req.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	req.Header.Set("Authorization", "OSS LTAIroot:"+signV1("rootsecret", stringToSignV1(req, bucket, key)))
}

// FuzzOSSHandler throws arbitrary methods, paths, queries, headers and bodies at the OSS
// pipeline, half of them correctly signed so the operations themselves see the hostile input.
// Nothing may panic (a recovered panic would be a 500 InternalError), and every error is a
// well-formed <Error> with the request id.
func FuzzOSSHandler(f *testing.F) {
	f.Add(uint8(0), "/oss-test/", "prefix=dir111/&delimiter=/&max-keys=2&encoding-type=url", "", "", true)
	f.Add(uint8(0), "/oss-test/", "list-type=2&continuation-token=%ff&start-after=a", "", "", true)
	f.Add(uint8(1), "/oss-test/a%00b", "", "data", "OSS4-HMAC-SHA256 Credential=a/b/c/d/aliyun_v4_request,Signature=x", false)
	f.Add(uint8(1), "/new-bucket", "", "<CreateBucketConfiguration><StorageClass>IA</StorageClass></CreateBucketConfiguration>", "", true)
	f.Add(uint8(2), "/oss-test/README.txt", "acl", "", "OSS :", false)
	f.Add(uint8(3), "//", "bucketInfo", "", "OSS a:b", true)
	s, _ := newDemo(f)
	methods := []string{"GET", "PUT", "HEAD", "DELETE", "POST"}
	f.Fuzz(func(t *testing.T, m uint8, path, rawQuery, body, authz string, sign bool) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req := httptest.NewRequest(methods[int(m)%len(methods)], "http://127.0.0.1/", strings.NewReader(body))
		req.URL.Path, req.URL.RawQuery = path, rawQuery
		bucket, key, _ := strings.Cut(path[1:], "/")
		if sign {
			signRoot(req, bucket, key)
		} else {
			req.Header.Set("Authorization", authz)
		}
		w := httptest.NewRecorder()
		out := s.Handle(w, req)
		if out.Status != w.Code || w.Header().Get("x-oss-request-id") == "" {
			t.Fatalf("status %d/%d, headers %v", out.Status, w.Code, w.Header())
		}
		if out.Code == "InternalError" {
			t.Fatalf("internal error (a panic?) for %s %s?%s", req.Method, path, rawQuery)
		}
		if out.Code != "" && req.Method != http.MethodHead {
			var e Error
			if err := xml.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Code != out.Code || e.RequestID == "" {
				t.Fatalf("error body %q: %v", w.Body, err)
			}
		}
	})
}

// Concurrent writers, readers and listers (run with -race): every acknowledged put is there.
func TestConcurrentRequests(t *testing.T) {
	s, _ := newDemo(t)
	do := func(method, bucket, key, query string, body []byte) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "http://127.0.0.1/", bytes.NewReader(body))
		req.URL.Path, req.URL.RawQuery = "/"+bucket+"/"+key, query
		signRoot(req, bucket, key)
		w := httptest.NewRecorder()
		s.Handle(w, req)
		return w
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				key := "c/" + string(rune('a'+g)) + "/" + url.PathEscape(strings.Repeat("k", i%5+1))
				if w := do("PUT", "oss-test", key, "", []byte(key)); w.Code != 200 {
					t.Errorf("put: %d %s", w.Code, w.Body)
					return
				}
				if w := do("GET", "oss-test", "", "prefix=c/&max-keys=7", nil); w.Code != 200 {
					t.Errorf("list: %d %s", w.Code, w.Body)
					return
				}
				if w := do("GET", "oss-test", key, "", nil); w.Code != 200 || w.Body.String() != key {
					t.Errorf("get: %d %s", w.Code, w.Body)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := len(s.st.Buckets["oss-test"].Objects); n != 8+8*5 {
		t.Fatalf("%d objects, want the 8 seeded and 40 put", n)
	}
}
