package account

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramsim/federation"
)

// STS AssumeRoleWithSAML and AssumeRoleWithOIDC (ram-api.md §4.3). Both are anonymous: the
// credential is the assertion or token, which federation verifies; then the role's trust policy
// must name the provider as Federated principal and its conditions (saml:recipient; oidc:iss,
// oidc:aud, oidc:sub) must hold. The session that results is an ordinary role session.
//
// Simulator's choices where the service's codes are not documented: verification failures are
// 400 AuthenticationFail.SAMLAssertion.<Reason> / AuthenticationFail.OIDCToken.<Reason>; a trust
// policy that does not let the provider in is 403 AuthenticationFail.NoPermission with an
// AccessDeniedDetail whose PolicyType is AssumeRolePolicy (what the real service answers for
// OIDC, as users report it).
//
// OIDC keys are fetched from the issuer (loopback hosts only) while the account lock is held:
// a slow local issuer slows the simulator for at most federation's fetch timeout.

var (
	samlProviderARNFormat = lazyRegexp(`^acs:ram::([0-9]+):saml-provider/(.+)$`)
	oidcProviderARNFormat = lazyRegexp(`^acs:ram::([0-9]+):oidc-provider/(.+)$`)
)

// oidcKeys finds issuers' signing keys; tests of this package may replace it.
var oidcKeys federation.KeySource = &federation.LoopbackKeys{}

var reasonSuffix = map[federation.Kind]string{
	federation.Malformed:    "Invalid",
	federation.BadSignature: "SignatureInvalid",
	federation.Expired:      "Expired",
	federation.BadIssuer:    "IssuerError",
	federation.BadAudience:  "AudienceError",
	federation.BadRecipient: "RecipientError",
	federation.NoKeys:       "KeysUnreachable",
}

func authFail(prefix string, err error) *Error {
	var fe *federation.Error
	suffix := "Invalid"
	if errors.As(err, &fe) {
		suffix = reasonSuffix[fe.Kind]
	}
	return errBadRequest("AuthenticationFail."+prefix+"."+suffix, "%s", err.Error())
}

// federatedCommon validates what both actions share: RoleArn, DurationSeconds, Policy.
func (c *call) federatedCommon() (roleARN []string, duration int64, sessionDoc *policy.Document, err *Error) {
	arn, err := c.required("RoleArn")
	if err != nil {
		return nil, 0, nil, err
	}
	m := roleARNFormat.FindStringSubmatch(arn)
	if m == nil {
		return nil, 0, nil, errBadRequest("InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")
	}
	duration, err = c.intParam("DurationSeconds", 3600, 900, 43200)
	if err != nil {
		return nil, 0, nil, errBadRequest("InvalidParameter.DurationSeconds",
			"The Min/Max value of DurationSeconds is 15min/the role's MaxSessionDuration.")
	}
	if text := c.p("Policy"); text != "" {
		if sessionDoc, err = parseDocument("Policy", text, policy.Session); err != nil {
			return nil, 0, nil, err
		}
	}
	return m, duration, sessionDoc, nil
}

func checkCredentialLength(param, v string, min, max int) *Error {
	if n := utf8.RuneCountInString(v); n < min || n > max {
		return errBadRequest("InvalidParameter."+param, "The parameter %s must be %d to %d characters long.", param, min, max)
	}
	return nil
}

func (c *call) federatedRole(m []string, duration int64) (*role, *Error) {
	r := c.s.role(m[2])
	if m[1] != c.s.AccountID || r == nil {
		return nil, errNotFound("EntityNotExist.Role", "The specified Role not exists.")
	}
	if duration > r.MaxSessionDuration {
		return nil, errBadRequest("InvalidParameter.DurationSeconds",
			"The Min/Max value of DurationSeconds is 15min/%ds (the role's MaxSessionDuration).", r.MaxSessionDuration)
	}
	return r, nil
}

// trustFederated applies the role's trust policy to a federated principal.
func (c *call) trustFederated(r *role, providerARN string, keys policy.Context) *Error {
	ctx := policy.Context{"acs:CurrentTime": {c.now.Format(timeFormat)}, "acs:SecureTransport": {boolText(c.req.Secure)}}
	if c.req.SourceIP != "" {
		ctx["acs:SourceIp"] = []string{c.req.SourceIP}
	}
	for k, v := range keys {
		ctx[k] = v
	}
	res := policy.Trusts(r.trust, policy.Caller{Type: policy.CallerFederated, Name: providerARN}, ctx)
	if res.Decision == policy.Allowed {
		return nil
	}
	detail := &AccessDeniedDetail{AuthAction: "sts:AssumeRole", AuthPrincipalOwnerId: c.s.AccountID,
		AuthPrincipalType: "Federated", AuthPrincipalDisplayName: providerARN, PolicyType: "AssumeRolePolicy",
		NoPermissionType: "ImplicitDeny"}
	if res.Decision == policy.ExplicitDeny {
		detail.NoPermissionType = "ExplicitDeny"
	}
	return &Error{Status: http.StatusForbidden, Code: "AuthenticationFail.NoPermission",
		Message: "The role " + r.Name + " does not trust " + providerARN + " with these claims.", Denied: detail}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// newRoleSession issues the credentials of a role session and returns the response's
// AssumedRoleUser and Credentials.
func (c *call) newRoleSession(r *role, session string, duration int64, sessionDoc *policy.Document) map[string]any {
	c.s.pruneSessions(c.now)
	keyID, secret, token := newSTSCredentials()
	ss := &stsSession{KeyID: keyID, Secret: secret, Token: token,
		Expiration: c.now.Add(time.Duration(duration) * time.Second), RoleName: r.Name, RoleID: r.ID,
		SessionName: session, Policy: c.p("Policy"), Created: c.now, doc: sessionDoc}
	c.s.Sessions[keyID] = ss
	c.s.touch(colSessions, keyID)
	return map[string]any{
		"AssumedRoleUser": map[string]string{"Arn": roleARN(c.s.AccountID, r.Name) + "/" + session, "AssumedRoleId": r.ID + ":" + session},
		"Credentials": map[string]string{"AccessKeyId": keyID, "AccessKeySecret": secret,
			"SecurityToken": token, "Expiration": fmtTime(ss.Expiration)},
	}
}

func checkSessionName(v string) *Error {
	if n := len(v); n < 2 || n > 64 || !sessionNameChar.MatchString(v) {
		return errBadRequest("InvalidParameter.RoleSessionName",
			"The parameter RoleSessionName must be 2 to 64 characters of letters, digits and . @ _ -.")
	}
	return nil
}

func assumeRoleWithSAML(c *call) (any, *Error) {
	provArn, err := c.required("SAMLProviderArn")
	if err != nil {
		return nil, err
	}
	pm := samlProviderARNFormat.FindStringSubmatch(provArn)
	if pm == nil {
		return nil, errBadRequest("InvalidParameter.SAMLProviderArn", "The parameter SAMLProviderArn is wrongly formed.")
	}
	rm, duration, sessionDoc, err := c.federatedCommon()
	if err != nil {
		return nil, err
	}
	assertion, err := c.required("SAMLAssertion")
	if err != nil {
		return nil, err
	}
	if err := checkCredentialLength("SAMLAssertion", assertion, 4, 100000); err != nil {
		return nil, err
	}
	p := c.s.SAMLProviders[key(pm[2])]
	if pm[1] != c.s.AccountID || p == nil {
		return nil, errNoSAMLProvider()
	}
	r, err := c.federatedRole(rm, duration)
	if err != nil {
		return nil, err
	}
	if len(p.md.Certs) == 0 {
		return nil, errBadRequest("AuthenticationFail.SAMLAssertion.Invalid", "The SAML provider has no metadata to verify assertions with.")
	}
	a, verr := federation.VerifySAML(assertion, p.md, c.now)
	if verr != nil {
		return nil, authFail("SAMLAssertion", verr)
	}
	provARN, wantRole := samlProviderARN(c.s.AccountID, p.Name), roleARN(c.s.AccountID, r.Name)
	paired := false
	for _, pair := range a.Roles {
		paired = paired || strings.EqualFold(pair.RoleARN, wantRole) && strings.EqualFold(pair.ProviderARN, provARN)
	}
	if !paired {
		return nil, errBadRequest("AuthenticationFail.SAMLAssertion.RoleNotMatch",
			"The assertion's Role attribute does not pair %s with %s.", wantRole, provARN)
	}
	if err := checkSessionName(a.SessionName); err != nil {
		return nil, err
	}
	if err := c.trustFederated(r, provARN, policy.Context{"saml:recipient": {a.Recipient}}); err != nil {
		return nil, err
	}
	out := c.newRoleSession(r, a.SessionName, duration, sessionDoc)
	out["SAMLAssertionInfo"] = map[string]string{"SubjectType": a.SubjectType, "Subject": a.Subject,
		"Issuer": a.Issuer, "Recipient": a.Recipient}
	return out, nil
}

func assumeRoleWithOIDC(c *call) (any, *Error) {
	provArn, err := c.required("OIDCProviderArn")
	if err != nil {
		return nil, err
	}
	pm := oidcProviderARNFormat.FindStringSubmatch(provArn)
	if pm == nil {
		return nil, errBadRequest("InvalidParameter.OIDCProviderArn", "The parameter OIDCProviderArn is wrongly formed.")
	}
	rm, duration, sessionDoc, err := c.federatedCommon()
	if err != nil {
		return nil, err
	}
	session, err := c.required("RoleSessionName")
	if err != nil {
		return nil, err
	}
	if err := checkSessionName(session); err != nil {
		return nil, err
	}
	token, err := c.required("OIDCToken")
	if err != nil {
		return nil, err
	}
	if err := checkCredentialLength("OIDCToken", token, 4, 20000); err != nil {
		return nil, err
	}
	p := c.s.OIDCProviders[key(pm[2])]
	if pm[1] != c.s.AccountID || p == nil {
		return nil, errNoOIDCProvider()
	}
	r, err := c.federatedRole(rm, duration)
	if err != nil {
		return nil, err
	}
	tok, verr := federation.VerifyOIDC(context.Background(), token, p.federation(), oidcKeys, c.now)
	if verr != nil {
		return nil, authFail("OIDCToken", verr)
	}
	provARN := oidcProviderARN(c.s.AccountID, p.Name)
	keys := policy.Context{"oidc:iss": {tok.Issuer}, "oidc:aud": tok.Audiences, "oidc:sub": {tok.Subject}}
	if err := c.trustFederated(r, provARN, keys); err != nil {
		return nil, err
	}
	out := c.newRoleSession(r, session, duration, sessionDoc)
	out["OIDCTokenInfo"] = map[string]string{"Subject": tok.Subject, "Issuer": tok.Issuer,
		"ClientIds": strings.Join(tok.Audiences, ","), "ExpirationTime": fmtTime(tok.Expiry),
		"IssuanceTime": fmtTime(tok.IssuedAt), "VerificationInfo": "Success"}
	return out, nil
}
