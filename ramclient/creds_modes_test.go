package ramclient

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ramsim/idptest"
)

// issue 13 item 1: a profile of every mode the aliyun CLI knows, in one config.json, resolves to
// credentials the simulator accepts. The identity services a mode talks to (the ECS metadata
// service, a credentials URI, the CloudSSO portal) are loopback stubs that hand out real
// sessions of the simulator; OIDC is the simulator's own AssumeRoleWithOIDC with a token file.
func TestEveryProfileModeAgainstRamsim(t *testing.T) {
	sim, admin := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	acct := sim.Account().ID()
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	mustOK(t, err)
	mint := func() STSCredentials {
		t.Helper()
		s, err := admin.AssumeRole(ctx, AssumeRoleInput{RoleArn: "acs:ram::" + acct + ":role/ops-readonly", SessionName: "stub"})
		mustOK(t, err)
		return s
	}
	rfc := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/latest/meta-data/ram/security-credentials/app-role" {
			http.NotFound(w, r)
			return
		}
		s := mint()
		json.NewEncoder(w).Encode(map[string]string{"Code": "Success", "AccessKeyId": s.AccessKeyID, "AccessKeySecret": s.AccessKeySecret,
			"SecurityToken": s.SecurityToken, "Expiration": rfc(s.Expiration)})
	}))
	defer imds.Close()
	uri := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := mint()
		json.NewEncoder(w).Encode(map[string]string{"Code": "Success", "AccessKeyId": s.AccessKeyID, "AccessKeySecret": s.AccessKeySecret,
			"SecurityToken": s.SecurityToken, "Expiration": rfc(s.Expiration)})
	}))
	defer uri.Close()
	sso := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ AccountId, AccessConfigurationId string }
		json.NewDecoder(r.Body).Decode(&body)
		if r.Method != http.MethodPost || r.URL.Path != "/cloud-credentials" || r.Header.Get("Authorization") != "Bearer sso-access-token" ||
			body.AccountId != acct || body.AccessConfigurationId != "ac-ops" {
			http.Error(w, `{"Code":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		s := mint()
		json.NewEncoder(w).Encode(map[string]any{"RequestId": "r", "CloudCredential": map[string]string{"AccessKeyId": s.AccessKeyID,
			"AccessKeySecret": s.AccessKeySecret, "SecurityToken": s.SecurityToken, "Expiration": rfc(s.Expiration)}})
	}))
	defer sso.Close()

	dir := t.TempDir()
	ext := filepath.Join(dir, "cred helper")
	s := mint()
	mustOK(t, os.WriteFile(ext, []byte(fmt.Sprintf("#!/bin/sh\n[ \"$2\" = 'every mode' ] || exit 9\nprintf '%%s' '{\"mode\":\"StsToken\",\"access_key_id\":\"%s\",\"access_key_secret\":\"%s\",\"sts_token\":\"%s\",\"expiration\":\"%s\"}'\n",
		s.AccessKeyID, s.AccessKeySecret, s.SecurityToken, rfc(s.Expiration))), 0o700))

	iss := idptest.NewOIDCIssuer(t)
	root := clientRoot(t, sim)
	prov, err := root.CreateOIDCProvider(ctx, NewOIDCProvider{Name: "ack", IssuerURL: iss.URL, ClientIDs: []string{"sts.aliyuncs.com"},
		Fingerprints: []string{iss.Fingerprint}})
	mustOK(t, err)
	_, err = root.CreateRole(ctx, NewRole{RoleName: "pod", TrustPolicy: fmt.Sprintf(federatedTrust, prov.Arn, `"oidc:iss":"`+iss.URL+`"`)})
	mustOK(t, err)
	tok, err := iss.Token(idptest.Claims{})
	mustOK(t, err)
	tokenFile := filepath.Join(dir, "token")
	mustOK(t, os.WriteFile(tokenFile, []byte(tok+"\n"), 0o600))

	cached := mint()
	h := home(t, "config/every-mode.json.tmpl", "", map[string]string{
		"AK": id, "SECRET": secret, "ACCOUNT": acct, "EXT": ext, "URI": uri.URL, "SSO": sso.URL,
		"OIDC_PROVIDER": prov.Arn, "OIDC_TOKEN_FILE": tokenFile,
		"STS_ID": cached.AccessKeyID, "STS_SECRET": cached.AccessKeySecret, "STS_TOKEN": cached.SecurityToken,
		"STS_EXPIRE": fmt.Sprint(cached.Expiration.Unix()), "SSO_EXPIRE": fmt.Sprint(time.Now().Add(time.Hour).Unix()),
	})
	for _, tc := range []struct {
		profile, identity string // identity: a part of the caller's ARN
		refreshable       bool
	}{
		{"ak", "user/ops-admin", false},
		{"sts", "role/ops-readonly/stub", false},
		{"role", "role/ops-readonly/every-mode", true},
		{"chain", "role/ops-readonly/chained", true},
		{"ecs", "role/ops-readonly/stub", true},
		{"external", "role/ops-readonly/stub", true},
		{"oidc", "role/pod/pod-1", true},
		{"uri", "role/ops-readonly/stub", true},
		{"sso", "role/ops-readonly/stub", true},
		{"oauth", "role/ops-readonly/stub", true}, // the session the CLI cached in the profile
	} {
		c, err := resolve(t, CredentialOptions{HomeDir: h, Profile: tc.profile, Endpoint: sim.Endpoint, IMDSEndpoint: imds.URL})
		if err != nil {
			t.Errorf("%s: %v", tc.profile, err)
			continue
		}
		if c.Refreshable() != tc.refreshable || !strings.Contains(c.Source, `profile "`+tc.profile+`"`) {
			t.Errorf("%s: refreshable %v, source %q", tc.profile, c.Refreshable(), c.Source)
		}
		who, err := newClient(t, sim.Endpoint, c).CallerIdentity(ctx)
		if err != nil || !strings.Contains(who.Arn, tc.identity) {
			t.Errorf("%s: signed in as %q, %v; want %s", tc.profile, who.Arn, err, tc.identity)
		}
	}
	// Without a profile: ACK RRSA's variables, and ALIBABA_CLOUD_CREDENTIALS_URI (the last source).
	for name, vars := range map[string]map[string]string{
		"role/pod/rrsa": {"ALIBABA_CLOUD_ROLE_ARN": "acs:ram::" + acct + ":role/pod", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": prov.Arn,
			"ALIBABA_CLOUD_OIDC_TOKEN_FILE": tokenFile, "ALIBABA_CLOUD_ROLE_SESSION_NAME": "rrsa"},
		"role/ops-readonly/stub": {"ALIBABA_CLOUD_CREDENTIALS_URI": uri.URL},
	} {
		c, err := resolve(t, CredentialOptions{HomeDir: t.TempDir(), Endpoint: sim.Endpoint, Getenv: env(vars)})
		if err != nil || !c.Refreshable() {
			t.Errorf("%v: %v %v", vars, c, err)
			continue
		}
		who, err := newClient(t, sim.Endpoint, c).CallerIdentity(ctx)
		if err != nil || !strings.Contains(who.Arn, name) {
			t.Errorf("%v: signed in as %q, %v", vars, who.Arn, err)
		}
	}
	_, err = resolve(t, CredentialOptions{HomeDir: h, Profile: "uri", Getenv: env(map[string]string{EnvDisableExternalProcess: "1"})})
	if err == nil || !strings.Contains(err.Error(), "disabled by "+EnvDisableExternalProcess) {
		t.Errorf("credentials URI while external sources are disabled: %v", err)
	}
	for profile, want := range map[string]string{
		"rsa":    "mode RsaKeyPair is deprecated",
		"bearer": "mode BearerToken is not supported by ramtui; supported modes: " + supportedModes,
	} {
		_, err := resolve(t, CredentialOptions{HomeDir: h, Profile: profile, Endpoint: sim.Endpoint})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want %q, got %v", profile, want, err)
		}
	}
}
