//go:build !darwin && !windows && !plan9

package userdata

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The XDG Base Directory rule as adrg/xdg v0.5.3 applies it on Linux and the BSDs, quirks
// included (a relative $XDG_* is ignored; "~" and "$HOME" at the start of one are expanded).

func configHome() string { return envPath("XDG_CONFIG_HOME", ".config") }
func cacheHome() string  { return envPath("XDG_CACHE_HOME", ".cache") }

func stateFile(rel string) (string, error) {
	p := filepath.Join(envPath("XDG_STATE_HOME", filepath.Join(".local", "state")), rel)
	dir := filepath.Dir(p)
	if _, err := os.Stat(dir); err == nil || os.MkdirAll(dir, os.ModeDir|0o700) == nil {
		return p, nil
	}
	return "", fmt.Errorf("could not create any of the following paths: [%s]", dir)
}

// envPath is $name when it is an absolute path (after expanding the home), else home/fallback,
// else "" (no absolute home).
func envPath(name, fallback string) string {
	if dir := expandHome(os.Getenv(name)); dir != "" && filepath.IsAbs(dir) {
		return dir
	}
	if dir := expandHome(filepath.Join(home(), fallback)); filepath.IsAbs(dir) {
		return dir
	}
	return ""
}

// home is $HOME, else "/".
func home() string {
	if h := os.Getenv("HOME"); h != "" {
		return h
	}
	return "/"
}

func expandHome(path string) string {
	switch {
	case path == "":
		return path
	case path[0] == '~':
		return filepath.Join(home(), path[1:])
	case strings.HasPrefix(path, "$HOME"):
		return filepath.Join(home(), path[5:])
	}
	return path
}
