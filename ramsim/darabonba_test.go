package ramsim

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/credentials-go/credentials/providers"
)

// The newer generated SDKs go through darabonba-openapi, which signs ACS3-HMAC-SHA256 with the
// API in x-acs-action/x-acs-version headers and no Action in the query. Drive the real client.
func darabonbaCall(t *testing.T, endpoint, id, secret, action, version string, query map[string]any) (map[string]any, error) {
	t.Helper()
	c, err := openapi.NewClient(&openapi.Config{
		AccessKeyId: dara.String(id), AccessKeySecret: dara.String(secret),
		Endpoint: dara.String(endpoint), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou"),
	})
	if err != nil {
		t.Fatal(err)
	}
	params := &openapiutil.Params{
		Action: dara.String(action), Version: dara.String(version), Protocol: dara.String("HTTP"),
		Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
		Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
	}
	res, err := c.CallApi(params, &openapiutil.OpenApiRequest{Query: openapiutil.Query(query)}, &dara.RuntimeOptions{})
	if err != nil {
		return nil, err
	}
	body, _ := res["body"].(map[string]any)
	return body, nil
}

func TestDarabonbaSDK(t *testing.T) {
	sim := startSim(t, Options{})
	who, err := darabonbaCall(t, sim.Endpoint, rootID, rootSecret, "GetCallerIdentity", versionSTS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if who["IdentityType"] != "Account" || who["RequestId"] == "" {
		t.Fatalf("GetCallerIdentity = %v", who)
	}
	comments := "a b*c~d+e/f:g=h&i"
	if _, err := darabonbaCall(t, sim.Endpoint, rootID, rootSecret, "CreateUser", versionRAM,
		map[string]any{"UserName": "dara-user", "Comments": comments}); err != nil {
		t.Fatal(err)
	}
	got, err := darabonbaCall(t, sim.Endpoint, rootID, rootSecret, "GetUser", versionRAM, map[string]any{"UserName": "dara-user"})
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := got["User"].(map[string]any); u["Comments"] != comments {
		t.Fatalf("GetUser = %v", got)
	}
	_, err = darabonbaCall(t, sim.Endpoint, rootID, "wrong", "GetCallerIdentity", versionSTS, nil)
	if err == nil || !strings.Contains(err.Error(), "SignatureDoesNotMatch") {
		t.Fatalf("wrong secret: %v", err)
	}
}

// credentials-go's RAM-role-ARN provider (what the newer SDKs and the aliyun CLI's RamRoleArn
// profiles use) over HTTPS, trusting the simulator's certificate through SSL_CERT_FILE. In a
// child process: the system certificate pool is read once per process.
func TestCredentialsGoRoleProviderOverTLS(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "sim.pem")
	sim := startSim(t, Options{TLSCertFile: certFile})
	id, secret := userKey(t, sim, "ops-admin")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		roleProviderEnv+"=credentials-go",
		"SSL_CERT_FILE="+certFile,
		"RAMSIM_TEST_ENDPOINT="+sim.Endpoint,
		"RAMSIM_TEST_AK="+id,
		"RAMSIM_TEST_SK="+secret,
		"RAMSIM_TEST_ROLE=acs:ram::"+sim.Account().ID()+":role/ops-readonly",
	)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "OK STS.") {
		t.Fatalf("credentials-go role provider: %v\n%s", err, out)
	}
}

// runCredentialsGoRoleProvider is the child side; it prints only the key id.
func runCredentialsGoRoleProvider() int {
	p, err := providers.NewRAMRoleARNCredentialsProviderBuilder().
		WithAccessKeyId(os.Getenv("RAMSIM_TEST_AK")).
		WithAccessKeySecret(os.Getenv("RAMSIM_TEST_SK")).
		WithRoleArn(os.Getenv("RAMSIM_TEST_ROLE")).
		WithStsEndpoint(os.Getenv("RAMSIM_TEST_ENDPOINT")).
		Build()
	if err == nil {
		var cc *providers.Credentials
		if cc, err = p.GetCredentials(); err == nil {
			println("OK", cc.AccessKeyId)
			return 0
		}
	}
	println("FAIL", err.Error())
	return 1
}
