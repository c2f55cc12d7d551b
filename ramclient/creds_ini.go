package ramclient

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/ini.v1"

	"github.com/ramtui/ramtui/limits"
)

// fromINI reads a section of ~/.alibabacloud/credentials (or the file named by
// ALIBABA_CLOUD_CREDENTIALS_FILE, which must then exist): type access_key, sts, ram_role_arn or
// ecs_ram_role. The section is name, which by (a variable) named and which must then exist,
// else [default], which may be absent.
func (r *resolver) fromINI(ctx context.Context, name, by string) (Credentials, error) {
	path, byEnv := r.opts.getenv("ALIBABA_CLOUD_CREDENTIALS_FILE"), true
	if path == "" {
		byEnv = false
		h, err := r.opts.home()
		if err != nil {
			return Credentials{}, err
		}
		path = filepath.Join(h, ".alibabacloud", "credentials")
	}
	display := r.opts.displayPath(path)
	data, err := limits.ReadFile(path, limits.ConfigFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !byEnv {
			r.try("%s: not found", display)
			if name != "" {
				return Credentials{}, fmt.Errorf("profile %q (named by %s) is neither in the aliyun CLI's config.json nor in %s", name, by, display)
			}
			return Credentials{}, nil
		}
		r.try("%s: unreadable", display)
		return Credentials{}, fmt.Errorf("%s: %w", display, err)
	}
	f, err := ini.Load(data)
	if err != nil {
		r.try("%s: malformed", display)
		return Credentials{}, fmt.Errorf("%s: %v", display, err)
	}
	section := name
	if section == "" {
		section = "default"
	}
	sec, err := f.GetSection(section)
	if err != nil {
		r.try("%s: no [%s] section", display, section)
		if name != "" {
			return Credentials{}, fmt.Errorf("profile %q (named by %s) is neither in the aliyun CLI's config.json nor a section of %s; sections: %s", name, by, display, strings.Join(f.SectionStrings()[1:], ", "))
		}
		return Credentials{}, nil
	}
	r.try("%s [%s]", display, section)
	get := func(k string) string { return strings.TrimSpace(sec.Key(k).String()) }
	typ := get("type")
	c, err := r.iniSection(ctx, display, section, get)
	if err == nil {
		c.Label = "credentials [" + section + "] · " + typ
	}
	return c, err
}

// iniSection resolves one section of ~/.alibabacloud/credentials by its type.
func (r *resolver) iniSection(ctx context.Context, display, section string, get func(string) string) (Credentials, error) {
	typ := get("type")
	src := fmt.Sprintf("%s [%s] (type %s)", display, section, typ)
	fail := func(format string, args ...any) (Credentials, error) {
		return Credentials{}, fmt.Errorf("%s: %s", src, fmt.Sprintf(format, args...))
	}
	keys := func() (Credentials, error) {
		id, secret := get("access_key_id"), get("access_key_secret")
		if id == "" || secret == "" {
			return fail("access_key_id and access_key_secret are required")
		}
		return Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: src, Region: get("region_id")}, nil
	}
	switch typ {
	case "access_key":
		return keys()
	case "sts":
		c, err := keys()
		if err != nil {
			return c, err
		}
		if c.SecurityToken = get("security_token"); c.SecurityToken == "" {
			return fail("security_token is required")
		}
		return c, nil
	case "ram_role_arn":
		source, err := keys()
		if err != nil {
			return source, err
		}
		seconds, _ := strconv.Atoi(get("role_session_expiration"))
		c, err := r.assume(ctx, source, r.stsEndpoint(""), r.opts.getenv("ALIBABA_CLOUD_STS_REGION"), get("role_arn"), get("role_session_name"), get("external_id"), seconds, get("policy"))
		if err != nil {
			return Credentials{}, fmt.Errorf("%s: AssumeRole %s: %w", src, get("role_arn"), err)
		}
		c.Source, c.SourceKeyID = src+" -> "+get("role_arn"), source.AccessKeyID
		return c, nil
	case "ecs_ram_role":
		c, err := r.fetchIMDS(ctx, get("role_name"))
		if err != nil {
			return fail("%v", err)
		}
		c.Source = src
		return c, nil
	case "":
		return fail("type is required (access_key, sts, ram_role_arn or ecs_ram_role)")
	}
	return fail("type %q is not supported; supported: access_key, sts, ram_role_arn, ecs_ram_role", typ)
}

// ListCredentialSections lists the sections of ~/.alibabacloud/credentials (home "" = the
// user's home, or the file named by ALIBABA_CLOUD_CREDENTIALS_FILE) for a profile picker: Mode
// is the section's type (access_key, sts, ram_role_arn, ecs_ram_role). A missing file gives an
// empty list and no error. It never holds a secret.
func ListCredentialSections(home string) ([]ProfileInfo, error) {
	o := &CredentialOptions{HomeDir: home}
	path := ""
	if home == "" {
		path = o.getenv("ALIBABA_CLOUD_CREDENTIALS_FILE")
	}
	if path == "" {
		h, err := o.home()
		if err != nil {
			return nil, err
		}
		path = filepath.Join(h, ".alibabacloud", "credentials")
	}
	data, err := limits.ReadFile(path, limits.ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.displayPath(path), err)
	}
	f, err := ini.Load(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", o.displayPath(path), err)
	}
	var out []ProfileInfo
	for _, sec := range f.Sections() {
		if sec.Name() == ini.DefaultSection && len(sec.Keys()) == 0 {
			continue
		}
		get := func(k string) string { return strings.TrimSpace(sec.Key(k).String()) }
		out = append(out, ProfileInfo{Name: sec.Name(), Mode: get("type"), Region: get("region_id")})
	}
	return out, nil
}

// CredentialSectionOptions are CredentialOptions that resolve exactly one section of
// ~/.alibabacloud/credentials (neither the environment's keys nor config.json).
func CredentialSectionOptions(o CredentialOptions, section string) CredentialOptions {
	home, file := o.HomeDir, o.getenv("ALIBABA_CLOUD_CREDENTIALS_FILE")
	o.Profile = ""
	o.Getenv = func(k string) string {
		switch k {
		case "ALIBABA_CLOUD_PROFILE":
			return section
		case "ALIBABA_CLOUD_IGNORE_PROFILE":
			return "TRUE"
		case "ALIBABA_CLOUD_CREDENTIALS_FILE":
			if home == "" {
				return file
			}
		}
		return ""
	}
	return o
}
