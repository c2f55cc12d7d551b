package ramclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ramtui/ramtui/limits"
)

// SaveOptions control SaveProfile. The zero value is the safe default: a new profile is added,
// an existing one is never replaced.
type SaveOptions struct {
	Region string // the profile's region_id; "" keeps a replaced profile's own
	// ReplaceSts is the user's explicit "yes" to replacing an existing StsToken profile (a
	// disposable session). It never allows replacing a profile of another mode.
	ReplaceSts bool
	// ReplaceTyped is the profile name the user typed to confirm replacing it: it allows
	// replacing a profile of any mode (AK profiles hold the only copy of a secret).
	ReplaceTyped string
	Backups      int              // timestamped backups kept; 0 = DefaultProfileBackups
	Now          func() time.Time // for backup names; nil = time.Now
}

// DefaultProfileBackups is how many timestamped backups of config.json SaveProfile keeps.
const DefaultProfileBackups = 5

// SaveResult says what SaveProfile did, for the message the user sees.
type SaveResult struct {
	Path         string // the file written: the target when path is a symbolic link
	Replaced     string // the mode of the profile replaced; "" when the profile is new
	Backup       string // the backup of the previous file; "" when there was no file
	ModeFixed    bool   // the file was readable by others and is now 0600
	PreviousMode fs.FileMode
}

// ProfileExistsError refuses to replace a profile without the confirmation SaveOptions asks
// for. NeedTyped says the user must type the name (the profile is not an StsToken one).
type ProfileExistsError struct {
	Name, Mode string
	NeedTyped  bool
}

func (e *ProfileExistsError) Error() string {
	if e.NeedTyped {
		return fmt.Sprintf("profile %q exists with mode %s (it may hold the only copy of a secret): replacing it needs its name typed to confirm", e.Name, e.Mode)
	}
	return fmt.Sprintf("profile %q exists (mode %s): replacing it needs an explicit yes", e.Name, e.Mode)
}

// SaveStsProfile is SaveProfile with the safe defaults: it adds profile name and refuses (with
// a *ProfileExistsError) to replace an existing one.
func SaveStsProfile(path, name string, creds Credentials, region string) error {
	_, err := SaveProfile(path, name, creds, SaveOptions{Region: region})
	return err
}

// SaveProfile writes profile name into the aliyun CLI config file at path (e.g.
// CLIConfigPath(home)) as an StsToken profile holding creds, so that `aliyun --profile name` and
// ramtui can use the role's credentials. An existing profile is replaced only with the
// confirmation o gives (see SaveOptions); otherwise the error is a *ProfileExistsError.
//
// The file is replaced atomically with mode 0600 (tightened, and reported, when it was readable
// by others); a symbolic link is followed, so the link stays and its target is updated; the
// previous version is kept as a timestamped backup next to it (the last o.Backups are kept);
// and every other byte of the file -- other profiles, unknown fields, formatting -- is left as
// it was: only the one profile's text is replaced (or inserted). A replaced profile keeps its
// non-credential settings (output_format, language ...). A malformed file is left untouched and
// named in the error. A missing file is created with this profile as the current one.
func SaveProfile(path, name string, creds Credentials, o SaveOptions) (SaveResult, error) {
	res := SaveResult{Path: path}
	if name == "" {
		return res, fmt.Errorf("SaveProfile: a profile name is needed")
	}
	if creds.AccessKeyID == "" || creds.AccessKeySecret == "" || creds.SecurityToken == "" {
		return res, fmt.Errorf("SaveProfile: STS credentials need an AccessKey id, secret and security token")
	}
	if target, err := filepath.EvalSymlinks(path); err == nil {
		res.Path = target
	}
	st, err := os.Stat(res.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return res, writeNewConfig(res.Path, name, creds, o.Region)
	}
	if err != nil {
		return res, err
	}
	old, err := limits.ReadFile(res.Path, limits.ConfigFile)
	if err != nil {
		return res, err
	}
	// Refuse to touch a file we cannot read as config.json: never make a bad file worse.
	var check cliConfig
	if err := json.Unmarshal(old, &check); err != nil {
		return res, jsonFileError(path, old, err)
	}
	if p := check.profile(name); p != nil {
		mode := p.Mode
		if mode == "" {
			mode = "AK"
		}
		sts := strings.EqualFold(mode, "StsToken")
		if o.ReplaceTyped != name && !(sts && o.ReplaceSts) {
			return res, &ProfileExistsError{Name: name, Mode: mode, NeedTyped: !sts}
		}
		res.Replaced = mode
	}
	out, err := spliceProfile(old, name, creds, o.Region)
	if err != nil {
		return res, fmt.Errorf("%s: %v", path, err)
	}
	if err := json.Unmarshal(out, &check); err != nil { // our own bug, caught before writing
		return res, fmt.Errorf("%s: internal error composing the new file: %v", path, err)
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	if res.Backup, err = backupConfig(res.Path, old, now(), o.Backups); err != nil {
		return res, err
	}
	res.PreviousMode = st.Mode().Perm()
	res.ModeFixed = res.PreviousMode&0o077 != 0
	return res, writeFileAtomic(res.Path, out)
}

// backupLayout names backups so that they sort by time: config.json.bak-20260102T030405.000Z.
const backupLayout = "20060102T150405.000Z"

// backupConfig writes data as a timestamped backup of path (0600) and removes all but the
// newest keep backups.
func backupConfig(path string, data []byte, now time.Time, keep int) (string, error) {
	if keep <= 0 {
		keep = DefaultProfileBackups
	}
	bak := path + ".bak-" + now.UTC().Format(backupLayout)
	if err := writeFileAtomic(bak, data); err != nil {
		return "", fmt.Errorf("backup of %s: %w", path, err)
	}
	old, _ := filepath.Glob(globEscape(path) + ".bak-*")
	sort.Strings(old)
	for len(old) > keep {
		_ = os.Remove(old[0]) // a backup that cannot be removed costs disk space, nothing more
		old = old[1:]
	}
	return bak, nil
}

func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(s)
}

// writeFileAtomic replaces path with data, mode 0600, through a temporary file in the same
// directory that is removed whatever happens, so no empty or partial file is ever left behind.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil { // make the rename durable
		_ = d.Sync()
		d.Close()
	}
	return nil
}

func writeNewConfig(path, name string, creds Credentials, region string) error {
	prof, err := stsProfileJSON(nil, name, creds, region, "\t\t", "\t")
	if err != nil {
		return err
	}
	cur, _ := json.Marshal(name)
	data := []byte("{\n\t\"current\": " + string(cur) + ",\n\t\"profiles\": [\n\t\t" + string(prof) + "\n\t],\n\t\"meta_path\": \"\"\n}\n")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return writeFileAtomic(path, data)
}

// credentialKeys are the profile fields that describe how credentials are obtained: a profile
// turned into an StsToken one drops them (they would contradict the new mode). Made on first use.
var credentialKeys = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"name": true, "mode": true, "access_key_id": true, "access_key_secret": true, "sts_token": true,
		"sts_expiration": true, "region_id": true, "sts_region": true, "sts_endpoint": true,
		"ram_role_name": true, "ram_role_arn": true, "ram_session_name": true, "external_id": true,
		"source_profile": true, "private_key": true, "key_pair_name": true, "expired_seconds": true,
		"process_command": true, "credentials_uri": true, "oidc_provider_arn": true, "oidc_token_file": true,
		"cloud_sso_sign_in_url": true, "access_token": true, "cloud_sso_access_token_expire": true,
		"cloud_sso_access_config": true, "cloud_sso_account_id": true, "oauth_access_token": true,
		"oauth_refresh_token": true, "oauth_access_token_expire": true, "oauth_refresh_token_expire": true,
		"oauth_site_type": true, "bearer_token": true, "bearer_token_header_key": true, "verified": true,
	}
})

type member struct {
	key string
	val json.RawMessage
}

// stsProfileJSON renders the profile object: credentials first, then old's other settings in
// their original order.
func stsProfileJSON(old []member, name string, creds Credentials, region, prefix, indent string) ([]byte, error) {
	ms := []member{}
	add := func(k string, v any) {
		b, _ := json.Marshal(v)
		ms = append(ms, member{k, b})
	}
	add("name", name)
	add("mode", "StsToken")
	add("access_key_id", creds.AccessKeyID)
	add("access_key_secret", creds.AccessKeySecret)
	add("sts_token", creds.SecurityToken)
	if !creds.Expiration.IsZero() {
		add("sts_expiration", creds.Expiration.Unix())
	}
	if region != "" {
		add("region_id", region)
	} else {
		for _, m := range old {
			if m.key == "region_id" {
				ms = append(ms, m)
			}
		}
	}
	for _, m := range old {
		if !credentialKeys()[m.key] {
			ms = append(ms, m)
		}
	}
	var b bytes.Buffer
	b.WriteString("{")
	for i, m := range ms {
		if i > 0 {
			b.WriteString(",")
		}
		k, _ := json.Marshal(m.key)
		b.WriteString("\n" + prefix + indent + string(k) + ": ")
		var v bytes.Buffer
		if err := json.Indent(&v, m.val, prefix+indent, indent); err != nil {
			return nil, err
		}
		b.Write(v.Bytes())
	}
	b.WriteString("\n" + prefix + "}")
	return b.Bytes(), nil
}

// spliceProfile returns data with profile name replaced (or appended to "profiles"), leaving
// every other byte alone. Offsets come from the decoder, so formatting elsewhere survives.
func spliceProfile(data []byte, name string, creds Credentials, region string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if kt != "profiles" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil, fmt.Errorf(`"profiles" is not an array`)
		}
		afterOpen := int(dec.InputOffset())
		lastEnd := -1
		for dec.More() {
			before := int(dec.InputOffset())
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, err
			}
			end := int(dec.InputOffset())
			start := before + bytes.IndexFunc(data[before:end], func(r rune) bool { return !strings.ContainsRune(" \t\r\n,", r) })
			lastEnd = end
			old, err := objectMembers(raw)
			if err != nil {
				continue // not an object: not ours to touch
			}
			if profileName(old) != name {
				continue
			}
			prefix, indent := indentAt(data, start)
			prof, err := stsProfileJSON(old, name, creds, region, prefix, indent)
			if err != nil {
				return nil, err
			}
			return splice(data, start, end, prof), nil
		}
		// Not found: append after the last profile (or into the empty array).
		if lastEnd < 0 {
			prefix, indent := "\t\t", "\t"
			prof, err := stsProfileJSON(nil, name, creds, region, prefix, indent)
			if err != nil {
				return nil, err
			}
			return splice(data, afterOpen, afterOpen, append(append([]byte("\n"+prefix), prof...), '\n')), nil
		}
		prefix, indent := indentOfElementEndingAt(data, lastEnd)
		prof, err := stsProfileJSON(nil, name, creds, region, prefix, indent)
		if err != nil {
			return nil, err
		}
		return splice(data, lastEnd, lastEnd, append([]byte(",\n"+prefix), prof...)), nil
	}
	return nil, fmt.Errorf(`no "profiles" array`)
}

func splice(data []byte, start, end int, with []byte) []byte {
	out := make([]byte, 0, len(data)-(end-start)+len(with))
	out = append(out, data[:start]...)
	out = append(out, with...)
	return append(out, data[end:]...)
}

func objectMembers(raw json.RawMessage) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not an object")
	}
	var ms []member
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		ms = append(ms, member{kt.(string), v})
	}
	return ms, nil
}

func profileName(ms []member) string {
	for _, m := range ms {
		if m.key == "name" {
			var s string
			_ = json.Unmarshal(m.val, &s)
			return s
		}
	}
	return ""
}

// indentAt returns the whitespace before position pos on its line (the element's prefix) and a
// one-level indent in the same style.
func indentAt(data []byte, pos int) (prefix, indent string) {
	lineStart := bytes.LastIndexByte(data[:pos], '\n') + 1
	ws := data[lineStart:pos]
	if len(bytes.TrimLeft(ws, " \t")) != 0 { // the element does not start its line
		return "\t\t", "\t"
	}
	prefix = string(ws)
	if strings.HasPrefix(prefix, " ") {
		n := len(prefix) / 2
		if n == 0 {
			n = 2
		}
		return prefix, strings.Repeat(" ", n)
	}
	return prefix, "\t"
}

// indentOfElementEndingAt finds the indentation of the array element whose text ends at end
// (its closing brace's line).
func indentOfElementEndingAt(data []byte, end int) (string, string) {
	return indentAt(data, end-1)
}
