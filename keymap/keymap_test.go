package keymap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

func TestDefaultHasNoClash(t *testing.T) {
	for _, ro := range []bool{false, true} {
		k := Default()
		k.SetReadOnly(ro)
		if err := k.Validate(); err != nil {
			t.Fatalf("readOnly=%v: %v", ro, err)
		}
	}
}

func TestEveryBindingHasKeysAndHelp(t *testing.T) {
	for _, s := range Default().Scopes() {
		for _, e := range s.Entries {
			if len(e.Binding.Keys()) == 0 || e.Binding.Help().Key == "" || e.Binding.Help().Desc == "" {
				t.Errorf("%s.%s: missing keys or help", s.Name, e.Name)
			}
		}
	}
}

func TestValidateCatchesClash(t *testing.T) {
	k := Default()
	k.List.Delete.SetKeys("x") // same as list.detach
	err := k.Validate()
	if err == nil || !strings.Contains(err.Error(), "list.detach") || !strings.Contains(err.Error(), "list.delete") {
		t.Fatalf("want clash naming both bindings, got %v", err)
	}
	k = Default()
	k.List.Refresh.SetKeys("q") // clashes with global quit
	if err := k.Validate(); err == nil || !strings.Contains(err.Error(), "global.quit") {
		t.Fatalf("want list/global clash, got %v", err)
	}
	// Detail and list may reuse keys: they are never live together.
	k = Default()
	if k.Detail.Delete.Keys()[0] != k.List.Delete.Keys()[0] {
		t.Fatal("test premise: list and detail share D")
	}
}

func TestReadOnlyDisablesMutatingBindings(t *testing.T) {
	k := Default()
	k.SetReadOnly(true)
	del := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("D")}
	if key.Matches(del, k.List.Delete) {
		t.Fatal("delete still matches in read-only mode")
	}
	if k.List.Attach.Enabled() || k.Detail.Edit.Enabled() {
		t.Fatal("mutating bindings still enabled")
	}
	if !k.List.Open.Enabled() || !k.Nav.Down.Enabled() {
		t.Fatal("read-only disabled a navigation binding")
	}
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadOverrides(t *testing.T) {
	p := writeConfig(t, `{"list.delete": ["ctrl+d"], "global.log": []}`)
	k, err := Load(p, false)
	if err != nil {
		t.Fatal(err)
	}
	if !key.Matches(tea.KeyMsg{Type: tea.KeyCtrlD}, k.List.Delete) {
		t.Fatal("override not applied")
	}
	if got := k.List.Delete.Help().Key; got != "ctrl+d" {
		t.Fatalf("help label = %q, want ctrl+d", got)
	}
	if k.Global.Log.Enabled() {
		t.Fatal("empty list should unbind")
	}
}

func TestLoadMissingFileIsDefault(t *testing.T) {
	k, err := Load(filepath.Join(t.TempDir(), "nope.json"), true)
	if err != nil {
		t.Fatal(err)
	}
	if !k.ReadOnly() || k.List.Delete.Enabled() {
		t.Fatal("read-only not applied")
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	cases := map[string]string{
		`{"list.delete": ["x"]}`:  "list.detach",  // clash with detach
		`{"list.refresh": ["1"]}`: "global.users", // clash with a global key
		`{"list.nuke": ["z"]}`:    `unknown key binding "list.nuke"`,
		`["not", "an", "object"]`: "not a JSON object",
		`{"nav.up": [""]}`:        "empty key name",
	}
	for body, want := range cases {
		_, err := Load(writeConfig(t, body), false)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want error containing %q", body, err, want)
		}
	}
}

func TestOverrideClashIsAnErrorEvenInReadOnlyMode(t *testing.T) {
	// "x" for refresh clashes with detach. Read-only mode disables detach, but a config file
	// must work in both modes, so it is rejected either way.
	p := writeConfig(t, `{"list.refresh": ["x"]}`)
	for _, ro := range []bool{false, true} {
		if _, err := Load(p, ro); err == nil {
			t.Fatalf("readOnly=%v: want clash error", ro)
		}
	}
}

func TestSwitchBindingsAreOverridableAndChecked(t *testing.T) {
	k, err := Load(writeConfig(t, `{"switch.reveal": ["V"]}`), false)
	if err != nil {
		t.Fatal(err)
	}
	if !key.Matches(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("V")}, k.Switch.Reveal) {
		t.Fatal("switch.reveal override not applied")
	}
	// On the result screen 'q' quits: an override must not take it.
	if _, err := Load(writeConfig(t, `{"switch.renew": ["q"]}`), false); err == nil || !strings.Contains(err.Error(), "switch.renew") {
		t.Fatalf("a switch binding clashing with global.quit was accepted: %v", err)
	}
	// The form captures typing; its keys only clash among themselves.
	if _, err := Load(writeConfig(t, `{"switch.clear_policy": ["ctrl+e"]}`), false); err == nil {
		t.Fatal("two form keys on ctrl+e were accepted")
	}
	ro, err := Load(writeConfig(t, `{}`), true)
	if err != nil {
		t.Fatal(err)
	}
	if ro.Switch.ApplyFix.Enabled() {
		t.Fatal("the doctor's apply-fix key is live in read-only mode")
	}
}
