package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Template is what `ramtui config init` writes: every setting at its default, commented, so
// the file documents itself and changes nothing until a line is uncommented.
const Template = `# ramtui settings. Every line is commented out: the defaults apply until you change one.
# Check the file with: ramtui config check

# Colours: auto follows the terminal's background; dark or light forces one.
# theme: auto

# Mouse: the terminal sends clicks and the wheel to ramtui instead of selecting text (no screen
# acts on them yet).
# mouse: false

# How "c" copies: auto (system clipboard and OSC52), osc52 (the terminal, also over SSH),
# native (system clipboard only), off.
# clipboard: auto

# Defaults of a role session (the switch form and 'ramtui assume').
# session:
#   duration: 1h          # 15m to 12h, and at most the role's MaxSessionDuration
#   name: "{user}"        # {user}, {profile}, {role}; letters, digits and . @ _ -

# Per aliyun CLI profile: read_only disables every action that changes the account; accent
# colours the header (red, green, yellow, blue, magenta, cyan, white, gray).
# profiles:
#   prod:
#     read_only: true
#     accent: red

# Key overrides, "scope.name": [keys]; [] unbinds. keys.json in this directory is still read,
# and these win over it.
# keys:
#   list.delete: [ctrl+d]
#   nav.down: [down, j, ctrl+n]
`

// ErrExists is returned by Init when the file is already there.
var ErrExists = errors.New("already exists")

// Init writes Template to path, creating its directory; it never replaces an existing file.
func Init(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s %w: not replaced (check it with 'ramtui config check')", path, ErrExists)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(Template); err != nil {
		f.Close()
		os.Remove(path) // never leave half a file behind
		return err
	}
	return f.Close()
}
