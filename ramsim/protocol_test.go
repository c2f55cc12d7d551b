package ramsim

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNonceReplay(t *testing.T) {
	sim := startSim(t, Options{})
	p := commonV1(rootID, "ListUsers", versionRAM)
	first := doV1(t, sim.Endpoint, "POST", rootSecret, p)
	if first.Status != 200 {
		t.Fatalf("first: %d %s", first.Status, first.Raw)
	}
	again := doV1(t, sim.Endpoint, "POST", rootSecret, p) // byte-identical replay
	if again.Status != 400 || again.code() != "SignatureNonceUsed" {
		t.Fatalf("replay: %d %s", again.Status, again.Raw)
	}
}

// A request with a bad signature must not burn the nonce of the genuine one.
func TestBadSignatureDoesNotConsumeNonce(t *testing.T) {
	sim := startSim(t, Options{})
	p := commonV1(rootID, "ListUsers", versionRAM)
	if r := doV1(t, sim.Endpoint, "POST", "wrong", p); r.code() != "SignatureDoesNotMatch" {
		t.Fatalf("forged: %s", r.Raw)
	}
	if r := doV1(t, sim.Endpoint, "POST", rootSecret, p); r.Status != 200 {
		t.Fatalf("genuine: %s", r.Raw)
	}
}

func TestTimestamp(t *testing.T) {
	sim := startSim(t, Options{})
	for _, tc := range []struct {
		ts, code string
	}{
		{time.Now().Add(-16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z"), "InvalidTimeStamp.Expired"},
		{time.Now().Add(16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z"), "InvalidTimeStamp.Expired"},
		{"2026-13-01T00:00:00Z", "InvalidTimeStamp.Format"},
		{"yesterday", "InvalidTimeStamp.Format"},
		{time.Now().Add(-14 * time.Minute).UTC().Format("2006-01-02T15:04:05Z"), ""},
	} {
		p := commonV1(rootID, "ListUsers", versionRAM)
		p["Timestamp"] = tc.ts
		r := doV1(t, sim.Endpoint, "POST", rootSecret, p)
		if r.code() != tc.code || (tc.code != "") != (r.Status == 400) {
			t.Errorf("Timestamp %s: %d %s, want %q", tc.ts, r.Status, r.Raw, tc.code)
		}
	}
}

func TestGET(t *testing.T) {
	sim := startSim(t, Options{})
	p := commonV1(rootID, "ListUsers", versionRAM)
	if r := doV1(t, sim.Endpoint, "GET", rootSecret, p); r.Status != 200 || r.Body["RequestId"] == nil {
		t.Fatalf("GET: %d %s", r.Status, r.Raw)
	}
}

func TestUnsupportedMethod(t *testing.T) {
	sim := startSim(t, Options{})
	req, _ := http.NewRequest("PUT", "http://"+sim.Endpoint+"/?Action=ListUsers&Version=2015-05-01", nil)
	if r := send(t, req); r.Status != 400 || r.code() != "UnsupportedHTTPMethod" {
		t.Fatalf("%d %s", r.Status, r.Raw)
	}
}

// The shape of credentials-go's AssumeRole: common parameters in the query, business ones in
// the form body, no RegionId, no SignatureType.
func TestFormBodyParamsCredentialsGoStyle(t *testing.T) {
	sim := startSim(t, Options{})
	id, secret := userKey(t, sim, "ops-admin")
	creds := assumeRoleRaw(t, sim, id, secret, "ops-readonly")
	if !strings.HasPrefix(creds["AccessKeyId"], "STS.") || creds["SecurityToken"] == "" || creds["Expiration"] == "" {
		t.Fatalf("credentials = %v", creds)
	}
}

// assumeRoleRaw calls AssumeRole exactly as credentials-go does and returns the Credentials.
func assumeRoleRaw(t *testing.T, sim *Running, id, secret, role string) map[string]string {
	t.Helper()
	query := map[string]string{
		"Version": versionSTS, "Action": "AssumeRole", "Format": "JSON",
		"Timestamp": time.Now().UTC().Format("2006-01-02T15:04:05Z"), "SignatureMethod": "HMAC-SHA1",
		"SignatureVersion": "1.0", "SignatureNonce": freshNonce(), "AccessKeyId": id,
	}
	body := map[string]string{
		"RoleArn":         "acs:ram::" + sim.Account().ID() + ":role/" + role,
		"RoleSessionName": "aliyun-go-sdk-1700000000000000", "DurationSeconds": "3600",
		"Policy": `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get*","Resource":"*"}]}`,
	}
	all := map[string]string{}
	for k, v := range query {
		all[k] = v
	}
	for k, v := range body {
		all[k] = v
	}
	q, f := url.Values{}, url.Values{}
	for k, v := range query {
		q.Set(k, v)
	}
	q.Set("Signature", testSign(secret, "POST", all))
	for k, v := range body {
		f.Set(k, v)
	}
	req, _ := http.NewRequest("POST", "http://"+sim.Endpoint+"/?"+q.Encode(), strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Encoding", "identity")
	r := send(t, req)
	if r.Status != 200 {
		t.Fatalf("AssumeRole: %d %s", r.Status, r.Raw)
	}
	out := map[string]string{}
	for k, v := range r.Body["Credentials"].(map[string]any) {
		out[k], _ = v.(string)
	}
	return out
}

func TestSecurityTokenChecks(t *testing.T) {
	clock := &testClock{t: time.Now()}
	sim := startSim(t, Options{Clock: clock.Now})
	id, secret := userKey(t, sim, "ops-admin")
	creds := assumeRoleRaw(t, sim, id, secret, "ops-readonly")
	stsID, stsSecret, token := creds["AccessKeyId"], creds["AccessKeySecret"], creds["SecurityToken"]
	call := func(token string) rawResult {
		p := commonV1(stsID, "GetCallerIdentity", versionSTS)
		if token != "" {
			p["SecurityToken"] = token
		}
		return doV1(t, sim.Endpoint, "POST", stsSecret, p)
	}
	if r := call(token); r.Status != 200 || r.Body["IdentityType"] != "AssumedRoleUser" {
		t.Fatalf("good token: %d %s", r.Status, r.Raw)
	}
	for _, tc := range []struct{ name, token, code string }{
		{"missing", "", "MissingSecurityToken"},
		{"mismatch", token + "x", "InvalidSecurityToken.MismatchWithAccessKey"},
	} {
		r := call(tc.token)
		if r.code() != tc.code || r.Body["HostId"] != "sts.aliyuncs.com" {
			t.Errorf("%s: %d %s", tc.name, r.Status, r.Raw)
		}
	}
	clock.Advance(2 * time.Hour) // the account's clock: the token's expiry
	if r := call(token); r.code() != "InvalidSecurityToken.Expired" {
		t.Errorf("expired: %d %s", r.Status, r.Raw)
	}
}

func TestProtocolErrors(t *testing.T) {
	sim := startSim(t, Options{})
	for _, tc := range []struct {
		name   string
		mutate func(map[string]string)
		code   string
	}{
		{"unknown version", func(p map[string]string) { p["Version"] = "2099-01-01" }, "InvalidVersion"},
		{"no version", func(p map[string]string) { delete(p, "Version") }, "MissingParameter"},
		{"no action", func(p map[string]string) { delete(p, "Action") }, "MissingParameter"},
		{"sha256 method", func(p map[string]string) { p["SignatureMethod"] = "HMAC-SHA256" }, "InvalidSignatureMethod"},
		{"no nonce", func(p map[string]string) { delete(p, "SignatureNonce") }, "MissingSignatureNonce"},
		{"no key", func(p map[string]string) { delete(p, "AccessKeyId") }, "MissingAccessKeyId"},
		{"tampered", func(p map[string]string) { p["UserName"] = "evil" }, "SignatureDoesNotMatch"},
	} {
		p := commonV1(rootID, "ListUsers", versionRAM)
		p["Signature"] = testSign(rootSecret, "POST", p)
		sig := p["Signature"]
		tc.mutate(p)
		q := url.Values{}
		for k, v := range p {
			q.Set(k, v)
		}
		q.Set("Signature", sig)
		req, _ := http.NewRequest("POST", "http://"+sim.Endpoint+"/?"+q.Encode(), nil)
		if r := send(t, req); r.code() != tc.code || r.Status != 400 {
			t.Errorf("%s: %d %s, want %s", tc.name, r.Status, r.Raw, tc.code)
		}
	}
}

// The newer generated SDKs: ACS3-HMAC-SHA256, no Action in the query, API in headers.
func TestACS3(t *testing.T) {
	sim := startSim(t, Options{})
	newReq := func(body string) *http.Request {
		req, _ := http.NewRequest("POST", "http://"+sim.Endpoint+"/?UserName=bob-acs3&Comments=a%2Ab~c%20d", bytes.NewReader([]byte(body)))
		req.Header.Set("x-acs-action", "CreateUser")
		req.Header.Set("x-acs-version", versionRAM)
		req.Header.Set("x-acs-date", time.Now().UTC().Format("2006-01-02T15:04:05Z"))
		req.Header.Set("x-acs-signature-nonce", freshNonce())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	}
	req := newReq("")
	signACS3Request(t, req, nil, rootID, rootSecret)
	r := send(t, req)
	if r.Status != 200 || r.Body["User"].(map[string]any)["Comments"] != "a*b~c d" {
		t.Fatalf("%d %s", r.Status, r.Raw)
	}
	// Replay.
	req2 := newReq("")
	req2.Header = req.Header.Clone()
	if r := send(t, req2); r.code() != "SignatureNonceUsed" {
		t.Fatalf("replay: %s", r.Raw)
	}
	// Wrong secret.
	req = newReq("")
	signACS3Request(t, req, nil, rootID, "wrong")
	if r := send(t, req); r.code() != "SignatureDoesNotMatch" || !strings.Contains(r.Body["Message"].(string), "server string to sign is:ACS3-HMAC-SHA256\n") {
		t.Fatalf("wrong secret: %s", r.Raw)
	}
	// A body that is not the one hashed.
	req = newReq("UserName=mallory")
	signACS3Request(t, req, nil, rootID, rootSecret)
	if r := send(t, req); r.code() != "IncompleteSignature" {
		t.Fatalf("body hash: %s", r.Raw)
	}
	// Unsupported algorithm.
	req = newReq("")
	req.Header.Set("Authorization", "ACS3-HMAC-SM3 Credential="+rootID+",SignedHeaders=host,Signature=00")
	if r := send(t, req); r.code() != "InvalidSignatureMethod" {
		t.Fatalf("SM3: %s", r.Raw)
	}
	// Expired date.
	req = newReq("")
	req.Header.Set("x-acs-date", time.Now().Add(-time.Hour).UTC().Format("2006-01-02T15:04:05Z"))
	signACS3Request(t, req, nil, rootID, rootSecret)
	if r := send(t, req); r.code() != "InvalidTimeStamp.Expired" {
		t.Fatalf("date: %s", r.Raw)
	}
}

func TestXMLFormat(t *testing.T) {
	sim := startSim(t, Options{})
	p := commonV1(rootID, "CreateUser", versionRAM)
	p["Format"], p["UserName"], p["Comments"] = "XML", "xml-user", "x<&>y"
	r := doV1(t, sim.Endpoint, "POST", rootSecret, p)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/xml") {
		t.Fatalf("%d %s", r.Status, r.Raw)
	}
	if !strings.HasPrefix(r.Raw, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<CreateUserResponse><RequestId>"+r.Header.Get("x-acs-request-id")+"</RequestId><User>") ||
		!strings.Contains(r.Raw, "<Comments>x&lt;&amp;&gt;y</Comments>") || !strings.HasSuffix(r.Raw, "</User></CreateUserResponse>") {
		t.Fatalf("got %s", r.Raw)
	}
	p = commonV1(rootID, "ListUsers", versionRAM)
	p["Format"] = "XML"
	r = doV1(t, sim.Endpoint, "POST", rootSecret, p)
	if !strings.Contains(r.Raw, "<Users><User><") || !strings.Contains(r.Raw, "</User><User><") {
		t.Fatalf("list: %s", r.Raw)
	}
	p = commonV1(rootID, "ListUsers", versionRAM)
	p["Format"] = "XML"
	r = doV1(t, sim.Endpoint, "POST", "wrong", p)
	if r.Status != 400 || !strings.Contains(r.Raw, "<Error><RequestId>") || !strings.Contains(r.Raw, "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("error: %s", r.Raw)
	}
}

func TestThrottle(t *testing.T) {
	sim := startSim(t, Options{ThrottleRate: 1})
	r := doV1(t, sim.Endpoint, "POST", rootSecret, commonV1(rootID, "ListUsers", versionRAM))
	if r.Status != 400 || r.code() != "Throttling.User" || r.Body["Message"] != "Request was denied due to user flow control." {
		t.Fatalf("%d %s", r.Status, r.Raw)
	}
}

func TestLatencyAndLog(t *testing.T) {
	var log syncBuffer
	sim := startSim(t, Options{Latency: 50 * time.Millisecond, Log: &log})
	start := time.Now()
	r := doV1(t, sim.Endpoint, "POST", rootSecret, commonV1(rootID, "ListUsers", versionRAM))
	if r.Status != 200 || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("%d after %v", r.Status, time.Since(start))
	}
	doV1(t, sim.Endpoint, "POST", "wrong", commonV1(rootID, "ListUsers", versionRAM))
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], " ListUsers "+rootID+" 200 - ") ||
		!strings.Contains(lines[1], " 400 SignatureDoesNotMatch ") {
		t.Fatalf("log:\n%s", log.String())
	}
	if strings.Contains(log.String(), rootSecret) {
		t.Fatal("secret in the log")
	}
}

func TestSourceIPAndSecure(t *testing.T) {
	sim := startEcho(t, Options{})
	r := doV1(t, sim.Endpoint, "POST", rootSecret, commonV1(rootID, "Echo", versionRAM))
	if r.Body["SourceIP"] != "127.0.0.1" || r.Body["Secure"] != false {
		t.Fatalf("%s", r.Raw)
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// ACS3 with STS credentials: the token travels in x-acs-security-token (and is signed).
func TestACS3WithSecurityToken(t *testing.T) {
	sim := startSim(t, Options{})
	id, secret := userKey(t, sim, "ops-admin")
	creds := assumeRoleRaw(t, sim, id, secret, "ops-readonly")
	call := func(token string) rawResult {
		req, _ := http.NewRequest("POST", "http://"+sim.Endpoint+"/", nil)
		req.Header.Set("x-acs-action", "GetCallerIdentity")
		req.Header.Set("x-acs-version", versionSTS)
		req.Header.Set("x-acs-date", time.Now().UTC().Format("2006-01-02T15:04:05Z"))
		req.Header.Set("x-acs-signature-nonce", freshNonce())
		if token != "" {
			req.Header.Set("x-acs-security-token", token)
		}
		signACS3Request(t, req, nil, creds["AccessKeyId"], creds["AccessKeySecret"])
		return send(t, req)
	}
	if r := call(creds["SecurityToken"]); r.Status != 200 || r.Body["IdentityType"] != "AssumedRoleUser" {
		t.Fatalf("%d %s", r.Status, r.Raw)
	}
	if r := call(""); r.code() != "MissingSecurityToken" {
		t.Fatalf("no token: %s", r.Raw)
	}
}

func TestMalformedRequests(t *testing.T) {
	sim := startSim(t, Options{})
	for _, tc := range []struct {
		name, query, body, message string
	}{
		{"bad escape", "Action=ListUsers&Version=2015-05-01&x=%zz", "", "could not be parsed"},
		{"huge body", "Action=ListUsers&Version=2015-05-01", strings.Repeat("a", maxBody+1), "larger than 10 MB"},
	} {
		req, _ := http.NewRequest("POST", "http://"+sim.Endpoint+"/?"+tc.query, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r := send(t, req)
		if r.Status != 400 || r.code() != "InvalidParameter" || !strings.Contains(r.Body["Message"].(string), tc.message) {
			t.Errorf("%s: %d %s", tc.name, r.Status, r.Raw)
		}
	}
}
