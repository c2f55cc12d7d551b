package assume

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// tricky holds values no real credential has, to prove the quoting, not just the happy path.
var tricky = Credentials{
	AccessKeyID:     "STS.NTx8 'quoted' $HOME",
	AccessKeySecret: `back\slash "dq" ` + "`tick`",
	SecurityToken:   "CAIS+/=token&|<>^;*?",
	Expiration:      time.Date(2026, 11, 22, 13, 0, 0, 0, time.UTC),
	Region:          "cn-hangzhou",
	AssumedRoleARN:  "acs:ram::1234567890123456:role/ops-readonly/alice",
}

func TestBashLinesRoundTripThroughARealShell(t *testing.T) {
	out, err := Render(tricky, FormatBash)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(l, " ") {
			t.Errorf("line %q does not start with a space (kept out of shell history)", l)
		}
	}
	if err := exec.Command("bash", "-n", "-c", out).Run(); err != nil {
		t.Fatalf("bash -n rejects the export lines: %v", err)
	}
	script := out + `printf '%s\n' "$ALIBABA_CLOUD_ACCESS_KEY_ID" "$ALIBABA_CLOUD_ACCESS_KEY_SECRET" "$ALIBABA_CLOUD_SECURITY_TOKEN" "$ALIBABA_CLOUD_IGNORE_PROFILE" "$ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION" "$ALIBABA_CLOUD_REGION_ID"`
	got, err := exec.Command("bash", "--norc", "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{tricky.AccessKeyID, tricky.AccessKeySecret, tricky.SecurityToken,
		"TRUE", "2026-11-22T13:00:00Z", "cn-hangzhou"}, "\n") + "\n"
	if string(got) != want {
		t.Fatalf("bash saw\n%q\nwant\n%q", got, want)
	}
}

func TestFishLinesPassFishSyntaxCheck(t *testing.T) {
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("fish is not installed")
	}
	out, err := Render(tricky, FormatFish)
	if err != nil {
		t.Fatal(err)
	}
	if err := exec.Command(fish, "--no-execute", "-c", out).Run(); err != nil {
		t.Fatalf("fish --no-execute rejects the lines: %v\n%s", err, out)
	}
	got, err := exec.Command(fish, "--no-config", "-c", out+`; printf '%s\n' $ALIBABA_CLOUD_SECURITY_TOKEN $ALIBABA_CLOUD_ACCESS_KEY_SECRET`).Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := tricky.SecurityToken + "\n" + tricky.AccessKeySecret + "\n"; string(got) != want {
		t.Fatalf("fish saw %q, want %q", got, want)
	}
}

func TestPowerShellAndCmdLines(t *testing.T) {
	ps, err := Render(tricky, FormatPowerShell)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ps, ` $env:ALIBABA_CLOUD_ACCESS_KEY_ID = 'STS.NTx8 ''quoted'' $HOME'`) {
		t.Errorf("PowerShell quoting wrong:\n%s", ps)
	}
	if !strings.Contains(ps, ` $env:ALIBABA_CLOUD_IGNORE_PROFILE = 'TRUE'`) {
		t.Errorf("PowerShell lines lack IGNORE_PROFILE:\n%s", ps)
	}
	plain := tricky
	plain.AccessKeySecret = "abc&def"
	cmd, err := Render(plain, FormatCmd)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cmd, ` set "ALIBABA_CLOUD_ACCESS_KEY_SECRET=abc&def"`) || !strings.HasPrefix(cmd, " rem ") {
		t.Errorf("cmd lines wrong:\n%s", cmd)
	}
	// A double quote cannot be written safely for cmd: refuse rather than emit a broken line.
	if _, err := Render(tricky, FormatCmd); err == nil {
		t.Error("cmd accepted a value with a double quote")
	}
}

func TestJSONAndExternalFormats(t *testing.T) {
	out, err := Render(tricky, FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	var j map[string]string
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err)
	}
	if j["AccessKeyId"] != tricky.AccessKeyID || j["SecurityToken"] != tricky.SecurityToken || j["Expiration"] != "2026-11-22T13:00:00Z" ||
		j["Code"] != "Success" { // the aliyun CLI's CredentialsURI mode insists on it
		t.Errorf("json format: %v", j)
	}
	out, err = Render(tricky, FormatExternal)
	if err != nil {
		t.Fatal(err)
	}
	var ext struct {
		Mode          string `json:"mode"`
		ID            string `json:"access_key_id"`
		Secret        string `json:"access_key_secret"`
		Token         string `json:"sts_token"`
		StsExpiration int64  `json:"sts_expiration"`
		Expiration    string `json:"expiration"` // credentials-go's external provider caches by it
	}
	if err := json.Unmarshal([]byte(out), &ext); err != nil {
		t.Fatal(err)
	}
	if ext.Mode != "StsToken" || ext.ID != tricky.AccessKeyID || ext.Secret != tricky.AccessKeySecret ||
		ext.Token != tricky.SecurityToken || ext.StsExpiration != tricky.Expiration.Unix() || ext.Expiration != "2026-11-22T13:00:00Z" {
		t.Errorf("external format: %+v", ext)
	}
}

func TestRenderRefusesIncompleteOrMultilineCredentials(t *testing.T) {
	for name, c := range map[string]Credentials{
		"no token":   {AccessKeyID: "STS.a", AccessKeySecret: "s"},
		"newline":    {AccessKeyID: "STS.a", AccessKeySecret: "s\nexport X=1", SecurityToken: "t"},
		"empty cred": {},
	} {
		for _, f := range Formats {
			if _, err := Render(c, f); err == nil {
				t.Errorf("%s/%s: rendered without error", name, f)
			}
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"bash": FormatBash, "ZSH": FormatBash, "env": FormatBash,
		"pwsh": FormatPowerShell, "fish": FormatFish, "external": FormatExternal, "json": FormatJSON, "cmd": FormatCmd} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseFormat("yaml"); err == nil || !strings.Contains(err.Error(), "powershell") {
		t.Errorf("ParseFormat(yaml) error should list the formats, got %v", err)
	}
}

func TestEnvironReplacesEveryOtherCredentialSource(t *testing.T) {
	base := []string{"PATH=/bin", "ALICLOUD_ACCESS_KEY_ID=LTAIold", "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIold2",
		"ALIBABA_CLOUD_PROFILE=prod", "ACCESS_KEY_SECRET=old", "ALIBABA_CLOUD_REGION_ID=cn-beijing", "HOME=/root",
		// Terraform's alicloud provider, credentials-go's OIDC and URI sources, another ramtui
		"ALICLOUD_ACCESS_KEY=LTAItf", "ALICLOUD_SECRET_KEY=tf", "ALICLOUD_SECURITY_TOKEN=tf", "ALICLOUD_ECS_ROLE_NAME=r",
		"ALICLOUD_ASSUME_ROLE_ARN=acs:ram::1:role/x", "ALIBABACLOUD_ANYTHING=x", "ALIBABA_CLOUD_ROLE_ARN=acs:ram::1:role/y",
		"ALIBABA_CLOUD_OIDC_PROVIDER_ARN=p", "ALIBABA_CLOUD_OIDC_TOKEN_FILE=/t", "ALIBABA_CLOUD_CREDENTIALS_URI=http://x",
		"ALIBABA_CLOUD_ECS_METADATA=r", "RAMTUI_ASSUMED_ROLE=acs:ram::1:role/old", "ALICLOUD_REGION=cn-shanghai"}
	c := tricky
	c.Region = ""
	env, err := Environ(base, c)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if _, dup := got[k]; dup {
			t.Errorf("%s set twice", k)
		}
		got[k] = v
	}
	for _, gone := range []string{"ALICLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_PROFILE", "ACCESS_KEY_SECRET", "ALICLOUD_ACCESS_KEY",
		"ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_ECS_ROLE_NAME", "ALICLOUD_ASSUME_ROLE_ARN", "ALIBABACLOUD_ANYTHING",
		"ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_CREDENTIALS_URI",
		"ALIBABA_CLOUD_ECS_METADATA"} {
		if _, ok := got[gone]; ok {
			t.Errorf("%s survived; another tool could pick up the old identity", gone)
		}
	}
	if got["ALIBABA_CLOUD_ACCESS_KEY_ID"] != c.AccessKeyID || got["ALIBABA_CLOUD_SECURITY_TOKEN"] != c.SecurityToken ||
		got["ALIBABA_CLOUD_IGNORE_PROFILE"] != "TRUE" || got["PATH"] != "/bin" || got["ALIBABA_CLOUD_REGION_ID"] != "cn-beijing" ||
		got["ALICLOUD_REGION"] != "cn-shanghai" || got[EnvAssumedRole] != c.AssumedRoleARN {
		t.Errorf("environment wrong: %v", got)
	}
}

// --unset's lines undo the exports in a real shell.
func TestUnsetUndoesTheExports(t *testing.T) {
	set, err := Render(tricky, FormatBash)
	if err != nil {
		t.Fatal(err)
	}
	unset, err := Unset(FormatBash)
	if err != nil {
		t.Fatal(err)
	}
	got, err := exec.Command("bash", "--norc", "-c", set+unset+`env | grep ^ALIBABA_CLOUD_ || true`).Output()
	if err != nil || len(got) != 0 {
		t.Fatalf("left after unset: %q %v", got, err)
	}
	for _, f := range []Format{FormatFish, FormatPowerShell, FormatCmd} {
		u, err := Unset(f)
		if err != nil || strings.Count(u, "\n") != 6 || !strings.HasPrefix(u, " ") || !strings.Contains(u, EnvSecurityToken) {
			t.Errorf("%s: %q %v", f, u, err)
		}
	}
	if _, err := Unset(FormatJSON); err == nil {
		t.Error("--unset for json")
	}
}
