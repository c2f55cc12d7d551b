//go:build !darwin && !windows && !plan9

package userdata

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/adrg/xdg"
)

// TestXDGDirsAsAdrgXDG holds our resolution of the XDG directories (on first use, not at start-up)
// equal to adrg/xdg's, which ramtui used before: the same files are found where they were.
func TestXDGDirsAsAdrgXDG(t *testing.T) {
	tmp := t.TempDir()
	homes := []string{tmp, "", "relative/home", "~odd"}
	values := []string{"", filepath.Join(tmp, "x"), "relative/x", "~/x", "~", "$HOME/x", "$HOMEx"}
	t.Cleanup(xdg.Reload)
	for _, h := range homes {
		for _, v := range values {
			t.Setenv("HOME", h)
			if h == "" {
				os.Unsetenv("HOME") // unset, not empty; t.Setenv restores it
			}
			t.Setenv("XDG_CONFIG_HOME", v)
			t.Setenv("XDG_CACHE_HOME", v+"/c")
			xdg.Reload()
			if got, want := ConfigHome(), xdg.ConfigHome; got != want {
				t.Errorf("HOME=%q XDG_CONFIG_HOME=%q: ConfigHome %q, adrg/xdg %q", h, v, got, want)
			}
			if got, want := CacheHome(), xdg.CacheHome; got != want {
				t.Errorf("HOME=%q XDG_CACHE_HOME=%q: CacheHome %q, adrg/xdg %q", h, v+"/c", got, want)
			}
		}
	}

	for _, state := range []string{"", filepath.Join(tmp, "state"), "relative"} {
		t.Setenv("HOME", filepath.Join(tmp, "home"))
		t.Setenv("XDG_STATE_HOME", state)
		xdg.Reload()
		got, err := StateFile(filepath.Join("ramtui", "sim-cert.pem"))
		want, werr := xdg.StateFile(filepath.Join("ramtui", "sim-cert.pem"))
		if got != want || (err == nil) != (werr == nil) {
			t.Errorf("XDG_STATE_HOME=%q: StateFile %q, %v; adrg/xdg %q, %v", state, got, err, want, werr)
		}
		if fi, err := os.Stat(filepath.Dir(got)); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
			t.Errorf("XDG_STATE_HOME=%q: %s not made a 0700 directory: %v %v", state, filepath.Dir(got), fi, err)
		}
	}
	// A state directory that cannot be made: both fail.
	blocker := filepath.Join(tmp, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_STATE_HOME", blocker)
	xdg.Reload()
	got, err := StateFile("ramtui/x")
	want, werr := xdg.StateFile("ramtui/x")
	if err == nil || werr == nil || err.Error() != werr.Error() || got != want {
		t.Errorf("state under a file: %q, %v; adrg/xdg %q, %v", got, err, want, werr)
	}
}
