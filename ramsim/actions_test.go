package ramsim

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// newerRAMActions are RAM 2015-05-01 actions the Go SDK v1's services/ram does not have.
var newerRAMActions = []string{"DecodeDiagnosticMessage", "TagResources", "UntagResources", "ListTagResources"}

// ramActions lists the RAM 2015-05-01 actions: the SDK client's methods (X(*XRequest)) plus
// the newer ones.
func ramActions() []string {
	out := append([]string{}, newerRAMActions...)
	t := reflect.TypeOf(&ram.Client{})
	for i := range t.NumMethod() {
		m := t.Method(i)
		if m.Type.NumIn() == 2 && m.Type.In(1).String() == "*ram."+m.Name+"Request" {
			out = append(out, m.Name)
		}
	}
	return out
}

// Every one of the 66 RAM actions is answered: none is InvalidAction.NotFound.
func TestEveryRAMActionIsAnswered(t *testing.T) {
	sim := startSim(t, Options{Seed: "empty"})
	actions := ramActions()
	if len(actions) != 66 {
		t.Fatalf("%d RAM actions found, want 66: %v", len(actions), actions)
	}
	for _, a := range actions {
		r := v1(t, sim, a, nil)
		if r.code() == "InvalidAction.NotFound" || r.Status == 0 {
			t.Errorf("%s: %d %s", a, r.Status, r.Raw)
		}
	}
}

// userV1 sends one signed RAM call as a user key.
func userV1(t *testing.T, sim *Running, id, secret, action string, params map[string]string) rawResult {
	t.Helper()
	p := commonV1(id, action, versionRAM)
	for k, v := range params {
		p[k] = v
	}
	return doV1(t, sim.Endpoint, http.MethodGet, secret, p)
}

func TestChangePassword(t *testing.T) {
	sim := startSim(t, Options{Seed: "empty"})
	v1(t, sim, "CreateUser", map[string]string{"UserName": "pat"})
	if r := v1(t, sim, "CreateLoginProfile", map[string]string{"UserName": "pat", "Password": "Old-pass-123", "PasswordResetRequired": "true"}); r.Status != 200 {
		t.Fatalf("CreateLoginProfile: %s", r.Raw)
	}
	id, secret := userKey(t, sim, "pat")
	if r := userV1(t, sim, id, secret, "ChangePassword", map[string]string{"OldPassword": "wrong-pass-1", "NewPassword": "New-pass-456"}); r.Status != 400 {
		t.Fatalf("wrong old password accepted: %d %s", r.Status, r.Raw)
	}
	if r := userV1(t, sim, id, secret, "ChangePassword", map[string]string{"OldPassword": "Old-pass-123", "NewPassword": "x"}); r.code() != "InvalidParameter.Password.TooWeak" {
		t.Fatalf("weak new password: %d %s", r.Status, r.Raw)
	}
	if r := userV1(t, sim, id, secret, "ChangePassword", map[string]string{"OldPassword": "Old-pass-123", "NewPassword": "New-pass-456"}); r.Status != 200 {
		t.Fatalf("ChangePassword: %d %s", r.Status, r.Raw)
	}
	if r := userV1(t, sim, id, secret, "ChangePassword", map[string]string{"OldPassword": "Old-pass-123", "NewPassword": "Other-pass-789"}); r.Status != 400 {
		t.Fatalf("the old password still works: %d %s", r.Status, r.Raw)
	}
	if r := v1(t, sim, "GetLoginProfile", map[string]string{"UserName": "pat"}); !strings.Contains(r.Raw, `"PasswordResetRequired":false`) {
		t.Fatalf("a changed password still requires a reset: %s", r.Raw)
	}
	if r := v1(t, sim, "ChangePassword", map[string]string{"OldPassword": "a", "NewPassword": "New-pass-456"}); r.Status != 403 {
		t.Fatalf("root changed a password: %d %s", r.Status, r.Raw)
	}
}

// A denial's EncodedDiagnosticMessage decodes (for the same account) into what was refused.
func TestDecodeDiagnosticMessage(t *testing.T) {
	sim := startSim(t, Options{Seed: "empty"})
	v1(t, sim, "CreateUser", map[string]string{"UserName": "nobody"})
	id, secret := userKey(t, sim, "nobody")
	r := userV1(t, sim, id, secret, "ListUsers", nil)
	if r.code() != "NoPermission" {
		t.Fatalf("ListUsers without a policy: %s", r.Raw)
	}
	enc, _ := r.Body["AccessDeniedDetail"].(map[string]any)["EncodedDiagnosticMessage"].(string)
	d := v1(t, sim, "DecodeDiagnosticMessage", map[string]string{"EncodedDiagnosticMessage": enc})
	if d.Status != 200 {
		t.Fatalf("DecodeDiagnosticMessage: %d %s", d.Status, d.Raw)
	}
	msg, _ := d.Body["DecodedDiagnosticMessage"].(map[string]any)
	if msg["AuthAction"] != "ram:ListUsers" || msg["ExplicitDeny"] != false || msg["NoPermissionPolicyType"] != "AccountLevelIdentityBasedPolicy" {
		t.Fatalf("decoded = %v", msg)
	}
	if p, _ := msg["AuthPrincipal"].(map[string]any); p["AuthPrincipalDisplayName"] != "nobody" {
		t.Fatalf("principal = %v", msg["AuthPrincipal"])
	}
	if d := v1(t, sim, "DecodeDiagnosticMessage", map[string]string{"EncodedDiagnosticMessage": "not base64!"}); d.Status != 400 {
		t.Fatalf("garbage decoded: %d %s", d.Status, d.Raw)
	}
}

func TestTagResources(t *testing.T) {
	sim := startSim(t, Options{Seed: "empty"})
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + sim.Account().ID() + `:root"]}}]}`
	for _, n := range []string{"r1", "r2"} {
		if r := v1(t, sim, "CreateRole", map[string]string{"RoleName": n, "AssumeRolePolicyDocument": trust}); r.Status != 200 {
			t.Fatal(r.Raw)
		}
	}
	tagged := v1(t, sim, "TagResources", map[string]string{"ResourceType": "role", "ResourceNames": `["r1","r2"]`,
		"Tag": `[{"Key":"team","Value":"ops"},{"Key":"env","Value":"prod"}]`})
	if tagged.Status != 200 {
		t.Fatalf("TagResources: %s", tagged.Raw)
	}
	if r := v1(t, sim, "UntagResources", map[string]string{"ResourceType": "role", "ResourceNames": `["r2"]`, "TagKeys": `["env"]`}); r.Status != 200 {
		t.Fatalf("UntagResources: %s", r.Raw)
	}
	l := v1(t, sim, "ListTagResources", map[string]string{"ResourceType": "role", "Tag": `[{"Key":"team","Value":"ops"}]`, "PageSize": "2"})
	rows, _ := l.Body["TagResources"].([]any)
	if len(rows) != 2 || l.Body["NextToken"] == nil {
		t.Fatalf("first page: %s", l.Raw)
	}
	l2 := v1(t, sim, "ListTagResources", map[string]string{"ResourceType": "role", "Tag": `[{"Key":"team","Value":"ops"}]`, "PageSize": "2", "NextToken": l.Body["NextToken"].(string)})
	rows2, _ := l2.Body["TagResources"].([]any)
	all, _ := json.Marshal(append(rows, rows2...))
	if len(rows2) != 1 || l2.Body["NextToken"] != nil || strings.Count(string(all), `"TagKey":"env"`) != 1 {
		t.Fatalf("tags: %s then %s", l.Raw, l2.Raw)
	}
	if r := v1(t, sim, "TagResources", map[string]string{"ResourceType": "user", "ResourceNames": `["x"]`, "Tag": `[{"Key":"a","Value":"b"}]`}); r.Status != 400 {
		t.Fatalf("a user tagged: %s", r.Raw)
	}
	if r := v1(t, sim, "TagResources", map[string]string{"ResourceType": "role", "ResourceNames": `["ghost"]`, "Tag": `[{"Key":"a","Value":"b"}]`}); r.Status != 404 {
		t.Fatalf("a missing role tagged: %s", r.Raw)
	}
}

// A denial by the role's trust policy is labelled AssumeRolePolicy, as the service does; a
// denial by the caller's own policies AccountLevelIdentityBasedPolicy.
func TestAssumeRoleDenialNamesThePolicyThatRefused(t *testing.T) {
	sim := startSim(t, Options{Seed: "demo"})
	acct := sim.Account().ID()
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + acct + `:root"]}}]}`
	v1(t, sim, "CreateRole", map[string]string{"RoleName": "open-role", "AssumeRolePolicyDocument": trust})
	v1(t, sim, "CreateUser", map[string]string{"UserName": "no-policy"})
	for _, tc := range []struct{ user, role, want string }{
		{"ops-admin", "security-audit", "AssumeRolePolicy"},           // AdministratorAccess, not trusted
		{"no-policy", "open-role", "AccountLevelIdentityBasedPolicy"}, // trusted, no permission
	} {
		id, secret := userKey(t, sim, tc.user)
		p := commonV1(id, "AssumeRole", versionSTS)
		p["RoleArn"], p["RoleSessionName"] = "acs:ram::"+acct+":role/"+tc.role, "sess"
		r := doV1(t, sim.Endpoint, http.MethodGet, secret, p)
		d, _ := r.Body["AccessDeniedDetail"].(map[string]any)
		if r.code() != "NoPermission" || d["PolicyType"] != tc.want {
			t.Errorf("%s assuming %s: %s, want PolicyType %s", tc.user, tc.role, r.Raw, tc.want)
		}
	}
}
