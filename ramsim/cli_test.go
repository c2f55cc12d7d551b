package ramsim

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// The aliyun CLI's common RAM and STS calls against the simulator (RPC, V1 signatures): its
// --pager follows the simulator's markers to every user (told NextToken=Marker), errors come back in the shape it
// prints, and a role session works with --mode StsToken. Skipped when /tmp/aliyun is not built.
func TestAliyunCLIRAM(t *testing.T) {
	if _, err := os.Stat(aliyunCLI); err != nil {
		t.Skipf("%s not built; skipping the aliyun CLI test", aliyunCLI)
	}
	sim := startSim(t, Options{Seed: "scale:250"})
	run := func(cr stsCreds, args ...string) map[string]any {
		t.Helper()
		out, err := aliyun(t, cr, append(args, "--endpoint", sim.Endpoint, "--insecure", "--region", "cn-hangzhou")...)
		var v map[string]any
		if err != nil || json.Unmarshal([]byte(out), &v) != nil {
			t.Fatalf("aliyun %v: %v\n%s", args, err, out)
		}
		return v
	}
	root := stsCreds{id: rootID, secret: rootSecret}

	// The CLI's pager follows NextToken unless told RAM's name for it (as against the service).
	users := run(root, "ram", "ListUsers", "--pager", "path=Users.User", "NextToken=Marker")["Users"].(map[string]any)["User"].([]any)
	want := 0
	for marker := ""; ; {
		page := run(root, "ram", "ListUsers", "--MaxItems", "1000", "--Marker", marker)
		want += len(page["Users"].(map[string]any)["User"].([]any))
		if page["IsTruncated"] != true {
			break
		}
		marker = page["Marker"].(string)
	}
	if len(users) < 250 || len(users) != want {
		t.Fatalf("--pager listed %d users, the pages hold %d", len(users), want)
	}

	out, err := aliyun(t, root, "ram", "GetUser", "--UserName", "nobody", "--endpoint", sim.Endpoint, "--insecure", "--region", "cn-hangzhou")
	if err == nil || !strings.Contains(out, "ErrorCode: EntityNotExist.User") || !strings.Contains(out, "Message: The user does not exist.") {
		t.Fatalf("GetUser of nobody: %v\n%s", err, out)
	}

	run(root, "ram", "CreateUser", "--UserName", "cli-ops")
	run(root, "ram", "AttachPolicyToUser", "--PolicyType", "System", "--PolicyName", "AliyunSTSAssumeRoleAccess", "--UserName", "cli-ops")
	key := run(root, "ram", "CreateAccessKey", "--UserName", "cli-ops")["AccessKey"].(map[string]any)
	trust := fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::%s:root"]}}]}`, sim.Account().ID())
	role := run(root, "ram", "CreateRole", "--RoleName", "cli-role", "--AssumeRolePolicyDocument", trust)["Role"].(map[string]any)
	user := stsCreds{id: key["AccessKeyId"].(string), secret: key["AccessKeySecret"].(string)}
	cred := run(user, "sts", "AssumeRole", "--RoleArn", role["Arn"].(string), "--RoleSessionName", "cli")["Credentials"].(map[string]any)
	session := stsCreds{id: cred["AccessKeyId"].(string), secret: cred["AccessKeySecret"].(string), token: cred["SecurityToken"].(string)}
	if who := run(session, "sts", "GetCallerIdentity"); who["Arn"] != role["Arn"].(string)+"/cli" {
		t.Fatalf("GetCallerIdentity as the session: %v", who)
	}
}
