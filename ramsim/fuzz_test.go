package ramsim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzHandler throws arbitrary queries, bodies and headers at the request parser and the
// signature checks. They must never panic (handle is called without the recover guard) and
// must always answer a well-formed response.
func FuzzHandler(f *testing.F) {
	p := commonV1(rootID, "ListUsers", versionRAM)
	p["Signature"] = testSign(rootSecret, "POST", p)
	q := url.Values{}
	for k, v := range p {
		q.Set(k, v)
	}
	f.Add(uint8(1), q.Encode(), "", "", "")
	f.Add(uint8(0), "Action=ListUsers&Version=2015-05-01&AccessKeyId=x&Signature=%zz", "a=b", "", "application/x-www-form-urlencoded")
	f.Add(uint8(1), "", "RoleArn=acs%3Aram&x=%", "ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host;x-acs-date,Signature=ab", "application/x-www-form-urlencoded; charset=utf-8")
	f.Add(uint8(2), "Version=2015-04-01&Action=AssumeRole&Timestamp=2026-01-01T00:00:00Z", ";;;", "ACS3-", "text/plain")
	f.Add(uint8(1), "Format=XML&Version=x", "", "Credential=,,,=", "")
	s := startSim(f, Options{}).Server
	methods := []string{"GET", "POST", "PUT", "HEAD"}
	f.Fuzz(func(t *testing.T, m uint8, rawQuery, body, authz, contentType string) {
		req := httptest.NewRequest(methods[int(m)%len(methods)], "http://127.0.0.1/", strings.NewReader(body))
		req.URL.RawQuery = rawQuery
		req.Header.Set("Authorization", authz)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("x-acs-action", "ListUsers")
		req.Header.Set("x-acs-date", time.Now().UTC().Format(time.RFC3339))
		req.Header.Set("x-acs-signature-nonce", rawQuery)
		c := &call{requestID: newRequestID(), product: productFromHost(req.Host)}
		c.resp, c.err = s.handle(req, c)
		w := httptest.NewRecorder()
		status := s.render(w, c)
		if status != w.Code || w.Body.Len() == 0 {
			t.Fatalf("status %d/%d, body %q", status, w.Code, w.Body)
		}
		if !c.xml {
			var v map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
				t.Fatalf("not JSON: %v: %s", err, w.Body)
			}
			if _, ok := v["RequestId"].(string); !ok {
				t.Fatalf("no string RequestId: %s", w.Body)
			}
		}
	})
}

// FuzzVerify: a request correctly signed (by the independent test signer) over fuzzed business
// parameters always verifies, in the query or in the form body, and the account sees them.
func FuzzVerify(f *testing.F) {
	f.Add("UserName", "alice", "PolicyDocument", `{"Statement":[{"Action":"*"}]}`, false)
	f.Add("Comments", "a b+c*d~e/f:g=h&i%j", "", "", true)
	f.Add("名前", "値 ☃", "k", "", false)
	f.Add("x.y", "\x00\xff", "x/y", "%", true)
	s := newServer(Options{}, echoBackend{}) // echoes the parameters the account would see
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string, inBody bool) {
		p := commonV1(rootID, "Echo", versionRAM)
		business := map[string]string{}
		for _, kv := range [][2]string{{k1, v1}, {k2, v2}} {
			if _, clash := p[kv[0]]; clash || kv[0] == "Signature" || kv[0] == "SecurityToken" {
				continue
			}
			business[kv[0]] = kv[1]
			p[kv[0]] = kv[1]
		}
		sig := testSign(rootSecret, "POST", p)
		q, form := url.Values{}, url.Values{}
		for k, v := range p {
			if _, ok := business[k]; ok && inBody {
				form.Set(k, v)
			} else {
				q.Set(k, v)
			}
		}
		q.Set("Signature", sig)
		req := httptest.NewRequest("POST", "http://127.0.0.1/?"+q.Encode(), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		var resp struct{ Params map[string]string }
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		for k, v := range business {
			if utf8.ValidString(k) && utf8.ValidString(v) && resp.Params[k] != v {
				t.Fatalf("param %q = %q, want %q", k, resp.Params[k], v)
			}
		}
	})
}
