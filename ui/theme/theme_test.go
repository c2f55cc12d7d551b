package theme

import (
	"reflect"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// TestNoColorHasNoColours checks every style of the NO_COLOR theme: no foreground, background
// or border colour anywhere, while the cursor row still stands out (reverse video).
func TestNoColorHasNoColours(t *testing.T) {
	th := New(true)
	v := reflect.ValueOf(th).Elem()
	for i := 0; i < v.NumField(); i++ {
		st, ok := v.Field(i).Interface().(lipgloss.Style)
		if !ok {
			continue
		}
		name := v.Type().Field(i).Name
		for what, c := range map[string]lipgloss.TerminalColor{
			"foreground": st.GetForeground(), "background": st.GetBackground(),
			"border": st.GetBorderTopForeground(),
		} {
			if _, none := c.(lipgloss.NoColor); !none {
				t.Errorf("%s has a %s colour %v", name, what, c)
			}
		}
	}
	if !th.Cursor.GetReverse() {
		t.Error("the cursor row must stand out without colour")
	}
}

// TestColoursAreAdaptive checks that coloured styles use light/dark pairs, so they stay
// readable on both kinds of terminal.
func TestColoursAreAdaptive(t *testing.T) {
	th := New(false)
	for name, st := range map[string]lipgloss.Style{"Error": th.Error, "Warn": th.Warn, "TableHead": th.TableHead, "JSONKey": th.JSONKey} {
		if _, ok := st.GetForeground().(lipgloss.AdaptiveColor); !ok {
			t.Errorf("%s: foreground %T is not adaptive", name, st.GetForeground())
		}
	}
}
