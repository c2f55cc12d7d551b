package ramsim

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"sort"
	"strings"
)

// V1 (HMAC-SHA1, SignatureVersion 1.0) signatures, ram-api.md §1.4. The string to sign is built
// from the decoded parameters, re-encoded with percentEncode: never from the raw query text,
// because clients form-encode on the wire (space as '+') but sign RFC 3986 (space as %20).

// percentEncode is RFC 3986 encoding as Alibaba Cloud signs it: A-Z a-z 0-9 - _ . ~ stay,
// every other byte of the UTF-8 form becomes %XY with upper-case hex.
func percentEncode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hexDigits = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return string(b)
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// canonicalQuery joins enc(k)=enc(v) pairs sorted by encoded name, without the Signature
// parameter when skipSignature is set. Empty values are kept: the SDK signs "SignatureType=".
func canonicalQuery(params map[string]string, skipSignature bool) string {
	type pair struct{ k, v string }
	pairs := make([]pair, 0, len(params))
	size := 0
	for k, v := range params {
		if skipSignature && k == "Signature" {
			continue
		}
		p := pair{percentEncode(k), percentEncode(v)}
		size += len(p.k) + len(p.v) + 2
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].k < pairs[j].k })
	var b strings.Builder
	b.Grow(size)
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String()
}

// stringToSignV1 is METHOD&%2F&percentEncode(canonical query without Signature).
func stringToSignV1(method string, params map[string]string) string {
	return method + "&%2F&" + percentEncode(canonicalQuery(params, true))
}

// signV1 is base64(HMAC-SHA1(secret+"&", stringToSign)).
func signV1(secret, stringToSign string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// verifyV1 reports whether signature is the V1 signature of the request, and the server's
// string to sign (for the SignatureDoesNotMatch message).
func verifyV1(method string, params map[string]string, secret, signature string) (ok bool, stringToSign string) {
	stringToSign = stringToSignV1(method, params)
	want := signV1(secret, stringToSign)
	return hmac.Equal([]byte(want), []byte(signature)), stringToSign
}

// hmacEqualString compares secrets or signatures in constant time.
func hmacEqualString(a, b string) bool {
	return hmac.Equal([]byte(a), []byte(b))
}
