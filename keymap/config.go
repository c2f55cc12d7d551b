package keymap

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ramtui/ramtui/limits"
	"github.com/ramtui/ramtui/userdata"
)

// ConfigPath is where user overrides live: $XDG_CONFIG_HOME/ramtui/keys.json (on Linux usually
// ~/.config/ramtui/keys.json). JSON was chosen over YAML so no new dependency is needed.
//
// The file maps "scope.name" to the keys that trigger it; an empty list unbinds:
//
//	{
//	  "list.delete": ["ctrl+d"],
//	  "nav.down": ["down", "j", "ctrl+n"],
//	  "global.log": []
//	}
//
// Key names are Bubble Tea's (tea.KeyMsg.String()): "a", "A", "ctrl+a", "enter", "esc",
// "tab", "shift+tab", "up", "pgdown", " " (space) and so on. Run `ramtui` with a bad file to
// get a message naming the bad entry.
func ConfigPath() string {
	return filepath.Join(userdata.ConfigHome(), "ramtui", "keys.json")
}

// Load returns the default key map with the overrides in path applied (a missing file is not
// an error), then read-only mode if asked. It fails with a clear message on a malformed file,
// an unknown binding name, or an override that makes two live bindings share a key.
func Load(path string, readOnly bool) (*KeyMap, error) { return LoadWith(path, nil, readOnly) }

// LoadWith is Load with more overrides applied after the file's: the "keys" of config.yaml,
// which take precedence over the older keys.json.
func LoadWith(path string, over map[string][]string, readOnly bool) (*KeyMap, error) {
	k := Default()
	data, err := limits.ReadFile(path, limits.ConfigFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("reading key bindings: %w", err)
	default:
		var over map[string][]string
		if err := json.Unmarshal(data, &over); err != nil {
			return nil, fmt.Errorf("%s: not a JSON object of \"scope.name\": [keys]: %v", path, err)
		}
		if err := k.Apply(over); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if len(over) > 0 {
		if err := k.Apply(over); err != nil {
			return nil, fmt.Errorf("keys of config.yaml (after %s): %w", path, err)
		}
	}
	k.SetReadOnly(readOnly)
	if err := k.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// Apply sets the keys of the named bindings. Unknown names are an error listing valid ones.
// The help label follows the first key, so help always shows the key that works.
func (k *KeyMap) Apply(over map[string][]string) error {
	index := map[string]Entry{}
	for _, s := range k.Scopes() {
		for _, e := range s.Entries {
			index[s.Name+"."+e.Name] = e
		}
	}
	names := make([]string, 0, len(over))
	for n := range over {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		e, ok := index[name]
		if !ok {
			return fmt.Errorf("unknown key binding %q (valid names look like %s)", name, exampleNames(index))
		}
		keys := over[name]
		for _, kk := range keys {
			if kk == "" {
				return fmt.Errorf("%s: empty key name", name)
			}
		}
		if len(keys) == 0 {
			e.Binding.Unbind()
			continue
		}
		e.Binding.SetKeys(keys...)
		label := keys[0]
		if label == " " {
			label = "space"
		}
		e.Binding.SetHelp(label, e.Binding.Help().Desc)
	}
	return k.Validate()
}

func exampleNames(index map[string]Entry) string {
	var all []string
	for n := range index {
		all = append(all, n)
	}
	sort.Strings(all)
	if len(all) > 6 {
		all = all[:6]
	}
	return strings.Join(all, ", ") + ", ..."
}

// Known reports whether name ("scope.name") is a binding that overrides can set.
func Known(name string) bool {
	for _, s := range Default().Scopes() {
		for _, e := range s.Entries {
			if s.Name+"."+e.Name == name {
				return true
			}
		}
	}
	return false
}
