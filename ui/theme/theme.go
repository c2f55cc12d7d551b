// Package theme builds ramtui's styles once; the root passes the *Theme down to every screen.
//
// Colours are lipgloss.AdaptiveColor pairs from the 16-colour ANSI palette (plus a few 256
// colours as fallbacks lipgloss degrades), so they follow the user's terminal scheme and stay
// readable on dark and light backgrounds. With NO_COLOR set (or a monochrome terminal) no
// colour is emitted at all; emphasis then comes from bold and reverse video, so the cursor
// row and badges remain visible. No icons anywhere.
package theme

import (
	"os"
	"sync"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Theme is the set of styles every part of the UI uses.
type Theme struct {
	NoColor bool

	Header    lipgloss.Style
	HeaderKey lipgloss.Style // "acct", "as", "profile" labels
	Badge     lipgloss.Style // DEMO
	BadgeWarn lipgloss.Style // READ-ONLY
	Tab       lipgloss.Style
	TabActive lipgloss.Style
	Crumb     lipgloss.Style
	CrumbSep  lipgloss.Style
	Title     lipgloss.Style // section titles in detail screens
	Label     lipgloss.Style // field labels in detail screens
	Dim       lipgloss.Style
	// Placeholder is a form field's example text: never to be taken for a typed value, so
	// italic as well as dim, and faint without colour.
	Placeholder lipgloss.Style
	TableHead   lipgloss.Style
	Cursor      lipgloss.Style // the selected row
	Marked      lipgloss.Style // a marked row
	Warn        lipgloss.Style // e.g. an AccessKey older than 90 days
	Error       lipgloss.Style
	Info        lipgloss.Style
	Success     lipgloss.Style
	HelpKey     lipgloss.Style
	HelpDesc    lipgloss.Style
	PromptBox   lipgloss.Style
	JSONKey     lipgloss.Style
	JSONString  lipgloss.Style
	JSONNumber  lipgloss.Style
	JSONLit     lipgloss.Style // true, false, null
	JSONPunct   lipgloss.Style
}

// The light sides of grey, yellow, green and cyan are 256 colours: the 16-colour ones are
// pale on a white background in most terminals' palettes (xterm's yellow #cdcd00 is 1.7:1,
// green 2.2:1, cyan 2.0:1, grey 4.0:1; GNOME's and Windows Terminal's yellows about 2.5:1), so
// old keys' ages, the switch picker's "no:" and a form's chosen options could not be read. These
// keep at least WCAG AA's 4.5:1 on white (TestLightColoursReadOnWhite); a 16-colour terminal
// gets the nearest ANSI colour, as before.
var (
	accent  = lipgloss.AdaptiveColor{Light: "4", Dark: "12"}   // blue / bright blue
	subtle  = lipgloss.AdaptiveColor{Light: "243", Dark: "7"}  // grey #767676 / light grey
	warn    = lipgloss.AdaptiveColor{Light: "130", Dark: "11"} // dark orange #af5f00 / yellow
	bad     = lipgloss.AdaptiveColor{Light: "1", Dark: "9"}    // red
	good    = lipgloss.AdaptiveColor{Light: "28", Dark: "10"}  // green #008700
	magenta = lipgloss.AdaptiveColor{Light: "5", Dark: "13"}
	cyan    = lipgloss.AdaptiveColor{Light: "23", Dark: "14"} // dark cyan #005f5f
)

// NoColorRequested reports whether the environment asks for no colour (https://no-color.org).
func NoColorRequested() bool { return os.Getenv("NO_COLOR") != "" }

// NoAttributes reports whether nothing but plain text reaches the terminal (TERM=dumb, a
// pipe): no colour, and no bold, italic or reverse either, so what a style tells apart must be
// told by the text itself.
func NoAttributes() bool { return lipgloss.ColorProfile() == termenv.Ascii }

// New builds the styles. With noColor every style is colourless.
func New(noColor bool) *Theme {
	s := lipgloss.NewStyle
	t := &Theme{NoColor: noColor}
	if noColor {
		keepAttributes()
		plain := s()
		t.Header, t.HeaderKey, t.Tab, t.Crumb, t.CrumbSep = plain, plain, plain, plain, plain
		t.Badge = s().Bold(true)
		t.BadgeWarn = s().Bold(true)
		t.TabActive = s().Reverse(true)
		t.Title = s().Bold(true)
		t.Label = plain
		t.Dim = plain
		t.Placeholder = s().Faint(true).Italic(true)
		t.TableHead = s().Bold(true)
		t.Cursor = s().Reverse(true)
		t.Marked = s().Bold(true)
		t.Warn = s().Bold(true)
		t.Error = s().Bold(true)
		t.Info, t.Success = plain, plain
		t.HelpKey = s().Bold(true)
		t.HelpDesc = plain
		t.PromptBox = s().Border(lipgloss.NormalBorder()).Padding(0, 1)
		t.JSONKey, t.JSONString, t.JSONNumber, t.JSONLit, t.JSONPunct = plain, plain, plain, plain, plain
		return t
	}
	t.Header = s()
	t.HeaderKey = s().Foreground(subtle)
	t.Badge = s().Bold(true).Foreground(magenta)
	t.BadgeWarn = s().Bold(true).Foreground(warn)
	t.Tab = s().Foreground(subtle)
	t.TabActive = s().Bold(true).Foreground(accent).Underline(true)
	t.Crumb = s().Foreground(accent)
	t.CrumbSep = s().Foreground(subtle)
	t.Title = s().Bold(true).Foreground(accent)
	t.Label = s().Foreground(subtle)
	t.Dim = s().Foreground(subtle)
	t.Placeholder = t.Dim.Italic(true) // a dark terminal's subtle grey is near its text's
	t.TableHead = s().Bold(true).Foreground(accent)
	t.Cursor = s().Reverse(true)
	t.Marked = s().Bold(true).Foreground(magenta)
	t.Warn = s().Foreground(warn)
	t.Error = s().Bold(true).Foreground(bad)
	t.Info = s().Foreground(good)
	t.Success = s().Foreground(good)
	t.HelpKey = s().Bold(true).Foreground(accent)
	t.HelpDesc = s().Foreground(subtle)
	t.PromptBox = s().Border(lipgloss.RoundedBorder()).BorderForeground(warn).Padding(0, 1)
	t.JSONKey = s().Foreground(accent)
	t.JSONString = s().Foreground(good)
	t.JSONNumber = s().Foreground(cyan)
	t.JSONLit = s().Foreground(magenta)
	t.JSONPunct = s().Foreground(subtle)
	return t
}

// keepAttributes lets bold, reverse video and underline through under NO_COLOR. termenv reads
// NO_COLOR as the Ascii profile, which drops every attribute as well, so the cursor row, the
// marks and the active section vanished. NO_COLOR forbids colour, not attributes, and the
// NO_COLOR theme holds no colour, so the ANSI profile only ever emits attributes here. A
// terminal that is no terminal (a pipe, TERM=dumb) stays Ascii.
func keepAttributes() {
	p := attributeProfile(lipgloss.ColorProfile(), termenv.NewOutput(os.Stdout).ColorProfile())
	if p != lipgloss.ColorProfile() {
		lipgloss.SetColorProfile(p)
	}
}

// attributeProfile is the profile to draw the NO_COLOR theme with: effective is what the
// environment made of the terminal (Ascii under NO_COLOR), terminal what the terminal can do.
func attributeProfile(effective, terminal termenv.Profile) termenv.Profile {
	if effective == termenv.Ascii && terminal != termenv.Ascii {
		return termenv.ANSI
	}
	return effective
}

// accents are the header colours config.yaml may give a profile, as light/dark ANSI pairs;
// made on first use.
var accents = sync.OnceValue(func() map[string]lipgloss.AdaptiveColor {
	return map[string]lipgloss.AdaptiveColor{
		"red": bad, "green": good, "yellow": warn, "blue": accent, "magenta": magenta, "cyan": cyan,
		"white": {Light: "0", Dark: "15"}, "gray": subtle,
	}
})

// Accent is the style of a profile's accent colour (config.yaml): bold, in the colour, or
// only bold without colour. An unknown or empty name is no style.
func (t *Theme) Accent(name string) lipgloss.Style {
	c, ok := accents()[name]
	switch {
	case !ok:
		return lipgloss.NewStyle()
	case t.NoColor:
		return lipgloss.NewStyle().Bold(true)
	}
	return lipgloss.NewStyle().Bold(true).Foreground(c)
}
