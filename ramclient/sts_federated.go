package ramclient

import (
	"context"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"

	"github.com/ramtui/ramtui/lazyre"
)

// STS federation: AssumeRoleWithSAML and AssumeRoleWithOIDC. The service needs no AccessKey
// for them (the assertion or token is the credential); the SDK signs every request anyway, with
// the client's credentials, which the service ignores for these two actions.

var (
	reSAMLProviderArn = lazyre.New(`^acs:ram::[0-9]+:saml-provider/[^/\s]{1,128}$`)
	reOIDCProviderArn = lazyre.New(`^acs:ram::[0-9]+:oidc-provider/[^/\s]{1,128}$`)
)

// SAMLAssumeInput is AssumeRoleWithSAML's request.
type SAMLAssumeInput struct {
	RoleArn         string
	SAMLProviderArn string        // acs:ram::<account>:saml-provider/<name>
	Assertion       string        // the base64 SAML response from the IdP, 4-100000 characters
	Duration        time.Duration // 0 = 1h; else 15m .. the role's MaxSessionDuration
	Policy          string        // optional session policy
}

// SAMLAssertionInfo is what STS read from the assertion.
type SAMLAssertionInfo struct{ SubjectType, Subject, Issuer, Recipient string }

// OIDCAssumeInput is AssumeRoleWithOIDC's request.
type OIDCAssumeInput struct {
	RoleArn         string
	OIDCProviderArn string // acs:ram::<account>:oidc-provider/<name>
	Token           string // the ID token (JWT), 4-20000 characters
	SessionName     string // 2-64 of [A-Za-z0-9.@_-]
	Duration        time.Duration
	Policy          string
}

// OIDCTokenInfo is what STS read from the token.
type OIDCTokenInfo struct {
	Subject, Issuer, ClientIDs string
	IssuedAt, Expiration       time.Time
}

func federatedCommon(action, roleArn string, d time.Duration, pol string) error {
	if !reRoleArn.MatchString(roleArn) {
		return invalidInput(action, "RoleArn", "%q: expected acs:ram::<account>:role/<name>", truncate(roleArn, 80))
	}
	if d != 0 && (d < minSessionTime || d > maxSessionTime || d%time.Second != 0) {
		return invalidInput(action, "DurationSeconds", "whole seconds from 15m to 12h")
	}
	if pol != "" {
		if err := maxLen(action, "Policy", pol, 2048); err != nil {
			return err
		}
	}
	return nil
}

func toSTSCredentials(action string, resp *sts.Credentials, user sts.AssumedRoleUser, reqID string) (STSCredentials, error) {
	out := STSCredentials{AccessKeyID: resp.AccessKeyId, AccessKeySecret: resp.AccessKeySecret,
		SecurityToken: resp.SecurityToken, Expiration: parseTime(resp.Expiration), AssumedRoleArn: user.Arn,
		AssumedRoleID: user.AssumedRoleId, RequestID: reqID}
	if out.AccessKeyID == "" || out.AccessKeySecret == "" || out.SecurityToken == "" {
		return STSCredentials{}, &Error{Kind: KindServer, Action: action, RequestID: reqID, Message: "the response lacks credentials"}
	}
	return out, nil
}

// AssumeRoleWithSAML exchanges a SAML assertion for a role session. The log shows the role and
// provider, never the assertion or the credentials.
func (c *Client) AssumeRoleWithSAML(ctx context.Context, in SAMLAssumeInput) (STSCredentials, SAMLAssertionInfo, error) {
	const action = "AssumeRoleWithSAML"
	if err := federatedCommon(action, in.RoleArn, in.Duration, in.Policy); err != nil {
		return STSCredentials{}, SAMLAssertionInfo{}, c.refuse(err)
	}
	if !reSAMLProviderArn.MatchString(in.SAMLProviderArn) {
		return STSCredentials{}, SAMLAssertionInfo{}, invalidInput(action, "SAMLProviderArn",
			"expected acs:ram::<account>:saml-provider/<name>")
	}
	if n := len(in.Assertion); n < 4 || n > 100000 {
		return STSCredentials{}, SAMLAssertionInfo{}, c.refuse(invalidInput(action, "SAMLAssertion", "%d characters, 4 to 100000 allowed", n))
	}
	// A replayed assertion is refused by no rule of the API, but a new session per attempt is
	// harmless: the call is idempotent enough to retry.
	resp, err := invoke(ctx, c, call{action: action, target: in.RoleArn + " via " + in.SAMLProviderArn, svc: svcSTS},
		func() (requests.AcsRequest, *sts.AssumeRoleWithSAMLResponse) {
			req := sts.CreateAssumeRoleWithSAMLRequest()
			req.RoleArn, req.SAMLProviderArn, req.SAMLAssertion, req.Policy = in.RoleArn, in.SAMLProviderArn, in.Assertion, in.Policy
			if in.Duration > 0 {
				req.DurationSeconds = requests.NewInteger(int(in.Duration / time.Second))
			}
			return req, sts.CreateAssumeRoleWithSAMLResponse()
		})
	if err != nil {
		return STSCredentials{}, SAMLAssertionInfo{}, err
	}
	creds, err := toSTSCredentials(action, &resp.Credentials, resp.AssumedRoleUser, resp.RequestId)
	if err != nil {
		return STSCredentials{}, SAMLAssertionInfo{}, err
	}
	i := resp.SAMLAssertionInfo
	return creds, SAMLAssertionInfo{SubjectType: i.SubjectType, Subject: i.Subject, Issuer: i.Issuer, Recipient: i.Recipient}, nil
}

// AssumeRoleWithOIDC exchanges an OIDC ID token for a role session.
func (c *Client) AssumeRoleWithOIDC(ctx context.Context, in OIDCAssumeInput) (STSCredentials, OIDCTokenInfo, error) {
	const action = "AssumeRoleWithOIDC"
	if err := federatedCommon(action, in.RoleArn, in.Duration, in.Policy); err != nil {
		return STSCredentials{}, OIDCTokenInfo{}, c.refuse(err)
	}
	if !reOIDCProviderArn.MatchString(in.OIDCProviderArn) {
		return STSCredentials{}, OIDCTokenInfo{}, invalidInput(action, "OIDCProviderArn",
			"expected acs:ram::<account>:oidc-provider/<name>")
	}
	if !reSessionName.MatchString(in.SessionName) {
		return STSCredentials{}, OIDCTokenInfo{}, c.refuse(invalidInput(action, "RoleSessionName", "2-64 of letters, digits, '.', '@', '_' and '-'"))
	}
	if n := len(in.Token); n < 4 || n > 20000 {
		return STSCredentials{}, OIDCTokenInfo{}, c.refuse(invalidInput(action, "OIDCToken", "%d characters, 4 to 20000 allowed", n))
	}
	resp, err := invoke(ctx, c, call{action: action, target: in.RoleArn + " as " + in.SessionName, svc: svcSTS},
		func() (requests.AcsRequest, *sts.AssumeRoleWithOIDCResponse) {
			req := sts.CreateAssumeRoleWithOIDCRequest()
			req.RoleArn, req.OIDCProviderArn, req.OIDCToken = in.RoleArn, in.OIDCProviderArn, in.Token
			req.RoleSessionName, req.Policy = in.SessionName, in.Policy
			if in.Duration > 0 {
				req.DurationSeconds = requests.NewInteger(int(in.Duration / time.Second))
			}
			return req, sts.CreateAssumeRoleWithOIDCResponse()
		})
	if err != nil {
		return STSCredentials{}, OIDCTokenInfo{}, err
	}
	creds, err := toSTSCredentials(action, &resp.Credentials, resp.AssumedRoleUser, resp.RequestId)
	if err != nil {
		return STSCredentials{}, OIDCTokenInfo{}, err
	}
	i := resp.OIDCTokenInfo
	return creds, OIDCTokenInfo{Subject: i.Subject, Issuer: i.Issuer, ClientIDs: i.ClientIds,
		IssuedAt: parseTime(i.IssuanceTime), Expiration: parseTime(i.ExpirationTime)}, nil
}
