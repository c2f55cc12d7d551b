package ramsim

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

func TestTLSCertificate(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "sim.pem")
	sim := startSim(t, Options{TLSCertFile: certFile})
	data, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(certFile); info.Mode().Perm() != 0o600 {
		t.Errorf("cert file mode %v", info.Mode().Perm())
	}
	block, rest := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" || len(strings.TrimSpace(string(rest))) != 0 {
		t.Fatalf("cert file is not exactly one PEM certificate (no private key): %q", data)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"127.0.0.1", "::1", "localhost", "sts.aliyuncs.com", "sts.cn-hangzhou.aliyuncs.com", "ram.aliyuncs.com"} {
		if err := cert.VerifyHostname(host); err != nil {
			t.Errorf("certificate not valid for %s: %v", host, err)
		}
	}

	// The SDK over HTTPS, trusting the printed certificate.
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(sim.CertPEM)
	c, err := sts.NewClientWithOptions("cn-hangzhou", sdk.NewConfig().WithScheme("HTTPS"),
		credentials.NewStaticAKCredentialsProvider(rootID, rootSecret))
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = sim.Endpoint
	c.SetTransport(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}})
	resp, err := c.GetCallerIdentity(sts.CreateGetCallerIdentityRequest())
	if err != nil {
		t.Fatal(err)
	}
	if resp.IdentityType != "Account" {
		t.Fatalf("identity %+v", resp)
	}
}

func TestTLSRequestIsSecure(t *testing.T) {
	sim := startEcho(t, Options{TLSCertFile: filepath.Join(t.TempDir(), "sim.pem")})
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(sim.CertPEM)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	p := commonV1(rootID, "Echo", versionRAM)
	p["Signature"] = testSign(rootSecret, "GET", p)
	q := url.Values{}
	for k, v := range p {
		q.Set(k, v)
	}
	req, _ := http.NewRequest("GET", "https://"+sim.Endpoint+"/?"+q.Encode(), nil)
	r := sendWith(t, client, req)
	if r.Body["Secure"] != true {
		t.Fatalf("Secure not set on TLS: %s", r.Raw)
	}
}

// The SDK's RAM-role-ARN credential provider (the same request shape as credentials-go) only
// speaks HTTPS. With SSL_CERT_FILE pointing at the simulator's certificate and the STS endpoint
// at the simulator, it gets working STS credentials. It runs in a child process because the
// system certificate pool is read once per process.
func TestRoleProviderOverTLS(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "sim.pem")
	sim := startSim(t, Options{TLSCertFile: certFile})
	id, secret := userKey(t, sim, "ops-admin")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		roleProviderEnv+"=sdk",
		"SSL_CERT_FILE="+certFile,
		"RAMSIM_TEST_ENDPOINT="+sim.Endpoint,
		"RAMSIM_TEST_AK="+id,
		"RAMSIM_TEST_SK="+secret,
		"RAMSIM_TEST_ROLE=acs:ram::"+sim.Account().ID()+":role/ops-readonly",
	)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "OK STS.") {
		t.Fatalf("role provider: %v\n%s", err, out)
	}
}

const roleProviderEnv = "RAMSIM_TEST_ROLE_PROVIDER"

// runRoleProvider is the child side of TestRoleProviderOverTLS. It prints only the key id.
func runRoleProvider() int {
	p, err := credentials.NewRAMRoleARNCredentialsProviderBuilder().
		WithAccessKeyId(os.Getenv("RAMSIM_TEST_AK")).
		WithAccessKeySecret(os.Getenv("RAMSIM_TEST_SK")).
		WithRoleArn(os.Getenv("RAMSIM_TEST_ROLE")).
		WithStsEndpoint(os.Getenv("RAMSIM_TEST_ENDPOINT")).
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
