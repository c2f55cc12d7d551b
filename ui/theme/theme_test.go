package theme

import (
	"io"
	"math"
	"reflect"
	"regexp"
	"strconv"
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

// TestLightColoursReadOnWhite checks every colour a style draws text with on a light
// terminal against a white background: at least WCAG AA's 4.5:1, with the 16 ANSI colours as
// xterm draws them (many terminals' are paler still). Before, old keys' ages and the switch
// picker's warnings were yellow #cdcd00 on white (1.5:1) and a form's chosen options green
// (2.2:1).
func TestLightColoursReadOnWhite(t *testing.T) {
	th := New(false)
	v := reflect.ValueOf(th).Elem()
	for i := 0; i < v.NumField(); i++ {
		st, ok := v.Field(i).Interface().(lipgloss.Style)
		if !ok {
			continue
		}
		c, ok := st.GetForeground().(lipgloss.AdaptiveColor)
		if !ok {
			continue
		}
		if r := contrast(xtermRGB(t, c.Light), [3]float64{255, 255, 255}); r < 4.5 {
			t.Errorf("%s: colour %s on white is %.1f:1, below 4.5:1", v.Type().Field(i).Name, c.Light, r)
		}
	}
	for name := range accents() {
		if r := contrast(xtermRGB(t, th.Accent(name).GetForeground().(lipgloss.AdaptiveColor).Light), [3]float64{255, 255, 255}); r < 4.5 {
			t.Errorf("accent %s on white is %.1f:1", name, r)
		}
	}
}

// xtermRGB is an ANSI 256 colour index as xterm draws it by default.
func xtermRGB(t *testing.T, s string) [3]float64 {
	t.Helper()
	basic := [16][3]float64{{0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0}, {0, 0, 238}, {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
		{127, 127, 127}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0}, {92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255}}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 0 || n > 255:
		t.Fatalf("colour %q is not an ANSI 256 index", s)
	case n < 16:
		return basic[n]
	case n < 232:
		level := func(i int) float64 {
			if i == 0 {
				return 0
			}
			return float64(55 + 40*i)
		}
		n -= 16
		return [3]float64{level(n / 36), level(n / 6 % 6), level(n % 6)}
	}
	g := float64(8 + 10*(n-232))
	return [3]float64{g, g, g}
}

// contrast is WCAG 2's contrast ratio of two sRGB colours.
func contrast(a, b [3]float64) float64 {
	lum := func(c [3]float64) float64 {
		var l [3]float64
		for i, v := range c {
			v /= 255
			if v <= 0.03928 {
				l[i] = v / 12.92
			} else {
				l[i] = math.Pow((v+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
