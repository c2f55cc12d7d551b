// Package config reads ramtui's settings file, config.yaml in the user's config directory:
// theme, mouse, clipboard, the defaults of a role session, key overrides and per-profile
// settings (read-only, header accent colour).
//
// A file that is not exactly right is an error, never half-applied: every problem is reported
// as `file:line: what is wrong`, unknown keys included, so a typo cannot silently switch a
// production profile's read_only off.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/limits"
	"github.com/ramtui/ramtui/userdata"
)

// maxFileSize caps what is read: a settings file is a few hundred bytes.
const maxFileSize = limits.ConfigFile

// Path is $XDG_CONFIG_HOME/ramtui/config.yaml. Without XDG_CONFIG_HOME that is
// ~/.config/ramtui/config.yaml on Linux and the BSDs, ~/Library/Application Support/ramtui on
// macOS and %LOCALAPPDATA%\ramtui on Windows: the same rule (userdata.ConfigHome) as ramtui's
// other files (favourites, recents, keys.json), so they all live in one directory.
func Path() string {
	return filepath.Join(userdata.ConfigHome(), "ramtui", "config.yaml")
}

// Theme values.
const (
	ThemeAuto  = "auto" // follow the terminal's background
	ThemeDark  = "dark"
	ThemeLight = "light"
)

// Clipboard methods.
const (
	ClipboardAuto   = "auto"   // the system clipboard when there is one, and OSC52 always
	ClipboardOSC52  = "osc52"  // only the terminal's OSC52 (over SSH, in tmux)
	ClipboardNative = "native" // only the system clipboard
	ClipboardOff    = "off"    // never copy
)

// Accents are the header colours a profile may have: the 16 ANSI colours' names, so the
// header follows the terminal's own palette like the rest of the UI.
var Accents = []string{"red", "green", "yellow", "blue", "magenta", "cyan", "white", "gray"}

// Config is the settings. The zero value is not useful: use Default or Load.
type Config struct {
	File      string // where it was read from; "" when there was no file
	Theme     string
	Mouse     bool
	Clipboard string
	Session   Session
	Keys      map[string][]string // "scope.name" -> keys, as keys.json has them
	Profiles  map[string]Profile
}

// Session holds the defaults of a new role session (the switch form and `ramtui assume`).
type Session struct {
	Duration time.Duration
	// Name is the RoleSessionName template: {user} is the caller's RAM user name, {profile}
	// the profile's name, {role} the role's name. The result is made a valid session name.
	Name string
}

// Profile holds the settings of one aliyun CLI profile (by name).
type Profile struct {
	ReadOnly bool
	Accent   string // one of Accents, or "" for the default
}

// Default returns the settings used when there is no file.
func Default() *Config {
	return &Config{
		Theme: ThemeAuto, Clipboard: ClipboardAuto,
		Session:  Session{Duration: assume.DefaultDuration, Name: "{user}"},
		Keys:     map[string][]string{},
		Profiles: map[string]Profile{},
	}
}

// Profile returns the settings of the named profile (the zero Profile when it has none).
func (c *Config) Profile(name string) Profile { return c.Profiles[name] }

// SessionName expands the session-name template into a valid RoleSessionName.
func (c *Config) SessionName(user, profile, role string) string {
	r := strings.NewReplacer("{user}", user, "{profile}", profile, "{role}", role)
	return assume.SanitizeSessionName(r.Replace(c.Session.Name))
}

// Problem is one thing wrong with the file, at a line.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) Error() string {
	if p.Line == 0 {
		return p.File + ": " + p.Msg
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// Problems is every problem found in a file, in line order. Error prints one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Load reads the file at path. A missing file gives the defaults; a file that cannot be read
// is an error, and a file with problems returns Problems.
func Load(path string) (*Config, error) {
	data, err := limits.ReadFile(path, maxFileSize)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if errors.Is(err, limits.ErrTooLarge) {
		return nil, Problems{{File: path, Msg: fmt.Sprintf("larger than %d bytes: this is not a ramtui config file", maxFileSize)}}
	}
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads settings from data; path names the file in messages.
func Parse(path string, data []byte) (*Config, error) {
	c := Default()
	c.File = path
	p := &parser{file: path}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file (or only comments) is the defaults
		}
		return nil, Problems{yamlProblem(path, err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.add(extra.Line, "a second YAML document: the file must hold one")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	p.top(root, c)
	if len(p.problems) > 0 {
		sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
		return nil, p.problems
	}
	return c, nil
}

// yamlProblem turns the YAML library's "yaml: line N: msg" into file:N: msg.
func yamlProblem(path string, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return Problem{File: path, Line: line, Msg: "not valid YAML: " + msg}
}

type parser struct {
	file     string
	problems Problems
}

func (p *parser) add(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// fields walks a mapping node, calling set for each known key and reporting unknown and
// repeated ones. where names the mapping in messages ("" at the top).
func (p *parser) fields(n *yaml.Node, where string, known []string, set func(key string, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		if where == "" {
			p.add(n.Line, "the file must be a mapping of settings (key: value)")
		} else {
			p.add(n.Line, "%s must be a mapping (key: value)", where)
		}
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if seen[name] {
			p.add(k.Line, "%s is set twice", qualify(where, name))
			continue
		}
		seen[name] = true
		if known != nil && !contains(known, name) {
			p.add(k.Line, "unknown setting %s (known: %s)", qualify(where, name), strings.Join(known, ", "))
			continue
		}
		set(name, v)
	}
}

func qualify(where, name string) string {
	if where == "" {
		return fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("%q in %s", name, where)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *parser) top(n *yaml.Node, c *Config) {
	p.fields(n, "", []string{"theme", "mouse", "clipboard", "session", "keys", "profiles"}, func(key string, v *yaml.Node) {
		switch key {
		case "theme":
			c.Theme = p.oneOf(v, "theme", ThemeAuto, ThemeDark, ThemeLight)
		case "mouse":
			c.Mouse = p.boolean(v, "mouse")
		case "clipboard":
			c.Clipboard = p.oneOf(v, "clipboard", ClipboardAuto, ClipboardOSC52, ClipboardNative, ClipboardOff)
		case "session":
			p.session(v, &c.Session)
		case "keys":
			c.Keys = p.keys(v)
		case "profiles":
			p.fields(v, "profiles", nil, func(name string, pv *yaml.Node) {
				var prof Profile
				p.fields(pv, "profile "+fmt.Sprintf("%q", name), []string{"read_only", "accent"}, func(key string, v *yaml.Node) {
					switch key {
					case "read_only":
						prof.ReadOnly = p.boolean(v, "read_only")
					case "accent":
						prof.Accent = p.oneOf(v, "accent", Accents...)
					}
				})
				c.Profiles[name] = prof
			})
		}
	})
}

func (p *parser) scalar(v *yaml.Node, what string) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		p.add(v.Line, "%s needs a value", what)
		return "", false
	}
	return v.Value, true
}

func (p *parser) oneOf(v *yaml.Node, what string, allowed ...string) string {
	s, ok := p.scalar(v, what)
	if !ok {
		return allowed[0]
	}
	if !contains(allowed, s) {
		p.add(v.Line, "%s is %q: it must be one of %s", what, s, strings.Join(allowed, ", "))
		return allowed[0]
	}
	return s
}

func (p *parser) boolean(v *yaml.Node, what string) bool {
	s, ok := p.scalar(v, what)
	if !ok {
		return false
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	p.add(v.Line, "%s is %q: it must be true or false", what, s)
	return false
}

func (p *parser) session(n *yaml.Node, s *Session) {
	p.fields(n, "session", []string{"duration", "name"}, func(key string, v *yaml.Node) {
		val, ok := p.scalar(v, "session "+key)
		if !ok {
			return
		}
		switch key {
		case "duration":
			d, err := time.ParseDuration(val)
			switch {
			case err != nil:
				p.add(v.Line, "session duration %q is not a duration (like 1h or 90m)", val)
			case d < assume.MinDuration || d > 12*time.Hour:
				p.add(v.Line, "session duration %s is outside what STS allows (15m to 12h)", val)
			default:
				s.Duration = d
			}
		case "name":
			if err := checkNameTemplate(val); err != nil {
				p.add(v.Line, "session name %q: %v", val, err)
				return
			}
			s.Name = val
		}
	})
}

// checkNameTemplate accepts the placeholders and text STS allows in a session name, so a typo
// such as {usr} is caught here and not turned into "-usr-" silently.
func checkNameTemplate(t string) error {
	rest := t
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		lit := rest
		if i >= 0 {
			lit = rest[:i]
		}
		for _, r := range lit {
			if w := "a" + string(r) + "b"; assume.SanitizeSessionName(w) != w {
				return fmt.Errorf("%q is not allowed in a session name (letters, digits and . @ _ -)", r)
			}
		}
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return errors.New("a { without its }")
		}
		if ph := rest[i : i+j+1]; ph != "{user}" && ph != "{profile}" && ph != "{role}" {
			return fmt.Errorf("unknown placeholder %s (known: {user}, {profile}, {role})", ph)
		}
		rest = rest[i+j+1:]
	}
	if strings.TrimSpace(t) == "" {
		return errors.New("empty")
	}
	return nil
}

// keys reads the key overrides and checks them against the real key map: a binding name that
// does not exist or two bindings sharing a key is reported at its line.
func (p *parser) keys(n *yaml.Node) map[string][]string {
	out := map[string][]string{}
	lines := map[string]int{}
	p.fields(n, "keys", nil, func(name string, v *yaml.Node) {
		lines[name] = v.Line
		switch v.Kind {
		case yaml.ScalarNode:
			out[name] = []string{v.Value}
		case yaml.SequenceNode:
			keys := []string{}
			for _, k := range v.Content {
				if k.Kind != yaml.ScalarNode || k.Value == "" {
					p.add(k.Line, "key %s: each key is a name like ctrl+d", name)
					continue
				}
				keys = append(keys, k.Value)
			}
			out[name] = keys
		default:
			p.add(v.Line, "key %s: give a key or a list of keys ([] unbinds)", name)
		}
	})
	for name := range out {
		if !keymap.Known(name) {
			p.add(lines[name], "keys: unknown key binding %q (names look like list.delete, nav.down; the README's key table lists them)", name)
			delete(out, name)
		}
	}
	// Together, as the TUI applies them: two bindings sharing a key are refused.
	if err := keymap.Default().Apply(out); err != nil {
		line := n.Line // at the override the message names, if it names one
		for name, l := range lines {
			if _, ok := out[name]; ok && strings.Contains(err.Error(), name) {
				line = l
			}
		}
		p.add(line, "keys: %v", err)
	}
	return out
}
