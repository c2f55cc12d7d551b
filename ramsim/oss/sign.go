package oss

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// OSS request signatures, computed as the official Go SDK v2 computes them
// (oss/signer/v1.go and v4.go of github.com/aliyun/alibabacloud-oss-go-sdk-v2): the server
// rebuilds the string to sign from the request and compares HMACs in constant time.

// v1SubResources are the query parameters that V1 signs (besides any x-oss-* parameter), made
// on first use: only the simulator's OSS needs them.
var v1SubResources = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"acl": true, "bucketInfo": true, "location": true, "stat": true, "delete": true, "append": true,
		"tagging": true, "objectMeta": true, "uploads": true, "uploadId": true, "partNumber": true,
		"security-token": true, "position": true, "response-content-type": true,
		"response-content-language": true, "response-expires": true, "response-cache-control": true,
		"response-content-disposition": true, "response-content-encoding": true, "restore": true,
		"callback": true, "callback-var": true, "versions": true, "versioning": true, "versionId": true,
		"sequential": true, "continuation-token": true, "regionList": true, "cloudboxes": true,
		"symlink": true,
	}
})

// authV1 is a parsed "OSS AccessKeyId:Signature" header.
type authV1 struct{ keyID, signature string }

func parseV1(h string) (authV1, bool) {
	rest, ok := strings.CutPrefix(h, "OSS ")
	if !ok {
		return authV1{}, false
	}
	id, sig, ok := strings.Cut(strings.TrimSpace(rest), ":")
	return authV1{id, sig}, ok && id != "" && sig != ""
}

// canonicalResource is "/bucket/key" as V1 and V4 sign it: "/" alone for the service,
// "/bucket/" for a bucket.
func canonicalResource(bucket, key string) string {
	if bucket == "" {
		return "/"
	}
	return "/" + bucket + "/" + key
}

// stringToSignV1 is VERB, Content-MD5, Content-Type, Date, the x-oss-* headers and the
// canonical resource with its sub-resources.
func stringToSignV1(r *http.Request, bucket, key string) string {
	var b strings.Builder
	b.WriteString(r.Method + "\n" + r.Header.Get("Content-MD5") + "\n" + r.Header.Get("Content-Type") + "\n" +
		r.Header.Get("Date") + "\n")
	b.WriteString(canonicalOSSHeaders(r.Header, nil))
	b.WriteString(canonicalResource(bucket, key))
	q := r.URL.Query()
	var params []string
	for k := range q {
		if v1SubResources()[k] || strings.HasPrefix(k, "x-oss-") {
			params = append(params, k)
		}
	}
	sort.Strings(params)
	for i, k := range params {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(k)
		if v := q.Get(k); v != "" {
			b.WriteString("=" + v)
		}
	}
	return b.String()
}

// canonicalOSSHeaders is "name:value\n" for every x-oss-* header (and, for V4, content-type,
// content-md5 and the additional headers), lower-cased names in order, values trimmed and
// joined with ",".
func canonicalOSSHeaders(h http.Header, v4Extra map[string]bool) string {
	var names []string
	for k := range h {
		low := strings.ToLower(k)
		if strings.HasPrefix(low, "x-oss-") || v4Extra != nil && (low == "content-type" || low == "content-md5" || v4Extra[low]) {
			names = append(names, low)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		vals := h.Values(k)
		trimmed := make([]string, len(vals))
		for i, v := range vals {
			trimmed[i] = strings.TrimSpace(v)
		}
		b.WriteString(k + ":" + strings.Join(trimmed, ",") + "\n")
	}
	return b.String()
}

func signV1(secret, stringToSign string) string {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// authV4 is a parsed "OSS4-HMAC-SHA256 Credential=AK/date/region/oss/aliyun_v4_request,
// AdditionalHeaders=a;b,Signature=hex" header.
type authV4 struct {
	keyID, date, region, product string
	additional                   []string
	signature                    string
}

const algorithmV4 = "OSS4-HMAC-SHA256"

func parseV4(h string) (authV4, bool) {
	rest, ok := strings.CutPrefix(h, algorithmV4+" ")
	if !ok {
		return authV4{}, false
	}
	var a authV4
	var cred string
	for _, part := range strings.Split(rest, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return authV4{}, false
		}
		switch name {
		case "Credential":
			cred = val
		case "AdditionalHeaders":
			a.additional = strings.Split(val, ";")
		case "Signature":
			a.signature = val
		}
	}
	f := strings.Split(cred, "/")
	if len(f) != 5 || f[4] != "aliyun_v4_request" || a.signature == "" || f[0] == "" || len(f[1]) != 8 {
		return authV4{}, false
	}
	a.keyID, a.date, a.region, a.product = f[0], f[1], f[2], f[3]
	return a, true
}

func (a authV4) scope() string {
	return a.date + "/" + a.region + "/" + a.product + "/aliyun_v4_request"
}

// stringToSignV4 builds the canonical request and from it the string to sign.
func stringToSignV4(r *http.Request, bucket, key string, a authV4) string {
	extra := map[string]bool{}
	for _, h := range a.additional {
		extra[strings.ToLower(h)] = true
	}
	payload := r.Header.Get("x-oss-content-sha256")
	if payload == "" {
		payload = "UNSIGNED-PAYLOAD"
	}
	canonical := r.Method + "\n" +
		escapePath(canonicalResource(bucket, key)) + "\n" +
		canonicalQueryV4(r.URL.RawQuery) + "\n" +
		canonicalOSSHeaders(r.Header, extra) + "\n" +
		strings.Join(a.additional, ";") + "\n" +
		payload
	sum := sha256.Sum256([]byte(canonical))
	return algorithmV4 + "\n" + r.Header.Get("x-oss-date") + "\n" + a.scope() + "\n" + hex.EncodeToString(sum[:])
}

// canonicalQueryV4 sorts the raw (still encoded) query parameters by name; "+" counts as %20.
func canonicalQueryV4(raw string) string {
	raw = strings.ReplaceAll(raw, "+", "%20")
	values := map[string]string{}
	var names []string
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		if kv == "" {
			continue
		}
		// Like the SDK: a repeated name is listed each time, with its last value.
		k, v, _ := strings.Cut(kv, "=")
		names = append(names, k)
		values[k] = v
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		if values[k] != "" {
			b.WriteString("=" + values[k])
		}
	}
	return b.String()
}

// escapePath percent-encodes everything but unreserved characters and "/".
func escapePath(p string) string {
	var b strings.Builder
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

func signV4(secret string, a authV4, stringToSign string) string {
	mac := func(key []byte, data string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(data))
		return m.Sum(nil)
	}
	k := mac([]byte("aliyun_v4"+secret), a.date)
	k = mac(k, a.region)
	k = mac(k, a.product)
	k = mac(k, "aliyun_v4_request")
	return hex.EncodeToString(mac(k, stringToSign))
}

// equalMAC compares two signatures in constant time.
func equalMAC(a, b string) bool { return hmac.Equal([]byte(a), []byte(b)) }

// queryAuth reports a presigned URL (signature in the query), which the simulator does not serve.
func queryAuth(q url.Values) bool {
	return q.Has("OSSAccessKeyId") || q.Has("x-oss-signature") || q.Has("x-oss-credential")
}

// KeyID is the AccessKey id a request's Authorization header names (V1 or V4), "" if none: the
// simulator serves a request by the account that key belongs to.
func KeyID(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	if strings.HasPrefix(auth, algorithmV4) {
		a, _ := parseV4(auth)
		return a.keyID
	}
	a, _ := parseV1(auth)
	return a.keyID
}
