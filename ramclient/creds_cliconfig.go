package ramclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/ramtui/ramtui/limits"
)

// cliConfig is the part of the aliyun CLI's ~/.aliyun/config.json that ramclient reads. Reading
// never writes the file back (SaveStsProfile is the only writer, and it keeps unknown fields).
type cliConfig struct {
	Current  string       `json:"current"`
	Profiles []cliProfile `json:"profiles"`
}

type cliProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
	StsRegion       string `json:"sts_region"`
	StsEndpoint     string `json:"sts_endpoint"`
	RamRoleName     string `json:"ram_role_name"`
	RamRoleArn      string `json:"ram_role_arn"`
	RamSessionName  string `json:"ram_session_name"`
	ExternalID      string `json:"external_id"`
	SourceProfile   string `json:"source_profile"`
	ExpiredSeconds  int    `json:"expired_seconds"`
	RegionID        string `json:"region_id"`
	Site            string `json:"site"` // "china" or "international": which console sign-in
	ProcessCommand  string `json:"process_command"`
	StsExpiration   int64  `json:"sts_expiration"` // unix seconds, written by SaveStsProfile and newer CLIs

	CredentialsURI            string `json:"credentials_uri"`
	OIDCProviderARN           string `json:"oidc_provider_arn"`
	OIDCTokenFile             string `json:"oidc_token_file"`
	CloudSSOSignInURL         string `json:"cloud_sso_sign_in_url"`
	AccessToken               string `json:"access_token"` // CloudSSO's
	CloudSSOAccessTokenExpire int64  `json:"cloud_sso_access_token_expire"`
	CloudSSOAccessConfig      string `json:"cloud_sso_access_config"`
	CloudSSOAccountID         string `json:"cloud_sso_account_id"`
	OAuthAccessToken          string `json:"oauth_access_token"`
	OAuthRefreshToken         string `json:"oauth_refresh_token"`
	OAuthSiteType             string `json:"oauth_site_type"`
}

// supportedModes are the config.json modes ramclient can use.
const supportedModes = "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, External, OIDC, CredentialsURI, CloudSSO, OAuth"

// CLIConfigPath is where the aliyun CLI keeps its profiles: <home>/.aliyun/config.json.
func CLIConfigPath(home string) string { return filepath.Join(home, ".aliyun", "config.json") }

// DefaultCLIConfigPath is the aliyun CLI config file ramtui reads and saves profiles in: the
// file ALIBABA_CLOUD_CONFIG_FILE names, else ~/.aliyun/config.json.
func DefaultCLIConfigPath() (string, error) {
	return (&CredentialOptions{}).cliConfigPath()
}

func (o *CredentialOptions) cliConfigPath() (string, error) {
	p, _, err := o.cliConfigFile()
	return p, err
}

// cliConfigFile is the aliyun CLI's config file: ALIBABA_CLOUD_CONFIG_FILE (byEnv, and then it
// must exist), else <home>/.aliyun/config.json.
func (o *CredentialOptions) cliConfigFile() (path string, byEnv bool, err error) {
	if p := o.getenv("ALIBABA_CLOUD_CONFIG_FILE"); p != "" {
		return p, true, nil
	}
	h, err := o.home()
	if err != nil {
		return "", false, err
	}
	return CLIConfigPath(h), false, nil
}

// readCLIConfig reads and decodes config.json. A missing file is (nil, fs.ErrNotExist).
func readCLIConfig(path, display string) (*cliConfig, error) {
	data, err := limits.ReadFile(path, limits.ConfigFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fs.ErrNotExist
		}
		return nil, fmt.Errorf("%s: %w", display, err)
	}
	var cfg cliConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		return nil, jsonFileError(display, data, err)
	}
	return &cfg, nil
}

// jsonFileError names the file and the position of a JSON error.
func jsonFileError(display string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := position(data, se.Offset)
		return fmt.Errorf("%s: malformed JSON at line %d, column %d: %v", display, line, col, se)
	case errors.As(err, &te):
		line, col := position(data, te.Offset)
		return fmt.Errorf("%s: at line %d, column %d: field %q should be a %s, not a JSON %s", display, line, col, te.Field, jsonKind(te.Type.Kind()), te.Value)
	}
	return fmt.Errorf("%s: %v", display, err)
}

// jsonKind names a Go kind the way a JSON user would.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return "number"
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}

func (c *cliConfig) profile(name string) *cliProfile {
	for i := range c.Profiles {
		if c.Profiles[i].Name == name {
			return &c.Profiles[i]
		}
	}
	return nil
}

func (c *cliConfig) names() string {
	var n []string
	for _, p := range c.Profiles {
		n = append(n, p.Name)
	}
	if len(n) == 0 {
		return "none"
	}
	return strings.Join(n, ", ")
}

// ProfileInfo describes one config.json profile for a profile picker. It never holds a secret.
type ProfileInfo struct {
	Name    string
	Mode    string
	Region  string
	Site    string // the profile's site ("china", "international"), "" when unset
	Current bool   // the file's "current" profile
}

// ListProfiles lists the profiles in <home>/.aliyun/config.json (home "" = the user's home, or
// the file named by ALIBABA_CLOUD_CONFIG_FILE). A missing file gives an empty list and no error.
func ListProfiles(home string) ([]ProfileInfo, error) {
	o := &CredentialOptions{HomeDir: home}
	if home != "" {
		o.Getenv = func(string) string { return "" }
	}
	path, err := o.cliConfigPath()
	if err != nil {
		return nil, err
	}
	cfg, err := readCLIConfig(path, o.displayPath(path))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cur := cfg.Current
	if cur == "" {
		cur = "default"
	}
	out := make([]ProfileInfo, 0, len(cfg.Profiles))
	for _, p := range cfg.Profiles {
		mode := p.Mode
		if mode == "" {
			mode = "AK"
		}
		out = append(out, ProfileInfo{Name: p.Name, Mode: mode, Region: p.RegionID, Site: p.Site, Current: p.Name == cur})
	}
	return out, nil
}

// fromCLIConfig resolves profile name (or, when name is "", the file's current profile). by
// says who asked for the profile by name ("--profile", "ALIBABA_CLOUD_PROFILE"): a profile named
// by --profile must exist; one named by a variable may instead be a section of
// ~/.alibabacloud/credentials, so its absence here gives empty credentials and no error, as
// does a missing file when no name is given.
func (r *resolver) fromCLIConfig(ctx context.Context, name, by string) (Credentials, error) {
	path, byEnv, err := r.opts.cliConfigFile()
	if err != nil {
		return Credentials{}, err
	}
	display := r.opts.displayPath(path)
	cfg, err := readCLIConfig(path, display)
	if errors.Is(err, fs.ErrNotExist) {
		r.try("%s: not found", display)
		switch {
		case byEnv:
			return Credentials{}, fmt.Errorf("%s (from ALIBABA_CLOUD_CONFIG_FILE) does not exist", display)
		case name != "" && by == "--profile":
			return Credentials{}, fmt.Errorf("profile %q (from %s): %s does not exist", name, by, display)
		}
		return Credentials{}, nil
	}
	if err != nil {
		r.try("%s: unusable", display)
		return Credentials{}, err
	}
	if name == "" {
		name, by = cfg.Current, "current"
		if name == "" {
			name = "default"
		}
	}
	p := cfg.profile(name)
	if p == nil && by != "--profile" && by != "current" {
		r.try("%s: no profile %q", display, name)
		return Credentials{}, nil // perhaps a section of ~/.alibabacloud/credentials
	}
	if p == nil {
		r.try("%s: no profile %q", display, name)
		return Credentials{}, fmt.Errorf("%s: no profile %q (named by %s); profiles: %s", display, name, by, cfg.names())
	}
	r.try("profile %q (%s)", name, display)
	r.cfgPath = path
	c, err := r.profileCreds(ctx, cfg, p, display, nil)
	c.Profile = name
	c.Label = "profile " + name + " · " + firstNonEmpty(p.Mode, "AK")
	return c, err
}

// profileCreds resolves one profile. chain holds the profiles already being resolved, to stop
// source_profile cycles.
func (r *resolver) profileCreds(ctx context.Context, cfg *cliConfig, p *cliProfile, display string, chain []string) (Credentials, error) {
	mode := p.Mode
	if mode == "" {
		mode = "AK"
	}
	src := fmt.Sprintf("profile %q (%s, mode %s)", p.Name, display, mode)
	fail := func(format string, args ...any) (Credentials, error) {
		return Credentials{}, fmt.Errorf("profile %q (%s, mode %s): %s", p.Name, display, mode, fmt.Sprintf(format, args...))
	}
	needKeys := func() error {
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return fmt.Errorf("profile %q (%s, mode %s): access_key_id and access_key_secret are required", p.Name, display, mode)
		}
		return nil
	}
	switch strings.ToLower(mode) {
	case "ak":
		if err := needKeys(); err != nil {
			return Credentials{}, err
		}
		return Credentials{AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret, Source: src, Region: p.RegionID}, nil
	case "ststoken":
		if err := needKeys(); err != nil {
			return Credentials{}, err
		}
		if p.StsToken == "" {
			return fail("sts_token is required")
		}
		c := Credentials{AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret, SecurityToken: p.StsToken, Source: src, Region: p.RegionID}
		if p.StsExpiration > 0 {
			c.Expiration = time.Unix(p.StsExpiration, 0).UTC()
		}
		return c, nil
	case "ramrolearn":
		if err := needKeys(); err != nil {
			return Credentials{}, err
		}
		source := Credentials{AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret, Source: src}
		return r.assumeForProfile(ctx, p, source, src)
	case "chainablerolearn", "chainableramrolearn":
		if p.SourceProfile == "" {
			return fail("source_profile is required")
		}
		chain = append(chain, p.Name)
		for _, n := range chain {
			if n == p.SourceProfile {
				return fail("source_profile cycle: %s -> %s", strings.Join(chain, " -> "), p.SourceProfile)
			}
		}
		sp := cfg.profile(p.SourceProfile)
		if sp == nil {
			return fail("source_profile %q does not exist; profiles: %s", p.SourceProfile, cfg.names())
		}
		source, err := r.profileCreds(ctx, cfg, sp, display, chain)
		if err != nil {
			return Credentials{}, err
		}
		return r.assumeForProfile(ctx, p, source, src)
	case "ecsramrole":
		c, err := r.fetchIMDS(ctx, p.RamRoleName)
		if err != nil {
			return fail("%v", err)
		}
		c.Source, c.Region = src, p.RegionID
		return c, nil
	case "external":
		if p.ProcessCommand == "" {
			return fail("process_command is required")
		}
		c, err := runExternal(ctx, p.ProcessCommand, r.opts)
		if err != nil {
			return fail("%v", err)
		}
		r.derived = true
		c.Source, c.Region = src, p.RegionID
		return c, nil
	case "oidc":
		region := firstNonEmpty(p.StsRegion, r.opts.getenv("ALIBABA_CLOUD_STS_REGION"), p.RegionID)
		c, err := r.oidc(ctx, p.RamRoleArn, p.OIDCProviderARN, p.OIDCTokenFile, p.RamSessionName, r.stsEndpoint(p.StsEndpoint), region, p.ExpiredSeconds, src+" -> "+p.RamRoleArn, p.RegionID)
		if err != nil {
			return fail("%v", err)
		}
		return c, nil
	case "credentialsuri":
		uri := firstNonEmpty(p.CredentialsURI, r.opts.getenv("ALIBABA_CLOUD_CREDENTIALS_URI"))
		if uri == "" {
			return fail("credentials_uri (or ALIBABA_CLOUD_CREDENTIALS_URI) is required")
		}
		c, err := r.fetchURI(ctx, uri)
		if err != nil {
			return fail("%v", err)
		}
		c.Source, c.Region = src, p.RegionID
		return c, nil
	case "cloudsso":
		c, err := r.cloudSSO(p, src)
		if err != nil {
			return fail("%v", err)
		}
		return c, nil
	case "oauth":
		c, err := r.oauth(p, r.cfgPath, src)
		if err != nil {
			return fail("%v", err)
		}
		return c, nil
	case "rsakeypair":
		return fail("mode RsaKeyPair is deprecated and ramtui does not support it: Alibaba Cloud no longer issues key pairs for signing in (they only ever worked on the Japan site). Use an AK, RamRoleArn or CloudSSO profile instead (aliyun configure --profile %s --mode AK)", p.Name)
	}
	return fail("mode %s is not supported by ramtui; supported modes: %s (for this account, create an AK or StsToken profile, e.g. with `aliyun configure --mode AK`, or export ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET)", mode, supportedModes)
}

func (r *resolver) assumeForProfile(ctx context.Context, p *cliProfile, source Credentials, src string) (Credentials, error) {
	region := firstNonEmpty(p.StsRegion, r.opts.getenv("ALIBABA_CLOUD_STS_REGION"), p.RegionID)
	endpoint := r.stsEndpoint(p.StsEndpoint)
	c, err := r.assume(ctx, source, endpoint, region, p.RamRoleArn, p.RamSessionName, p.ExternalID, p.ExpiredSeconds, "")
	if err != nil {
		return Credentials{}, fmt.Errorf("%s: AssumeRole %s: %w", src, p.RamRoleArn, err)
	}
	c.Source = fmt.Sprintf("%s -> %s", src, p.RamRoleArn)
	c.Region = p.RegionID
	if !source.Temporary() {
		c.SourceKeyID = source.AccessKeyID
	}
	return c, nil
}

// assume calls STS AssumeRole with source credentials: ramclient does it itself (not the SDK's
// role provider, which insists on HTTPS) so role profiles also work against a local ramsim.
func (r *resolver) assume(ctx context.Context, source Credentials, endpoint, region, roleArn, session, externalID string, seconds int, policy string) (Credentials, error) {
	if roleArn == "" {
		return Credentials{}, fmt.Errorf("ram_role_arn is required")
	}
	if region == "" {
		region = r.opts.Region
	}
	if session == "" {
		session = fmt.Sprintf("ramtui-%d", time.Now().Unix())
	}
	if seconds == 0 {
		seconds = 3600
	}
	c, err := New(Options{
		Endpoint: endpoint, Region: region, Credentials: source, Concurrency: 1, CallLogSize: 16,
		ConnectTimeout: r.opts.ConnectTimeout, ReadTimeout: r.opts.ReadTimeout,
	})
	if err != nil {
		return Credentials{}, err
	}
	defer c.Close()
	res, err := c.AssumeRole(ctx, AssumeRoleInput{
		RoleArn: roleArn, SessionName: session, ExternalID: externalID,
		Duration: time.Duration(seconds) * time.Second, Policy: policy,
	})
	if err != nil {
		return Credentials{}, err
	}
	r.derived = true
	return res.Credentials(), nil
}

// stsEndpoint is where a role profile calls AssumeRole: --endpoint (a simulator) wins, then the
// profile's sts_endpoint, then ALIBABA_CLOUD_STS_ENDPOINT, over HTTPS like the aliyun CLI except
// that an http:// loopback endpoint (a local simulator) is kept; "" = the regional endpoint the
// SDK picks.
func (r *resolver) stsEndpoint(profile string) string {
	if r.opts.Endpoint != "" {
		return r.opts.Endpoint
	}
	host := firstNonEmpty(profile, r.opts.getenv("ALIBABA_CLOUD_STS_ENDPOINT"))
	if host == "" {
		return ""
	}
	scheme := "https://"
	if rest, ok := strings.CutPrefix(host, "http://"); ok && isLoopbackHost(strings.TrimSuffix(rest, "/")) {
		scheme = "http://"
	}
	host = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(host, "https://"), "http://"), "/")
	return scheme + host
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
