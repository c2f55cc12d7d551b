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

// The tests run against the real account model (package account) through Start, except for
// what it cannot show: a handler that panics, and what the wire layer passes to Invoke (SourceIP,
// Secure, parameters). For those a tiny fake backend is served by the same wire layer.

const (
	rootID     = "LTAI5tRootKey0000000001"
	rootSecret = "rootSecret+/=~*with odd chars"
)

// testClock is the account's clock, movable to expire STS tokens.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// startSim serves the real account (demo data unless opts say otherwise) on loopback, with the
// root key fixed to rootID/rootSecret.
func startSim(t testing.TB, opts Options) *Running {
	t.Helper()
	opts.RootKeyID, opts.RootKeySecret = rootID, rootSecret
	r, err := Start(opts, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// userKey issues an AccessKey for a demo user.
func userKey(t testing.TB, sim *Running, user string) (id, secret string) {
	t.Helper()
	id, secret, err := sim.Account().IssueAccessKey(user)
	if err != nil {
		t.Fatal(err)
	}
	return id, secret
}

// echoBackend answers "Echo" with what the wire layer handed to Invoke, and panics on "Panic".
type echoBackend struct{}

func (echoBackend) Credential(id string) (account.Credential, *account.Error) {
	if id != rootID {
		return account.Credential{}, &account.Error{Status: 404, Code: "InvalidAccessKeyId.NotFound", Message: "Specified access key is not found."}
	}
	return account.Credential{AccessKeyID: rootID, Secret: rootSecret, Active: true,
		Identity: account.Identity{Type: account.IdentityRoot, AccountID: "1234567890123456"}}, nil
}

func (echoBackend) RecordKeyUse(string, time.Time) {}

func (echoBackend) Invoke(req account.Request) (any, bool, *account.Error) {
	if req.Action == "Panic" {
		panic("boom")
	}
	return map[string]any{"Params": req.Params, "Secure": req.Secure, "SourceIP": req.SourceIP}, false, nil
}

func (echoBackend) Snapshot() ([]byte, error) { return []byte("{}"), nil }
func (echoBackend) Restore([]byte) error      { return nil }

func startEcho(t testing.TB, opts Options) *Running {
	t.Helper()
	r, err := serve(newServer(opts, echoBackend{}), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
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
	return sendWith(t, http.DefaultClient, req)
}

func sendWith(t testing.TB, client *http.Client, req *http.Request) rawResult {
	t.Helper()
	resp, err := client.Do(req)
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
