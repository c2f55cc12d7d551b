package assume

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Credentials are temporary STS credentials and what the hand-over formats say about them.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	Expiration      time.Time
	Region          string // optional: exported as ALIBABA_CLOUD_REGION_ID when set
	AssumedRoleARN  string // optional: named in the comment line of shell formats
}

// Environment variable names. The aliyun CLI lets environment credentials fill only the empty
// fields of its profile, so exported STS credentials are silently ignored while a profile is
// configured -- unless ALIBABA_CLOUD_IGNORE_PROFILE=TRUE is exported too (aliyun-cli #398).
// There is no standard variable for the expiry; ours is named after the token it belongs to.
const (
	EnvAccessKeyID     = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	EnvAccessKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	EnvSecurityToken   = "ALIBABA_CLOUD_SECURITY_TOKEN"
	EnvIgnoreProfile   = "ALIBABA_CLOUD_IGNORE_PROFILE"
	EnvExpiration      = "ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION"
	EnvRegion          = "ALIBABA_CLOUD_REGION_ID"
	// EnvAssumedRole names the assumed role's ARN in a command or subshell run with the
	// credentials: a prompt can show it, and ramtui refuses to nest another one inside.
	EnvAssumedRole = "RAMTUI_ASSUMED_ROLE"
)

// Format names a hand-over form.
type Format string

const (
	FormatBash       Format = "env" // bash, zsh and other POSIX shells
	FormatFish       Format = "fish"
	FormatPowerShell Format = "powershell"
	FormatCmd        Format = "cmd"
	FormatJSON       Format = "json"     // the STS Credentials object, Expiration included
	FormatExternal   Format = "external" // the aliyun CLI's External-mode process output
)

// Formats lists every format, in the order the UI offers them.
var Formats = []Format{FormatBash, FormatFish, FormatPowerShell, FormatCmd, FormatJSON, FormatExternal}

// ParseFormat accepts a format name, with "bash", "zsh", "sh" and "pwsh" as aliases.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "env", "bash", "zsh", "sh":
		return FormatBash, nil
	case "fish":
		return FormatFish, nil
	case "powershell", "pwsh":
		return FormatPowerShell, nil
	case "cmd":
		return FormatCmd, nil
	case "json":
		return FormatJSON, nil
	case "external":
		return FormatExternal, nil
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q: use one of %s", s, strings.Join(names, ", "))
}

const timeLayout = "2006-01-02T15:04:05Z"

// vars are the environment variables a hand-over sets, in a stable order.
func (c Credentials) vars() [][2]string {
	v := [][2]string{
		{EnvAccessKeyID, c.AccessKeyID},
		{EnvAccessKeySecret, c.AccessKeySecret},
		{EnvSecurityToken, c.SecurityToken},
		{EnvIgnoreProfile, "TRUE"},
	}
	if !c.Expiration.IsZero() {
		v = append(v, [2]string{EnvExpiration, c.Expiration.UTC().Format(timeLayout)})
	}
	if c.Region != "" {
		v = append(v, [2]string{EnvRegion, c.Region})
	}
	return v
}

func (c Credentials) validate() error {
	if c.AccessKeyID == "" || c.AccessKeySecret == "" || c.SecurityToken == "" {
		return fmt.Errorf("incomplete credentials: AccessKeyId, AccessKeySecret and SecurityToken are all required")
	}
	for _, kv := range c.vars() {
		if strings.ContainsAny(kv[1], "\x00\r\n") {
			return fmt.Errorf("%s contains a control character", kv[0])
		}
	}
	return nil
}

func (c Credentials) comment() string {
	s := "temporary credentials from ramtui"
	if c.AssumedRoleARN != "" {
		s += " for " + c.AssumedRoleARN
	}
	if !c.Expiration.IsZero() {
		s += ", expire " + c.Expiration.UTC().Format(timeLayout)
	}
	return s
}

// Render writes the credentials in format f. Shell formats put every line after a leading
// space, so bash (HISTCONTROL=ignorespace), zsh (HIST_IGNORE_SPACE) and fish keep the secrets
// out of history when the lines are pasted.
func Render(c Credentials, f Format) (string, error) {
	if err := c.validate(); err != nil {
		return "", err
	}
	var b strings.Builder
	line := func(format string, a ...any) {
		b.WriteByte(' ')
		fmt.Fprintf(&b, format, a...)
		b.WriteByte('\n')
	}
	switch f {
	case FormatBash:
		line("# %s", c.comment())
		for _, kv := range c.vars() {
			line("export %s=%s", kv[0], quotePOSIX(kv[1]))
		}
	case FormatFish:
		line("# %s", c.comment())
		for _, kv := range c.vars() {
			line("set -gx %s %s", kv[0], quoteFish(kv[1]))
		}
	case FormatPowerShell:
		line("# %s", c.comment())
		for _, kv := range c.vars() {
			line("$env:%s = %s", kv[0], quotePowerShell(kv[1]))
		}
	case FormatCmd:
		line("rem %s", c.comment())
		for _, kv := range c.vars() {
			// Inside set "K=V" the quotes protect & | < > ^; % and " cannot be escaped reliably.
			if strings.ContainsAny(kv[1], `%"`) {
				return "", fmt.Errorf("%s cannot be written for cmd: it contains %% or \"", kv[0])
			}
			line(`set "%s=%s"`, kv[0], kv[1])
		}
	case FormatJSON:
		return marshal(URIResponse(c))
	case FormatExternal:
		// What the aliyun CLI's External mode reads from its process_command: the JSON is
		// unmarshalled into a profile, so these are profile field names. sts_expiration (Unix
		// seconds) is a profile field the CLI accepts; "expiration" (RFC 3339, UTC, as
		// credentials-go parses it) lets credentials-go's external provider keep the session
		// instead of running the command again for every call.
		var exp int64
		if !c.Expiration.IsZero() {
			exp = c.Expiration.Unix()
		}
		return marshal(struct {
			Mode            string `json:"mode"`
			AccessKeyID     string `json:"access_key_id"`
			AccessKeySecret string `json:"access_key_secret"`
			StsToken        string `json:"sts_token"`
			StsExpiration   int64  `json:"sts_expiration,omitempty"`
			Expiration      string `json:"expiration,omitempty"`
		}{"StsToken", c.AccessKeyID, c.AccessKeySecret, c.SecurityToken, exp, formatTime(c.Expiration)})
	default:
		return "", fmt.Errorf("unknown format %q", f)
	}
	return b.String(), nil
}

// STSResponse is the STS Credentials object with "Code": "Success", as the ECS metadata service
// serves it: the form a CredentialsURI must answer (the aliyun CLI checks Code), and --format json.
type STSResponse struct {
	Code            string `json:"Code"`
	AccessKeyID     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret"`
	SecurityToken   string `json:"SecurityToken"`
	Expiration      string `json:"Expiration,omitempty"`
}

// URIResponse is c as a CredentialsURI answers.
func URIResponse(c Credentials) STSResponse {
	return STSResponse{"Success", c.AccessKeyID, c.AccessKeySecret, c.SecurityToken, formatTime(c.Expiration)}
}

// Unset returns the lines that undo a shell format's exports, for --unset. Like the exports,
// each line starts with a space.
func Unset(f Format) (string, error) {
	names := []string{EnvAccessKeyID, EnvAccessKeySecret, EnvSecurityToken, EnvIgnoreProfile, EnvExpiration, EnvRegion}
	var b strings.Builder
	switch f {
	case FormatBash:
		b.WriteString(" unset " + strings.Join(names, " ") + "\n")
	case FormatFish:
		for _, n := range names {
			b.WriteString(" set -e " + n + "\n")
		}
	case FormatPowerShell:
		for _, n := range names {
			b.WriteString(" Remove-Item Env:" + n + " -ErrorAction SilentlyContinue\n")
		}
	case FormatCmd:
		for _, n := range names {
			b.WriteString(` set "` + n + "=\"\n")
		}
	default:
		return "", fmt.Errorf("--unset: format %s sets no variables; use env, fish, powershell or cmd", f)
	}
	return b.String(), nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func marshal(v any) (string, error) {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "", err
	}
	return string(out) + "\n", nil
}

// quotePOSIX single-quotes s for sh/bash/zsh: inside single quotes nothing is special, and a
// single quote is written as '\”.
func quotePOSIX(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// quoteFish single-quotes s for fish, where \ and ' are the only escapes inside single quotes.
func quoteFish(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// quotePowerShell single-quotes s for PowerShell, where a single quote is doubled.
func quotePowerShell(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// credentialEnvNames are variables through which other tools could pick up credentials other
// than ours: the aliases the aliyun CLI, the SDKs, credentials-go and Terraform's alicloud
// provider read (ALICLOUD_ACCESS_KEY, ALICLOUD_ASSUME_ROLE_ARN ...), and settings that select a
// profile, a role, an OIDC token, a credentials URI or the ECS role. Built on first use, not
// at every start.
var credentialEnvNames = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, prefix := range []string{"ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_"} {
		for _, name := range []string{"ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "SECURITY_TOKEN",
			"SECURITY_TOKEN_EXPIRATION", "IGNORE_PROFILE", "PROFILE", "ROLE_ARN", "ROLE_SESSION_NAME",
			"EXTERNAL_ID", "OIDC_PROVIDER_ARN", "OIDC_TOKEN_FILE", "OIDC_TOKEN", "CREDENTIALS_URI",
			"ECS_METADATA", "CREDENTIALS_FILE", "CONFIG_FILE", "BEARER_TOKEN", "PROFILE_MODE"} {
			m[prefix+name] = true
		}
	}
	for _, name := range []string{"ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "SECURITY_TOKEN", EnvAssumedRole} {
		m[name] = true
	}
	return m
})

// isCredentialEnv reports whether a tool could take credentials from variable name. Every
// ALICLOUD_ and ALIBABACLOUD_ variable counts (Terraform's alicloud provider alone reads a
// dozen: ALICLOUD_SECRET_KEY, ALICLOUD_ECS_ROLE_NAME, ALICLOUD_ASSUME_ROLE_ARN ...) except a
// region, which is not a credential and which the caller may have chosen.
func isCredentialEnv(name string) bool {
	if credentialEnvNames()[name] {
		return true
	}
	if strings.HasPrefix(name, "ALICLOUD_") || strings.HasPrefix(name, "ALIBABACLOUD_") {
		return !strings.HasSuffix(name, "_REGION") && !strings.HasSuffix(name, "_REGION_ID")
	}
	return false
}

// Environ returns base (usually os.Environ()) with every other credential variable removed and
// ours set, for running a command or a subshell as the assumed role, with EnvAssumedRole naming
// the role when it is known. A region the caller had set survives unless the credentials name
// one.
func Environ(base []string, c Credentials) ([]string, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	ours := map[string]string{}
	for _, kv := range c.vars() {
		ours[kv[0]] = kv[1]
	}
	if c.AssumedRoleARN != "" {
		ours[EnvAssumedRole] = c.AssumedRoleARN
	}
	out := make([]string, 0, len(base)+len(ours))
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		if isCredentialEnv(name) {
			continue
		}
		if _, set := ours[name]; set {
			continue
		}
		out = append(out, kv)
	}
	names := make([]string, 0, len(ours))
	for name := range ours {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		out = append(out, name+"="+ours[name])
	}
	return out, nil
}
