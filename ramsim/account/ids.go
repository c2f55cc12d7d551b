package account

import (
	"crypto/rand"
	"encoding/base64"
)

// Identifiers and secrets come from crypto/rand: they stand in for real credentials, and tests
// and users may paste them into real tools.

const (
	digits       = "0123456789"
	alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// randomString draws n characters uniformly from alphabet (rejection sampling over random
// bytes: cheap enough to seed tens of thousands of keys quickly).
func randomString(alphabet string, n int) string {
	out := make([]byte, 0, n)
	limit := 256 - 256%len(alphabet)
	buf := make([]byte, n+n/2+8)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic("account: crypto/rand failed: " + err.Error()) // the OS entropy source is gone
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// numericID is a decimal id of n digits without a leading zero.
func numericID(n int) string {
	return randomString("123456789", 1) + randomString(digits, n-1)
}

func newAccountID() string { return numericID(16) }
func newUserID() string    { return numericID(16) }
func newGroupID() string   { return numericID(16) }
func newRoleID() string    { return numericID(19) }

// newAccessKey is a permanent AccessKey: "LTAI" + 20 alphanumerics, 30-character secret.
func newAccessKey() (id, secret string) {
	return "LTAI" + randomString(alphanumeric, 20), randomString(alphanumeric, 30)
}

// newSTSCredentials is a temporary key: "STS." id, a 44-character secret and a long opaque
// token (standard base64, so it may contain + / and =, as real tokens do).
func newSTSCredentials() (id, secret, token string) {
	raw := make([]byte, 301)
	if _, err := rand.Read(raw); err != nil {
		panic("account: crypto/rand failed: " + err.Error())
	}
	return "STS." + randomString(alphanumeric, 25), randomString(alphanumeric, 44),
		"CAIS" + base64.StdEncoding.EncodeToString(raw)
}
