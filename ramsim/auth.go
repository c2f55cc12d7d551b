package ramsim

import (
	"net/http"
	"time"

	"github.com/ramtui/ramtui/ramsim/account"
)

// Authentication, in the gateway's order: protocol parameters, timestamp, AccessKey, security
// token, signature, and only then the nonce (so a request with a bad signature does not burn
// the nonce of a later good one).

// authV1 authenticates a V1 (HMAC-SHA1) request whose parameters are p.
func (s *Server) authV1(r *http.Request, p map[string]string, c *call) (account.Credential, *account.Error) {
	for _, name := range []string{"AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp"} {
		if _, ok := p[name]; !ok {
			return account.Credential{}, errMissing(name)
		}
	}
	keyID := p["AccessKeyId"]
	c.keyID = keyID
	if p["SignatureMethod"] != "HMAC-SHA1" {
		return account.Credential{}, errInvalidSignatureMethod
	}
	if v, ok := p["SignatureVersion"]; ok && v != "1.0" {
		return account.Credential{}, errInvalidSignatureVersion
	}
	ts, aerr := s.checkTimestamp(p["Timestamp"])
	if aerr != nil {
		return account.Credential{}, aerr
	}
	cred, aerr := s.checkCredential(c, keyID, p["SecurityToken"])
	if aerr != nil {
		return account.Credential{}, aerr
	}
	if ok, stringToSign := verifyV1(r.Method, p, cred.Secret, p["Signature"]); !ok {
		return account.Credential{}, errSignatureMismatch(stringToSign)
	}
	if !s.nonces.use(keyID, p["SignatureNonce"], ts, s.now()) {
		return account.Credential{}, errNonceUsed
	}
	return cred, nil
}

// authACS3 authenticates an ACS3-HMAC-SHA256 request (Authorization header).
func (s *Server) authACS3(r *http.Request, wr *wireRequest, header string, c *call) (account.Credential, *account.Error) {
	a, ok := parseACS3(header)
	if !ok {
		return account.Credential{}, errIncompleteSignature
	}
	if a.algorithm != acs3Algorithm {
		return account.Credential{}, errInvalidSignatureMethod
	}
	c.keyID = a.accessKeyID
	signed := make(map[string]bool, len(a.signedHeaders))
	for _, h := range a.signedHeaders {
		signed[h] = true
	}
	for _, h := range acs3MustSign {
		if r.Header.Get(h) != "" && !signed[h] {
			return account.Credential{}, errIncompleteSignature
		}
	}
	date, nonce := r.Header.Get("x-acs-date"), r.Header.Get("x-acs-signature-nonce")
	if date == "" {
		return account.Credential{}, errMissing("x-acs-date")
	}
	if nonce == "" {
		return account.Credential{}, errMissing("x-acs-signature-nonce")
	}
	ts, aerr := s.checkTimestamp(date)
	if aerr != nil {
		return account.Credential{}, aerr
	}
	payloadHash := sha256Hex(wr.body)
	if h := r.Header.Get("x-acs-content-sha256"); h != "" && h != payloadHash {
		return account.Credential{}, errContentSHA256
	}
	cred, aerr := s.checkCredential(c, a.accessKeyID, r.Header.Get("x-acs-security-token"))
	if aerr != nil {
		return account.Credential{}, aerr
	}
	stringToSign := stringToSignACS3(r, wr.query, a.signedHeaders, payloadHash)
	if !hmacEqualHex(signACS3(cred.Secret, stringToSign), a.signature) {
		return account.Credential{}, errSignatureMismatch(stringToSign)
	}
	if !s.nonces.use(a.accessKeyID, nonce, ts, s.now()) {
		return account.Credential{}, errNonceUsed
	}
	return cred, nil
}

// checkTimestamp parses an ISO 8601 UTC timestamp and checks it against real time.
func (s *Server) checkTimestamp(v string) (time.Time, *account.Error) {
	ts, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, errTimestampFormat
	}
	skew := s.now().Sub(ts)
	if skew > skewWindow || skew < -skewWindow {
		return time.Time{}, errTimestampExpired
	}
	return ts, nil
}

// checkCredential looks the key up in every hosted account (c.member becomes its account) and
// checks its state and, for STS keys, the token.
func (s *Server) checkCredential(c *call, keyID, token string) (account.Credential, *account.Error) {
	m, cred, aerr := s.credential(keyID)
	c.member = m
	if aerr != nil {
		return account.Credential{}, aerr
	}
	if !cred.Active {
		return account.Credential{}, errKeyInactive
	}
	if cred.SecurityToken != "" {
		switch {
		case token == "":
			return account.Credential{}, errMissingToken
		case !hmacEqualString(token, cred.SecurityToken):
			return account.Credential{}, errTokenMismatch
		case !cred.Expiration.IsZero() && !s.clock().Before(cred.Expiration):
			return account.Credential{}, errTokenExpired
		}
	}
	return cred, nil
}
