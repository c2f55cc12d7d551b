package theme

import (
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
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

// TestNoColorKeepsAttributes draws the NO_COLOR theme the way a terminal with NO_COLOR set
// gets it: the cursor row and the active section must carry reverse video (SGR 7), the
// marks bold (SGR 1), and nothing may carry a colour (SGR 30-49, 90-107). Before, termenv's
// Ascii profile for NO_COLOR dropped the attributes and the cursor was invisible.
func TestNoColorKeepsAttributes(t *testing.T) {
	th := New(true)
	for _, terminal := range []termenv.Profile{termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(attributeProfile(termenv.Ascii, terminal))
		draw := func(st lipgloss.Style) string { return st.Renderer(r).Render("x") }
		if got := draw(th.Cursor); !strings.Contains(got, "\x1b[7m") {
			t.Errorf("terminal %v: cursor row %q has no reverse video", terminal, got)
		}
		if got := draw(th.TabActive); !strings.Contains(got, "\x1b[7m") {
			t.Errorf("terminal %v: active section %q has no reverse video", terminal, got)
		}
		if got := draw(th.Marked); !strings.Contains(got, "\x1b[1m") {
			t.Errorf("terminal %v: marked row %q is not bold", terminal, got)
		}
		v := reflect.ValueOf(th).Elem()
		for i := 0; i < v.NumField(); i++ {
			if st, ok := v.Field(i).Interface().(lipgloss.Style); ok {
				if sgr := colourSGR.FindString(draw(st)); sgr != "" {
					t.Errorf("%s draws a colour %q under NO_COLOR", v.Type().Field(i).Name, sgr)
				}
			}
		}
	}
	// No terminal (a pipe, TERM=dumb): stay plain.
	if p := attributeProfile(termenv.Ascii, termenv.Ascii); p != termenv.Ascii {
		t.Errorf("no terminal: profile %v, want Ascii", p)
	}
}

var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)
