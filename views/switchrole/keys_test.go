package switchrole

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/ramtui/ramtui/keymap"
)

// The switch-role screens are live together with the global and nav keys (the form captures
// every key, so only its own matter). No key may mean two things on one screen.
func TestSwitchKeysDoNotClash(t *testing.T) {
	km := keymap.Default()
	sw := keymap.DefaultSwitch()
	g, n := km.Global, km.Nav
	shared := []key.Binding{g.Palette, g.Help, g.Back, g.Quit, g.ForceQuit, g.Users, g.Groups, g.Roles,
		g.Policies, g.Keys, g.NextTab, g.PrevTab, g.Log, n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown}
	screens := map[string][]key.Binding{
		"picker": append([]key.Binding{sw.Choose, sw.Favourite, sw.TypeARN, sw.Doctor, sw.Refresh, km.List.Filter}, shared...),
		"result": append([]key.Binding{sw.Reveal, sw.CopyExport, sw.SaveProf, sw.Subshell, sw.BrowseAs, sw.Renew, sw.ConsoleURL, sw.CopyJSON}, shared...),
		"doctor": append([]key.Binding{sw.ApplyFix, sw.Refresh}, shared...),
		"form":   {sw.NextField, sw.PrevField, sw.Submit, sw.Cancel, sw.EditPolicy, sw.ClearField, g.ForceQuit},
	}
	for name, bs := range screens {
		owner := map[string]string{}
		for _, b := range bs {
			for _, k := range b.Keys() {
				if prev, ok := owner[k]; ok && prev != b.Help().Desc {
					t.Errorf("%s: key %q is both %q and %q", name, k, prev, b.Help().Desc)
				}
				owner[k] = b.Help().Desc
			}
		}
	}
	if n := len(sw.Entries()); n != 20 {
		t.Errorf("Entries lists %d bindings", n)
	}
}
