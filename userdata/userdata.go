// Package userdata keeps ramtui's own small files in the user's XDG directories: what it
// remembers between runs (recent and favourite roles, who an AccessKey belongs to). Files are
// JSON, written atomically (write, fsync, rename) with mode 0600; a missing file is empty, and
// a damaged one is reported, never silently replaced. Nothing here ever holds a secret.
package userdata

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	renameio "github.com/google/renameio/v2/maybe" // atomic where the OS allows (not on Windows)

	"github.com/ramtui/ramtui/limits"
)

// Dirs are where ramtui keeps its files. The zero Dirs keeps nothing: reads find nothing and
// writes are dropped, so only code that asks for DefaultDirs (the real start-up) ever touches
// the user's files -- never a test or a --demo session that forgot to choose.
type Dirs struct {
	Config string // settings and what the user chose: favourites, recents
	Cache  string // what can be rebuilt: identity cache
}

// DefaultDirs are $XDG_CONFIG_HOME/ramtui and $XDG_CACHE_HOME/ramtui.
func DefaultDirs() Dirs {
	return Dirs{Config: filepath.Join(ConfigHome(), "ramtui"), Cache: filepath.Join(CacheHome(), "ramtui")}
}

// file is name inside dir, or "" (nowhere) when dir is unset.
func file(dir, name string) string {
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, name)
}

// ReadJSON fills v from path; a missing file, or no path, leaves v as it is.
func ReadJSON(path string, v any) error {
	if path == "" {
		return nil
	}
	data, err := limits.ReadFile(path, limits.CacheFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s is damaged (%v): fix or delete it", path, err)
	}
	return nil
}

// WriteJSON replaces path atomically with v, creating its directory (0700) if needed. With no
// path it does nothing.
func WriteJSON(path string, v any) error {
	if path == "" {
		return nil
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return renameio.WriteFile(path, append(data, '\n'), 0o600)
}
