package idptest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// OIDCIssuer is an OpenID Connect issuer on a loopback HTTPS server: it serves
// /.well-known/openid-configuration and /jwks, and mints ID tokens signed with its key.
type OIDCIssuer struct {
	URL         string // the issuer URL (https://127.0.0.1:port)
	Fingerprint string // SHA-1 of the server certificate, hex: CreateOIDCProvider's Fingerprints
	KeyID       string
	key         *rsa.PrivateKey
	srv         *httptest.Server
}

// NewOIDCIssuer starts an issuer that stops when the test ends.
func NewOIDCIssuer(t testing.TB) *OIDCIssuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	iss := &OIDCIssuer{key: key, KeyID: newID()[1:13]}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": iss.URL, "jwks_uri": iss.URL + "/jwks",
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
			Key: &iss.key.PublicKey, KeyID: iss.KeyID, Algorithm: string(jose.RS256), Use: "sig"}}})
	})
	iss.srv = httptest.NewTLSServer(mux)
	t.Cleanup(iss.srv.Close)
	iss.URL = iss.srv.URL
	sum := sha1.Sum(iss.srv.Certificate().Raw)
	iss.Fingerprint = hex.EncodeToString(sum[:])
	return iss
}

// Claims describes a token to mint. Zero fields take the defaults noted.
type Claims struct {
	Subject  string   // default "system:serviceaccount:default:app"
	Audience []string // default {"sts.aliyuncs.com"}
	Issuer   string   // default the issuer's URL
	IssuedAt time.Time
	Validity time.Duration // default 1 hour from IssuedAt (default now)
}

// Token mints an RS256 ID token signed with the issuer's key.
func (i *OIDCIssuer) Token(c Claims) (string, error) {
	return i.sign(i.key, c)
}

// TokenSignedBy mints a token as Token does but signed with another key under the issuer's key
// id: a forgery the simulator must refuse.
func (i *OIDCIssuer) TokenSignedBy(key *rsa.PrivateKey, c Claims) (string, error) {
	return i.sign(key, c)
}

func (i *OIDCIssuer) sign(key *rsa.PrivateKey, c Claims) (string, error) {
	if c.Subject == "" {
		c.Subject = "system:serviceaccount:default:app"
	}
	if len(c.Audience) == 0 {
		c.Audience = []string{"sts.aliyuncs.com"}
	}
	if c.Issuer == "" {
		c.Issuer = i.URL
	}
	if c.IssuedAt.IsZero() {
		c.IssuedAt = time.Now()
	}
	if c.Validity == 0 {
		c.Validity = time.Hour
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", i.KeyID))
	if err != nil {
		return "", err
	}
	return jwt.Signed(signer).Claims(jwt.Claims{
		Issuer: c.Issuer, Subject: c.Subject, Audience: jwt.Audience(c.Audience),
		IssuedAt: jwt.NewNumericDate(c.IssuedAt), NotBefore: jwt.NewNumericDate(c.IssuedAt.Add(-time.Minute)),
		Expiry: jwt.NewNumericDate(c.IssuedAt.Add(c.Validity)),
	}).Serialize()
}
