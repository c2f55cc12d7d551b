package account

import (
	"sort"
	"testing"
)

// FuzzInvoke throws arbitrary parameter values at every action as root and as a RAM user: the
// answer is a response or an API error, never a panic (which Invoke would report as
// InternalError).
func FuzzInvoke(f *testing.F) {
	keys := make([]actionKey, 0, len(actions()))
	for k := range actions() {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return string(keys[i].product)+"/"+keys[i].name < string(keys[j].product)+"/"+keys[j].name
	})
	f.Add(uint8(0), "alice", "Custom", "v1", `{"Version":"1","Statement":[]}`, "100", "")
	f.Add(uint8(7), "ops-admin", "System", "v99", "{", "0", "bm90LWEtbWFya2Vy")
	f.Add(uint8(42), "ZHANG.WEI", "", "v", "null", "-1", "acs:ram::1:role/x")
	a, err := New(Options{Seed: "demo"})
	if err != nil {
		f.Fatal(err)
	}
	user, _, _ := a.IssueAccessKey("ops-admin")
	cred, _ := a.Credential(user)
	f.Fuzz(func(t *testing.T, which uint8, name, typ, version, doc, num, marker string) {
		key := keys[int(which)%len(keys)]
		action := key.name
		params := map[string]string{
			"UserName": name, "GroupName": name, "RoleName": name, "PolicyName": name, "NewUserName": name,
			"PolicyType": typ, "VersionId": version, "PolicyDocument": doc, "AssumeRolePolicyDocument": doc,
			"Policy": doc, "MaxItems": num, "DurationSeconds": num, "MaxSessionDuration": num, "Marker": marker,
			"RoleArn": marker, "RoleSessionName": name, "SerialNumber": marker, "UserAccessKeyId": marker,
			"AccountAlias": name, "Status": typ, "Password": doc, "VirtualMFADeviceName": name,
			"AuthenticationCode1": num, "AuthenticationCode2": num, "SetAsDefault": typ, "RotateStrategy": typ,
		}
		for _, who := range []Identity{a.rootIdentity(), cred.Identity} {
			_, _, err := a.Invoke(Request{Product: key.product, Action: action, Params: params, Caller: who})
			if err != nil && err.Code == "InternalError" {
				t.Fatalf("%s %v: %s", action, params, err.Message)
			}
		}
	})
}
