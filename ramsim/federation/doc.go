// Package federation verifies what an identity provider hands to STS: SAML 2.0 responses
// (AssumeRoleWithSAML) and OIDC ID tokens (AssumeRoleWithOIDC). It knows nothing about the
// account; package account looks the provider up, calls Verify*, then applies the role's trust
// policy to what was verified.
//
// Libraries, chosen because signature checking is where hand-written code goes wrong:
//   - github.com/russellhaering/goxmldsig (with github.com/beevik/etree) for XML signatures. It is
//     the verifier under gosaml2 and used by Dex and Grafana; it canonicalises, checks the digest
//     and the signature, and only trusts the certificates we give it. Every field we read is
//     read from the element it returns (the signed copy), never from the document as received,
//     which is what defeats signature-wrapping attacks.
//   - github.com/go-jose/go-jose/v4 for JWS/JWT and JWKS: the maintained successor of
//     square/go-jose, with an explicit allow-list of signature algorithms (no "none", no HMAC
//     with a public key).
package federation

import "fmt"

// Kind says why a credential was refused; package account maps it to an API error code.
type Kind int

const (
	Malformed Kind = iota // not parseable, a required element missing
	BadSignature
	Expired   // outside the validity window
	BadIssuer // issuer differs from the provider's
	BadAudience
	BadRecipient
	NoKeys // the provider's signing keys cannot be reached
)

// Error is a refusal with a reason a person can act on.
type Error struct {
	Kind Kind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func fail(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}
