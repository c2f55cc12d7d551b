package federation

import (
	"context"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// algorithms are the JWS algorithms accepted in ID tokens: asymmetric only.
var algorithms = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512, jose.PS256, jose.PS384, jose.PS512, jose.ES256, jose.ES384, jose.ES512,
}

// OIDCProvider is what the account knows about an OIDC identity provider.
type OIDCProvider struct {
	IssuerURL     string
	ClientIDs     []string
	Fingerprints  []string // SHA-1 of a certificate in the issuer's HTTPS chain, hex
	IssuanceLimit time.Duration
}

// Token is what a verified ID token says.
type Token struct {
	Issuer    string
	Subject   string
	Audiences []string // the token's aud values that are client ids of the provider
	IssuedAt  time.Time
	Expiry    time.Time
	KeyID     string
}

// KeySource finds the keys that sign an issuer's tokens. refresh asks for a fresh fetch (the
// token names a key the cached set does not have).
type KeySource interface {
	Keys(ctx context.Context, p OIDCProvider, refresh bool) (*jose.JSONWebKeySet, error)
}

// VerifyOIDC checks an ID token the way STS does: the signature against the issuer's keys, iss,
// aud among the provider's client ids, exp, nbf and iat (not in the future, not older than the
// provider's issuance limit).
func VerifyOIDC(ctx context.Context, raw string, p OIDCProvider, keys KeySource, now time.Time) (*Token, error) {
	tok, err := jwt.ParseSigned(raw, algorithms)
	if err != nil {
		return nil, fail(Malformed, "the OIDC token is not a signed JWT: %v", err)
	}
	if len(tok.Headers) != 1 {
		return nil, fail(Malformed, "the OIDC token must carry exactly one signature")
	}
	kid := tok.Headers[0].KeyID
	var claims jwt.Claims
	verified := false
	for attempt := 0; attempt < 2 && !verified; attempt++ {
		set, err := keys.Keys(ctx, p, attempt > 0)
		if err != nil {
			return nil, fail(NoKeys, "the signing keys of %s cannot be read: %v", p.IssuerURL, err)
		}
		for _, k := range candidates(set, kid) {
			if tok.Claims(k.Key, &claims) == nil {
				verified = true
				break
			}
		}
	}
	if !verified {
		return nil, fail(BadSignature, "the OIDC token's signature does not verify against the keys of %s", p.IssuerURL)
	}
	if claims.Issuer != p.IssuerURL {
		return nil, fail(BadIssuer, "the token's iss %q is not the provider's issuer %q", claims.Issuer, p.IssuerURL)
	}
	out := &Token{Issuer: claims.Issuer, Subject: claims.Subject, KeyID: kid}
	for _, a := range claims.Audience {
		if contains(p.ClientIDs, a) {
			out.Audiences = append(out.Audiences, a)
		}
	}
	if len(out.Audiences) == 0 {
		return nil, fail(BadAudience, "the token's aud %q names none of the provider's client ids", strings.Join(claims.Audience, ","))
	}
	if claims.Subject == "" {
		return nil, fail(Malformed, "the token has no sub")
	}
	if claims.Expiry == nil {
		return nil, fail(Malformed, "the token has no exp")
	}
	out.Expiry = claims.Expiry.Time().UTC()
	if !now.Before(out.Expiry) {
		return nil, fail(Expired, "the token expired at %s", out.Expiry.Format(time.RFC3339))
	}
	if claims.NotBefore != nil && now.Before(claims.NotBefore.Time()) {
		return nil, fail(Expired, "the token is not valid before %s", claims.NotBefore.Time().UTC().Format(time.RFC3339))
	}
	if claims.IssuedAt == nil {
		return nil, fail(Malformed, "the token has no iat")
	}
	out.IssuedAt = claims.IssuedAt.Time().UTC()
	if out.IssuedAt.After(now) {
		return nil, fail(Expired, "the token was issued in the future (%s)", out.IssuedAt.Format(time.RFC3339))
	}
	if p.IssuanceLimit > 0 && now.Sub(out.IssuedAt) > p.IssuanceLimit {
		return nil, fail(Expired, "the token was issued at %s, longer ago than the provider's issuance limit of %s",
			out.IssuedAt.Format(time.RFC3339), p.IssuanceLimit)
	}
	return out, nil
}

func candidates(set *jose.JSONWebKeySet, kid string) []jose.JSONWebKey {
	if set == nil {
		return nil
	}
	if kid != "" {
		return set.Key(kid)
	}
	return set.Keys
}

// LoopbackKeys fetches an issuer's JWKS through its discovery document, but only from loopback
// hosts: the simulator never reaches out of the machine. The HTTPS connection is trusted by the
// provider's fingerprints (SHA-1 of a certificate in the chain), as the service trusts issuers.
// Key sets are cached for a few minutes per issuer.
type LoopbackKeys struct {
	mu    sync.Mutex
	cache map[string]cachedKeys
}

type cachedKeys struct {
	set     *jose.JSONWebKeySet
	fetched time.Time
}

const (
	keysTTL      = 5 * time.Minute
	fetchTimeout = 5 * time.Second
	maxFetch     = 1 << 20
)

// Keys implements KeySource.
func (l *LoopbackKeys) Keys(ctx context.Context, p OIDCProvider, refresh bool) (*jose.JSONWebKeySet, error) {
	cacheKey := p.IssuerURL + "\x00" + strings.Join(p.Fingerprints, ",")
	l.mu.Lock()
	c, ok := l.cache[cacheKey]
	l.mu.Unlock()
	if ok && !refresh && time.Since(c.fetched) < keysTTL {
		return c.set, nil
	}
	set, err := fetchJWKS(ctx, p)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.cache == nil {
		l.cache = map[string]cachedKeys{}
	}
	l.cache[cacheKey] = cachedKeys{set: set, fetched: time.Now()}
	l.mu.Unlock()
	return set, nil
}

func fetchJWKS(ctx context.Context, p OIDCProvider) (*jose.JSONWebKeySet, error) {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	hc := &http.Client{Transport: &http.Transport{
		TLSClientConfig: fingerprintTLS(p.Fingerprints),
		Proxy:           nil,
	}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer hc.CloseIdleConnections()
	var disc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := getJSON(ctx, hc, strings.TrimSuffix(p.IssuerURL, "/")+"/.well-known/openid-configuration", &disc); err != nil {
		return nil, err
	}
	if disc.JWKSURI == "" {
		return nil, errors.New("the discovery document has no jwks_uri")
	}
	var set jose.JSONWebKeySet
	if err := getJSON(ctx, hc, disc.JWKSURI, &set); err != nil {
		return nil, err
	}
	return &set, nil
}

func getJSON(ctx context.Context, hc *http.Client, rawURL string, v any) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" {
		return fmt.Errorf("%q is not an https URL", rawURL)
	}
	if !isLoopback(u.Hostname()) {
		return fmt.Errorf("%s is not a loopback host: the simulator only fetches keys from this machine", u.Hostname())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", rawURL, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxFetch+1))
	if err != nil {
		return err
	}
	if len(body) > maxFetch {
		return fmt.Errorf("GET %s: answer larger than %d bytes", rawURL, maxFetch)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("GET %s: %v", rawURL, err)
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// fingerprintTLS trusts a server whose presented chain holds a certificate with one of the
// SHA-1 fingerprints (hex, colons and case ignored); with no fingerprints, the system roots.
func fingerprintTLS(fingerprints []string) *tls.Config {
	if len(fingerprints) == 0 {
		return &tls.Config{MinVersion: tls.VersionTLS12}
	}
	want := map[string]bool{}
	for _, f := range fingerprints {
		want[NormalizeFingerprint(f)] = true
	}
	return &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // replaced by the fingerprint check below
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			for _, der := range raw {
				sum := sha1.Sum(der)
				if want[hex.EncodeToString(sum[:])] {
					return nil
				}
			}
			return errors.New("no certificate of the issuer's chain matches the provider's fingerprints")
		},
	}
}

// NormalizeFingerprint lower-cases a hex fingerprint and drops colons.
func NormalizeFingerprint(f string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(f), ":", ""))
}

// Fingerprint is the SHA-1 fingerprint of a DER certificate, as the service expects it.
func Fingerprint(der []byte) string {
	sum := sha1.Sum(der)
	return hex.EncodeToString(sum[:])
}
