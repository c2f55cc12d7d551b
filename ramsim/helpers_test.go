package ramsim

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"

	"github.com/ramtui/ramtui/ramsim/account"
)

// fakeAccount stands in for *account.Account until the account model lands: just enough
// credentials and actions to exercise the wire layer.
type fakeAccount struct {
	mu    sync.Mutex
	creds map[string]account.Credential
	users []string
	used  map[string]time.Time
}

const (
	rootID     = "LTAI5tRootKey0000000001"
	rootSecret = "rootSecret+/=~*with odd chars"
	offID      = "LTAI5tInactive000000001"
	stsID      = "STS.NTestKey000000001"
	stsSecret  = "stsSecret"
	stsToken   = "CAIS+token/with=odd+chars"
	oldStsID   = "STS.NExpiredKey0000001"
)

func newFakeAccount() *fakeAccount {
	root := account.Identity{Type: account.IdentityRoot, AccountID: "1234567890123456", AccessKeyID: rootID}
	return &fakeAccount{
		used: map[string]time.Time{},
		creds: map[string]account.Credential{
			rootID: {AccessKeyID: rootID, Secret: rootSecret, Active: true, Identity: root},
			offID:  {AccessKeyID: offID, Secret: "off", Active: false, Identity: root},
			stsID: {AccessKeyID: stsID, Secret: stsSecret, Active: true, SecurityToken: stsToken,
				Expiration: time.Now().Add(time.Hour), Identity: account.Identity{Type: account.IdentityAssumedRole, RoleName: "r"}},
			oldStsID: {AccessKeyID: oldStsID, Secret: stsSecret, Active: true, SecurityToken: stsToken,
				Expiration: time.Now().Add(-time.Minute), Identity: account.Identity{Type: account.IdentityAssumedRole, RoleName: "r"}},
		},
	}
}

func (f *fakeAccount) Credential(id string) (account.Credential, *account.Error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.creds[id]
	if !ok {
		return c, &account.Error{Status: 404, Code: "InvalidAccessKeyId.NotFound", Message: "Specified access key is not found."}
	}
	return c, nil
}

func (f *fakeAccount) RecordKeyUse(id string, at time.Time) {
	f.mu.Lock()
	f.used[id] = at
	f.mu.Unlock()
}

func (f *fakeAccount) Invoke(req account.Request) (any, bool, *account.Error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch req.Product + ":" + account.Product(req.Action) {
	case "Ram:ListUsers":
		users := []map[string]string{}
		for _, u := range f.users {
			users = append(users, map[string]string{"UserName": u})
		}
		return map[string]any{"IsTruncated": false, "Users": map[string]any{"User": users}}, false, nil
	case "Ram:CreateUser":
		name := req.Params["UserName"]
		if name == "" {
			return nil, false, &account.Error{Status: 400, Code: "MissingUserName", Message: "UserName is mandatory for this action."}
		}
		f.users = append(f.users, name)
		return map[string]any{"User": map[string]string{"UserName": name}}, true, nil
	case "Ram:Echo":
		return map[string]any{"Params": req.Params, "Secure": req.Secure, "SourceIP": req.SourceIP}, false, nil
	case "Ram:Deny":
		return nil, false, &account.Error{Status: 403, Code: "NoPermission", Message: "You are not authorized to do this action.",
			Denied: &account.AccessDeniedDetail{AuthAction: "ram:Deny", NoPermissionType: "ImplicitDeny"}}
	case "Ram:Panic":
		panic("boom")
	case "Sts:AssumeRole", "Sts:GetCallerIdentity":
		return map[string]any{"Params": req.Params, "IdentityType": string(req.Caller.Type)}, false, nil
	}
	return nil, false, &account.Error{Status: 404, Code: "InvalidAction.NotFound", Message: "Specified api is not found, please check your url and method."}
}

func (f *fakeAccount) Snapshot() ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return json.Marshal(f.users)
}

func (f *fakeAccount) Restore(data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return json.Unmarshal(data, &f.users)
}

// startFake serves the wire layer over a fake account on loopback.
func startFake(t testing.TB, opts Options) (*Running, *fakeAccount) {
	t.Helper()
	fa := newFakeAccount()
	r, err := serve(newServer(opts, fa), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r, fa
}

// --- SDK clients ----------------------------------------------------------------------------

func ramClient(t testing.TB, endpoint, id, secret string) *ram.Client {
	t.Helper()
	c, err := ram.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewStaticAKCredentialsProvider(id, secret))
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = endpoint
	return c
}

func stsClient(t testing.TB, endpoint string, cred credentials.CredentialsProvider) *sts.Client {
	t.Helper()
	c, err := sts.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), cred)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = endpoint
	return c
}

// --- an independent V1 signer, written the way the SDK does it (form-encode, then fix up) ----

func testEncode(s string) string {
	s = url.QueryEscape(s)
	s = strings.ReplaceAll(s, "+", "%20")
	s = strings.ReplaceAll(s, "*", "%2A")
	return strings.ReplaceAll(s, "%7E", "~")
}

func testStringToSign(method string, params map[string]string) string {
	var pairs []string
	for k, v := range params {
		if k != "Signature" {
			pairs = append(pairs, testEncode(k)+"="+testEncode(v))
		}
	}
	// Sort on the encoded name; '=' sorts before any character allowed in an encoded name.
	sort.Slice(pairs, func(i, j int) bool {
		return strings.SplitN(pairs[i], "=", 2)[0] < strings.SplitN(pairs[j], "=", 2)[0]
	})
	return method + "&%2F&" + testEncode(strings.Join(pairs, "&"))
}

func testSign(secret, method string, params map[string]string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(testStringToSign(method, params)))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

var nonceSeq atomic.Int64

func freshNonce() string {
	return fmt.Sprintf("%x-%d", time.Now().UnixNano(), nonceSeq.Add(1))
}

// commonV1 are the protocol parameters the SDK sends.
func commonV1(id, action, version string) map[string]string {
	return map[string]string{
		"AccessKeyId": id, "Action": action, "Version": version, "Format": "JSON",
		"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": freshNonce(),
		"SignatureType": "", "Timestamp": time.Now().UTC().Format("2006-01-02T15:04:05Z"), "RegionId": "cn-hangzhou",
	}
}

// rawResult is a decoded response.
type rawResult struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

func (r rawResult) code() string { s, _ := r.Body["Code"].(string); return s }

// doV1 signs params (all in the query) and sends them with method.
func doV1(t testing.TB, endpoint, method, secret string, params map[string]string) rawResult {
	t.Helper()
	params["Signature"] = testSign(secret, method, params)
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	req, err := http.NewRequest(method, "http://"+endpoint+"/?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return send(t, req)
}

func send(t testing.TB, req *http.Request) rawResult {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	res := rawResult{Status: resp.StatusCode, Header: resp.Header, Raw: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &res.Body); err != nil {
			t.Fatalf("response is not JSON: %v: %s", err, b)
		}
	}
	return res
}

// --- an independent ACS3 signer, following darabonba's openapi-util -------------------------

func signACS3Request(t testing.TB, req *http.Request, body []byte, id, secret string) {
	t.Helper()
	h := sha256.Sum256(body)
	req.Header.Set("x-acs-content-sha256", hex.EncodeToString(h[:]))
	headers := map[string]string{"host": req.Host}
	if req.Host == "" {
		headers["host"] = req.URL.Host
	}
	for k, v := range req.Header {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "x-acs-") || lk == "content-type" {
			headers[lk] = strings.TrimSpace(v[0])
		}
	}
	var names []string
	for k := range headers {
		names = append(names, k)
	}
	sort.Strings(names)
	var canonHeaders string
	for _, k := range names {
		canonHeaders += k + ":" + headers[k] + "\n"
	}
	q := req.URL.Query()
	var keys []string
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var qs []string
	for _, k := range keys {
		qs = append(qs, testEncode(k)+"="+testEncode(q.Get(k)))
	}
	canon := req.Method + "\n/\n" + strings.Join(qs, "&") + "\n" + canonHeaders + "\n" +
		strings.Join(names, ";") + "\n" + hex.EncodeToString(h[:])
	ch := sha256.Sum256([]byte(canon))
	sts := "ACS3-HMAC-SHA256\n" + hex.EncodeToString(ch[:])
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(sts))
	req.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+id+",SignedHeaders="+strings.Join(names, ";")+
		",Signature="+hex.EncodeToString(mac.Sum(nil)))
}
