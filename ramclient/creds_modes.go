package ramclient

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/ramtui/ramtui/limits"
)

// The profile modes that obtain credentials from an identity service rather than from a key:
// OIDC (ACK RRSA), CredentialsURI, CloudSSO and OAuth. CloudSSO, OAuth and OIDC against the real
// STS are handed to github.com/aliyun/credentials-go, which implements them for the aliyun CLI's
// profiles (OAuth's refreshed tokens are written back to config.json by it, as the CLI does).
// ramtui keeps its own resolution order and errors around them, asks STS itself for OIDC when
// the endpoint is a plain-HTTP simulator (credentials-go only speaks HTTPS), and fetches a
// CredentialsURI itself, as the CLI does, so that the expiry is known.

// liveCredentials wraps a credentials-go provider: the Client asks it before every call (it
// caches the session and renews it itself three minutes before expiry), so the expiry is not
// known here. Source and Region label what it returns.
func fromProvider(p providers.CredentialsProvider, src, region string) (Credentials, error) {
	var mu sync.Mutex // credentials-go's OAuth and CLI-profile providers are not safe for concurrent use
	var get func(context.Context) (Credentials, error)
	get = func(context.Context) (Credentials, error) {
		mu.Lock()
		defer mu.Unlock()
		cc, err := p.GetCredentials()
		if err != nil {
			return Credentials{}, scrubProviderError(err)
		}
		if cc == nil || cc.AccessKeyId == "" || cc.AccessKeySecret == "" {
			return Credentials{}, fmt.Errorf("%s gave no credentials", p.GetProviderName())
		}
		return Credentials{AccessKeyID: cc.AccessKeyId, AccessKeySecret: cc.AccessKeySecret, SecurityToken: cc.SecurityToken,
			Source: src, Region: region, refresh: get}, nil
	}
	return get(context.Background())
}

// scrubProviderError keeps a credentials-go error from quoting config.json: one of its messages
// contains the whole file, secrets included.
func scrubProviderError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "failed: {"); i >= 0 {
		msg = msg[:i] + "failed (file content withheld)"
	}
	return fmt.Errorf("%s", truncate(msg, 1024))
}

// cachedSession is the STS session the aliyun CLI keeps in a CloudSSO or OAuth profile
// (access_key_id, access_key_secret, sts_token, sts_expiration): still good for RefreshMargin,
// it is used as is, without a network call.
func cachedSession(p *cliProfile, now time.Time) (Credentials, bool) {
	if p.AccessKeyID == "" || p.AccessKeySecret == "" || p.StsToken == "" || p.StsExpiration == 0 {
		return Credentials{}, false
	}
	exp := time.Unix(p.StsExpiration, 0).UTC()
	if now.Add(RefreshMargin).After(exp) {
		return Credentials{}, false
	}
	return Credentials{AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret, SecurityToken: p.StsToken, Expiration: exp}, true
}

func (r *resolver) cloudSSO(p *cliProfile, src string) (Credentials, error) {
	if c, ok := cachedSession(p, time.Now()); ok {
		r.derived = true
		c.Source, c.Region = src, p.RegionID
		return c, nil
	}
	if p.CloudSSOSignInURL == "" || p.CloudSSOAccountID == "" || p.CloudSSOAccessConfig == "" {
		return Credentials{}, fmt.Errorf("cloud_sso_sign_in_url, cloud_sso_account_id and cloud_sso_access_config are required (aliyun configure --profile %s --mode CloudSSO)", p.Name)
	}
	if p.AccessToken == "" || !time.Unix(p.CloudSSOAccessTokenExpire, 0).After(time.Now()) {
		return Credentials{}, fmt.Errorf("the CloudSSO sign-in has expired: sign in again with `aliyun configure --profile %s`", p.Name)
	}
	prov, err := providers.NewCloudSSOCredentialsProviderBuilder().WithSignInUrl(p.CloudSSOSignInURL).
		WithAccountId(p.CloudSSOAccountID).WithAccessConfig(p.CloudSSOAccessConfig).
		WithAccessToken(p.AccessToken).WithAccessTokenExpire(p.CloudSSOAccessTokenExpire).Build()
	if err != nil {
		return Credentials{}, err
	}
	return fromProvider(prov, src, p.RegionID)
}

func (r *resolver) oauth(p *cliProfile, path, src string) (Credentials, error) {
	if c, ok := cachedSession(p, time.Now()); ok {
		r.derived = true
		c.Source, c.Region = src, p.RegionID
		return c, nil
	}
	if p.OAuthRefreshToken == "" && p.OAuthAccessToken == "" {
		return Credentials{}, fmt.Errorf("no OAuth sign-in: sign in with `aliyun configure --profile %s --mode OAuth`", p.Name)
	}
	// The CLI-profile provider knows the OAuth client of each site and writes refreshed tokens
	// back to the file (under the CLI's lock), so the aliyun CLI's sign-in stays valid.
	prov, err := providers.NewCLIProfileCredentialsProviderBuilder().WithProfileFile(path).WithProfileName(p.Name).Build()
	if err != nil {
		return Credentials{}, err
	}
	return fromProvider(prov, src, p.RegionID)
}

// oidc exchanges the token in tokenFile for a role session (ACK RRSA): through ramclient when
// the STS endpoint is plain HTTP (a simulator), else through credentials-go.
// src and label the result (a renewed session is labelled the same way).
func (r *resolver) oidc(ctx context.Context, roleArn, providerArn, tokenFile, session, stsEndpoint, region string, seconds int, src, label string) (Credentials, error) {
	switch {
	case roleArn == "":
		return Credentials{}, fmt.Errorf("ram_role_arn (or ALIBABA_CLOUD_ROLE_ARN) is required")
	case providerArn == "":
		return Credentials{}, fmt.Errorf("oidc_provider_arn (or ALIBABA_CLOUD_OIDC_PROVIDER_ARN) is required")
	case tokenFile == "":
		return Credentials{}, fmt.Errorf("oidc_token_file (or ALIBABA_CLOUD_OIDC_TOKEN_FILE) is required")
	}
	token, err := limits.ReadFile(tokenFile, 20000) // STS takes at most 20,000 characters
	if err != nil {
		return Credentials{}, fmt.Errorf("OIDC token file: %w", err)
	}
	if session == "" {
		session = fmt.Sprintf("ramtui-%d", time.Now().Unix())
	}
	if seconds == 0 {
		seconds = 3600
	}
	if region == "" {
		region = r.opts.Region
	}
	ep, err := parseEndpoint(stsEndpoint)
	if err != nil {
		return Credentials{}, err
	}
	r.derived = true
	if ep.Scheme == "HTTP" {
		// AssumeRoleWithOIDC is anonymous: the token is the credential, and the placeholder key
		// the SDK insists on signing with is ignored.
		c, err := New(Options{Endpoint: stsEndpoint, Region: region, Concurrency: 1, CallLogSize: 16,
			Credentials:    Credentials{AccessKeyID: "anonymous", AccessKeySecret: "anonymous"},
			ConnectTimeout: r.opts.ConnectTimeout, ReadTimeout: r.opts.ReadTimeout})
		if err != nil {
			return Credentials{}, err
		}
		defer c.Close()
		res, _, err := c.AssumeRoleWithOIDC(ctx, OIDCAssumeInput{RoleArn: roleArn, OIDCProviderArn: providerArn,
			Token: strings.TrimSpace(string(token)), SessionName: session, Duration: time.Duration(seconds) * time.Second})
		if err != nil {
			return Credentials{}, err
		}
		out := res.Credentials()
		out.Source, out.Region = src, label
		return out, nil
	}
	b := providers.NewOIDCCredentialsProviderBuilder().WithRoleArn(roleArn).WithOIDCProviderARN(providerArn).
		WithOIDCTokenFilePath(tokenFile).WithRoleSessionName(session).WithDurationSeconds(seconds)
	if ep.Domain != "" {
		b = b.WithSTSEndpoint(ep.Domain)
	} else {
		b = b.WithStsRegionId(region)
	}
	prov, err := b.Build()
	if err != nil {
		return Credentials{}, err
	}
	return fromProvider(prov, src, label)
}

// fromOIDCEnv is ACK RRSA without a profile: ALIBABA_CLOUD_ROLE_ARN,
// ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE, as credentials-go reads them.
func (r *resolver) fromOIDCEnv(ctx context.Context) (Credentials, bool, error) {
	providerArn, _ := r.opts.env("OIDC_PROVIDER_ARN")
	if providerArn == "" {
		r.try("OIDC: ALIBABA_CLOUD_OIDC_PROVIDER_ARN not set")
		return Credentials{}, false, nil
	}
	const src = "OIDC (ALIBABA_CLOUD_OIDC_PROVIDER_ARN)"
	r.try("%s", src)
	roleArn, _ := r.opts.env("ROLE_ARN")
	tokenFile, _ := r.opts.env("OIDC_TOKEN_FILE")
	session, _ := r.opts.env("ROLE_SESSION_NAME")
	c, err := r.oidc(ctx, roleArn, providerArn, tokenFile, session, r.stsEndpoint(""), r.opts.getenv("ALIBABA_CLOUD_STS_REGION"), 0, src+" -> "+roleArn, "")
	if err != nil {
		return Credentials{}, true, fmt.Errorf("%s: %w", src, err)
	}
	c.Label = "OIDC (environment)"
	return c, true, nil
}

// uriCredentials is what a CredentialsURI serves (the ECS metadata form, `ramtui assume --serve`).
type uriCredentials struct {
	Code            string `json:"Code"`
	AccessKeyID     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret"`
	SecurityToken   string `json:"SecurityToken"`
	Expiration      string `json:"Expiration"`
}

// fetchURI gets credentials from a CredentialsURI as the aliyun CLI does: GET, status 200, and
// "Code": "Success".
func (r *resolver) fetchURI(ctx context.Context, uri string) (Credentials, error) {
	if r.opts.externalDisabled() {
		return Credentials{}, fmt.Errorf("fetching a credentials URI is disabled by %s", EnvDisableExternalProcess)
	}
	if !strings.HasPrefix(uri, "http://") && !strings.HasPrefix(uri, "https://") {
		return Credentials{}, fmt.Errorf("credentials URI %q: want an http:// or https:// URL", truncate(uri, 80))
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, uri, nil)
	if err != nil {
		return Credentials{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials URI unreachable: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return Credentials{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return Credentials{}, fmt.Errorf("credentials URI answered %s", resp.Status)
	}
	var uc uriCredentials
	if err := json.Unmarshal(body, &uc); err != nil {
		return Credentials{}, fmt.Errorf("credentials URI: %s", jsonErrorOnly(err))
	}
	if uc.Code != "Success" {
		return Credentials{}, fmt.Errorf("credentials URI: Code is %q, not Success", truncate(uc.Code, 64))
	}
	if uc.AccessKeyID == "" || uc.AccessKeySecret == "" {
		return Credentials{}, fmt.Errorf("credentials URI: AccessKeyId or AccessKeySecret missing")
	}
	c := Credentials{AccessKeyID: uc.AccessKeyID, AccessKeySecret: uc.AccessKeySecret, SecurityToken: uc.SecurityToken}
	if t, err := time.Parse(time.RFC3339, uc.Expiration); err == nil {
		c.Expiration = t.UTC()
	}
	r.derived = true
	return c, nil
}

// fromURIEnv is ALIBABA_CLOUD_CREDENTIALS_URI without a profile, the last source tried.
func (r *resolver) fromURIEnv(ctx context.Context) (Credentials, error) {
	uri := r.opts.getenv("ALIBABA_CLOUD_CREDENTIALS_URI")
	if uri == "" {
		r.try("credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI not set")
		return Credentials{}, nil
	}
	const src = "credentials URI (ALIBABA_CLOUD_CREDENTIALS_URI)"
	r.try("%s", src)
	c, err := r.fetchURI(ctx, uri)
	if err != nil {
		return Credentials{}, fmt.Errorf("%s: %w", src, err)
	}
	c.Source, c.Label = src, "credentials URI"
	return c, nil
}
