package ramclient

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Credentials are what a Client signs with. Their String form masks the secret and token, so a
// stray %v never prints them.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string    // STS credentials only
	Expiration      time.Time // STS credentials whose expiry is known; zero otherwise
	// Source says where the credentials came from, for the UI's error screen, e.g.
	// `profile "default" (~/.aliyun/config.json, mode AK)`, `environment`, `flags`.
	Source string
	Region string // the profile's region_id, "" when the source has none
	// Profile is the aliyun CLI profile's name when the credentials came from config.json.
	Profile string
	// SourceKeyID is the AccessKey a role session was assumed with (a RamRoleArn profile's,
	// a ram_role_arn section's): deleting that key stops the renewals. "" otherwise.
	SourceKeyID string
	// Label is Source in a few words, for the header: "profile dev · RamRoleArn",
	// "environment", "flags", "credentials [default] · sts", "ECS role web".
	Label string

	refresh func(context.Context) (Credentials, error) // see Refreshable
}

// Expired reports whether the credentials have a known expiry that is not after now (a margin
// of a minute or so is the caller's choice).
func (c Credentials) Expired(now time.Time) bool {
	return !c.Expiration.IsZero() && !c.Expiration.After(now)
}

// Temporary reports whether these are STS credentials.
func (c Credentials) Temporary() bool { return c.SecurityToken != "" }

func (c Credentials) String() string {
	s := MaskKeyID(c.AccessKeyID)
	if c.Temporary() {
		s += " (STS"
		if !c.Expiration.IsZero() {
			s += ", expires " + c.Expiration.UTC().Format(time.RFC3339)
		}
		s += ")"
	}
	if c.Source != "" {
		s += " from " + c.Source
	}
	return s
}

// GoString keeps %#v from printing the secret too.
func (c Credentials) GoString() string { return "ramclient.Credentials{" + c.String() + "}" }

// MaskKeyID shows an AccessKey id's first 4 and last 4 characters.
func MaskKeyID(id string) string {
	if len(id) <= 8 {
		return strings.Repeat("*", len(id))
	}
	return id[:4] + strings.Repeat("*", len(id)-8) + id[len(id)-4:]
}

// CredentialOptions tell ResolveCredentials where to look.
type CredentialOptions struct {
	// Explicit credentials (command-line flags). When AccessKeyID is set they win.
	AccessKeyID, AccessKeySecret, SecurityToken string
	// Profile is the aliyun CLI profile asked for with --profile. An explicitly named profile
	// must resolve: there is no fallback to other sources.
	Profile string

	HomeDir string              // "" = os.UserHomeDir(); tests point it at a fixture
	Getenv  func(string) string // nil = os.Getenv

	// Where role profiles (RamRoleArn, ChainableRamRoleArn, ini ram_role_arn) call STS AssumeRole:
	// the same endpoint forms as Options.Endpoint ("" = the real STS).
	Endpoint       string
	Region         string        // STS region when the profile names none; default DefaultRegion
	ConnectTimeout time.Duration // for those AssumeRole calls; 0 = Options' default
	ReadTimeout    time.Duration

	IMDSEndpoint    string        // EcsRamRole: default "http://100.100.100.200"
	ExternalTimeout time.Duration // External: how long process_command may run; default 60s
	// ExternalStdin and ExternalStderr are process_command's stdin and stderr: commands pass
	// the terminal's, so a helper can prompt (MFA). nil: no stdin, and stderr is kept for the
	// error message (the TUI, whose screen a helper must not draw on).
	ExternalStdin  io.Reader
	ExternalStderr io.Writer
	// ExternalRun, when set, runs process_command instead of cmd.Run, with cmd.Stdout set and
	// cmd.Stdin/Stderr nil: the TUI releases the terminal to the helper while it runs
	// (tea.ExecProcess fills them), so an MFA prompt works there too, at sign-in and at renewal.
	ExternalRun func(cmd *exec.Cmd) error
}

func (o *CredentialOptions) getenv(k string) string {
	if o.Getenv != nil {
		return o.Getenv(k)
	}
	return os.Getenv(k)
}

// env returns the first non-empty of ALIBABA_CLOUD_<k>, ALIBABACLOUD_<k>, ALICLOUD_<k>, and the
// variable's name.
func (o *CredentialOptions) env(k string) (string, string) {
	for _, p := range []string{"ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_"} {
		if v := o.getenv(p + k); v != "" {
			return v, p + k
		}
	}
	return "", ""
}

func (o *CredentialOptions) home() (string, error) {
	if o.HomeDir != "" {
		return o.HomeDir, nil
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the home directory: %w", err)
	}
	return h, nil
}

// displayPath shows path with the home directory as "~".
func (o *CredentialOptions) displayPath(path string) string {
	if h, err := o.home(); err == nil && h != "" {
		if rel, err := filepath.Rel(h, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.Join("~", rel)
		}
	}
	return path
}

// CredentialsError is returned when no usable credentials were found. Tried lists every source
// looked at and what it gave, for the UI's error screen. Err is the failure that stopped the
// search (a malformed file, a failed AssumeRole ...), nil when every source was simply empty.
// errors.Is(err, ErrCredentials) is true; errors.Is also sees through to Err.
type CredentialsError struct {
	Tried []string
	Err   error
}

func (e *CredentialsError) Error() string {
	var b strings.Builder
	b.WriteString(e.Reason())
	if len(e.Tried) > 0 {
		b.WriteString("; tried: ")
		b.WriteString(strings.Join(e.Tried, "; "))
	}
	return b.String()
}

// Reason is the error without the sources tried, for a screen that lists them itself.
func (e *CredentialsError) Reason() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return "no credentials found"
}

func (e *CredentialsError) Unwrap() error { return e.Err }

func (e *CredentialsError) Is(target error) bool { return target == KindCredentials }

// ResolveCredentials finds credentials, in this order:
//  1. explicit ones (opts.AccessKeyID/Secret/SecurityToken: flags);
//  2. the aliyun CLI profile named by opts.Profile (--profile), when given;
//  3. environment ALIBABA_CLOUD_ACCESS_KEY_ID / _ACCESS_KEY_SECRET / _SECURITY_TOKEN (also the
//     ALIBABACLOUD_ and ALICLOUD_ spellings);
//  4. ~/.aliyun/config.json (or ALIBABA_CLOUD_CONFIG_FILE): the profile named by
//     ALIBABA_CLOUD_PROFILE (or ALIBABACLOUD_PROFILE, ALICLOUD_PROFILE), else the file's
//     "current" profile; skipped when ALIBABA_CLOUD_IGNORE_PROFILE is TRUE (exactly, as in the
//     aliyun CLI);
//  5. ~/.alibabacloud/credentials (or ALIBABA_CLOUD_CREDENTIALS_FILE): the section named by
//     ALIBABA_CLOUD_PROFILE when config.json has no such profile, else [default];
//  6. the ECS instance role named by ALIBABA_CLOUD_ECS_METADATA;
//  7. the credentials URI ALIBABA_CLOUD_CREDENTIALS_URI.
//
// ACK RRSA's variables (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
// ALIBABA_CLOUD_OIDC_TOKEN_FILE) come right after the environment's keys, as in credentials-go.
//
// A source that is absent is skipped; a source that is present but broken (malformed file,
// unsupported mode, failed AssumeRole) stops the search with its error, so a typo never silently
// selects other credentials. Profiles in modes RamRoleArn and ChainableRamRoleArn call STS
// AssumeRole through opts.Endpoint. Nothing is ever written.
func ResolveCredentials(ctx context.Context, opts CredentialOptions) (Credentials, error) {
	r := &resolver{opts: &opts}
	c, err := r.resolve(ctx)
	if err != nil {
		return Credentials{}, &CredentialsError{Tried: r.tried, Err: err}
	}
	if c.AccessKeyID == "" {
		return Credentials{}, &CredentialsError{Tried: r.tried}
	}
	if r.derived && !c.Expiration.IsZero() {
		// Renewal is the same resolution again: the same source, read afresh.
		c.refresh = func(ctx context.Context) (Credentials, error) { return ResolveCredentials(ctx, opts) }
	}
	return c, nil
}

type resolver struct {
	opts    *CredentialOptions
	cfgPath string // the config.json being read, for the providers that write back to it
	tried   []string
	derived bool // the credentials were obtained from a source that gives new ones when asked again
}

func (r *resolver) try(format string, args ...any) {
	r.tried = append(r.tried, fmt.Sprintf(format, args...))
}

func (r *resolver) resolve(ctx context.Context) (Credentials, error) {
	o := r.opts
	if o.AccessKeyID != "" || o.AccessKeySecret != "" || o.SecurityToken != "" {
		r.try("flags")
		if o.AccessKeyID == "" || o.AccessKeySecret == "" {
			return Credentials{}, fmt.Errorf("flags: both an AccessKey id and secret are needed")
		}
		return Credentials{AccessKeyID: o.AccessKeyID, AccessKeySecret: o.AccessKeySecret, SecurityToken: o.SecurityToken, Source: "flags", Label: "flags"}, nil
	}
	if o.Profile != "" {
		return r.fromCLIConfig(ctx, o.Profile, "--profile")
	}
	if c, ok, err := r.fromEnv(); ok || err != nil {
		return c, err
	}
	if c, ok, err := r.fromOIDCEnv(ctx); ok || err != nil {
		return c, err
	}
	name, by := "", ""
	if v, k := o.env("PROFILE"); v != "" {
		name, by = v, k
	}
	if o.ignoreProfile() {
		r.try("~/.aliyun/config.json: skipped (ALIBABA_CLOUD_IGNORE_PROFILE=TRUE)")
	} else {
		c, err := r.fromCLIConfig(ctx, name, by)
		if err != nil || c.AccessKeyID != "" {
			return c, err
		}
	}
	c, err := r.fromINI(ctx, name, by)
	if err != nil || c.AccessKeyID != "" {
		return c, err
	}
	if c, err := r.fromECSEnv(ctx); err != nil || c.AccessKeyID != "" {
		return c, err
	}
	return r.fromURIEnv(ctx)
}

// ignoreProfile is the aliyun CLI's test: only the exact value TRUE skips config.json.
func (o *CredentialOptions) ignoreProfile() bool {
	return o.getenv("ALIBABA_CLOUD_IGNORE_PROFILE") == "TRUE" || o.getenv("ALIBABACLOUD_IGNORE_PROFILE") == "TRUE"
}

// fromECSEnv uses the ECS instance's RAM role named by ALIBABA_CLOUD_ECS_METADATA, as
// credentials-go does, when no other source gave credentials. Without the variable the
// metadata service is not asked: off ECS that would cost a timeout on every start.
func (r *resolver) fromECSEnv(ctx context.Context) (Credentials, error) {
	role := r.opts.getenv("ALIBABA_CLOUD_ECS_METADATA")
	if role == "" {
		r.try("ECS instance role: ALIBABA_CLOUD_ECS_METADATA not set")
		return Credentials{}, nil
	}
	src := fmt.Sprintf("ECS instance role %q (ALIBABA_CLOUD_ECS_METADATA)", role)
	r.try("%s", src)
	c, err := r.fetchIMDS(ctx, role)
	if err != nil {
		return Credentials{}, fmt.Errorf("%s: %v", src, err)
	}
	c.Source, c.Label = src, "ECS role "+role
	return c, nil
}

// fetchIMDS gets an ECS role's credentials, honouring ALIBABA_CLOUD_ECS_METADATA_DISABLED and
// ALIBABA_CLOUD_IMDSV1_DISABLED as credentials-go does.
func (r *resolver) fetchIMDS(ctx context.Context, role string) (Credentials, error) {
	if strings.EqualFold(r.opts.getenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED"), "true") {
		return Credentials{}, fmt.Errorf("the instance metadata service is disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED")
	}
	r.derived = true
	return fetchIMDS(ctx, r.opts.IMDSEndpoint, role, strings.EqualFold(r.opts.getenv("ALIBABA_CLOUD_IMDSV1_DISABLED"), "true"))
}

func (r *resolver) fromEnv() (Credentials, bool, error) {
	id, idVar := r.opts.env("ACCESS_KEY_ID")
	secret, secretVar := r.opts.env("ACCESS_KEY_SECRET")
	token, _ := r.opts.env("SECURITY_TOKEN")
	if id == "" && secret == "" {
		r.try("environment: ALIBABA_CLOUD_ACCESS_KEY_ID not set")
		return Credentials{}, false, nil
	}
	r.try("environment")
	if id == "" || secret == "" {
		have := idVar + secretVar
		return Credentials{}, true, fmt.Errorf("environment: %s is set but its AccessKey id/secret partner is not", have)
	}
	region, _ := r.opts.env("REGION_ID")
	return Credentials{AccessKeyID: id, AccessKeySecret: secret, SecurityToken: token, Source: "environment (" + idVar + ")", Label: "environment", Region: region}, true, nil
}
