package ramsim

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/ramtui/ramtui/ramsim/account"
	"github.com/ramtui/ramtui/ramsim/idptest"
)

// The SDK's own OIDC credential provider (what ACK RRSA workloads run: an unsigned POST over
// HTTPS with the token read from a file) gets working credentials from the simulator, which
// verifies the token against a loopback issuer. Child process: see TestRoleProviderOverTLS.
func TestOIDCProviderOverTLS(t *testing.T) {
	dir := t.TempDir()
	certFile := filepath.Join(dir, "sim.pem")
	sim := startSim(t, Options{TLSCertFile: certFile, Seed: "empty"})
	iss := idptest.NewOIDCIssuer(t)
	acct := sim.Account().ID()
	root := account.Identity{Type: account.IdentityRoot, AccountID: acct, AccessKeyID: rootID}
	for _, req := range []account.Request{
		{Product: account.IMS, Action: "CreateOIDCProvider", Params: map[string]string{"OIDCProviderName": "cluster",
			"IssuerUrl": iss.URL, "ClientIds": "sts.aliyuncs.com", "Fingerprints": iss.Fingerprint}},
		{Product: account.RAM, Action: "CreateRole", Params: map[string]string{"RoleName": "rrsa", "AssumeRolePolicyDocument": fmt.Sprintf(
			`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":["acs:ram::%s:oidc-provider/cluster"]},
			 "Condition":{"StringEquals":{"oidc:iss":"%s","oidc:aud":"sts.aliyuncs.com","oidc:sub":"system:serviceaccount:ns:app"}}}]}`, acct, iss.URL)}},
	} {
		req.Caller = root
		if _, _, err := sim.Account().Invoke(req); err != nil {
			t.Fatalf("%s: %v", req.Action, err)
		}
	}
	tok, err := iss.Token(idptest.Claims{Subject: "system:serviceaccount:ns:app"})
	if err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(tok), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		roleProviderEnv+"=sdk-oidc",
		"SSL_CERT_FILE="+certFile,
		"RAMSIM_TEST_ENDPOINT="+sim.Endpoint,
		"RAMSIM_TEST_ROLE=acs:ram::"+acct+":role/rrsa",
		"RAMSIM_TEST_OIDC_PROVIDER=acs:ram::"+acct+":oidc-provider/cluster",
		"RAMSIM_TEST_OIDC_TOKEN_FILE="+tokenFile,
	)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "OK STS.") {
		t.Fatalf("OIDC provider: %v\n%s", err, out)
	}
}

// runOIDCProvider is the child side of TestOIDCProviderOverTLS. It prints only the key id.
func runOIDCProvider() int {
	p, err := credentials.NewOIDCCredentialsProviderBuilder().
		WithRoleArn(os.Getenv("RAMSIM_TEST_ROLE")).
		WithOIDCProviderARN(os.Getenv("RAMSIM_TEST_OIDC_PROVIDER")).
		WithOIDCTokenFilePath(os.Getenv("RAMSIM_TEST_OIDC_TOKEN_FILE")).
		WithRoleSessionName("pod-1").
		WithSTSEndpoint(os.Getenv("RAMSIM_TEST_ENDPOINT")).
		Build()
	if err == nil {
		var cc *credentials.Credentials
		if cc, err = p.GetCredentials(); err == nil {
			println("OK", cc.AccessKeyId)
			return 0
		}
	}
	println("FAIL", err.Error())
	return 1
}
