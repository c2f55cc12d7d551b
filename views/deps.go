// Package views holds ramtui's screens, one per file: the top-level lists (users, groups,
// roles, policies, AccessKeys), the detail screens, the API call log and the problem screen.
//
// Every screen follows the same rules: it loads through ramclient in a tea.Cmd (never in
// Update or View), tags each request with a sequence number and drops stale answers, owns its
// keys, and asks the root for everything else with the messages of ui/screen. Screens never
// import the SDK.
package views

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
)

// Deps is what every screen needs, built once by the caller.
type Deps struct {
	Client *ramclient.Client
	Theme  *theme.Theme
	Keys   *keymap.KeyMap
	// Now is the clock for ages ("3d ago", keys older than 90 days); nil = time.Now. Tests fix
	// it together with the simulator's clock so golden files are stable.
	Now func() time.Time

	// firstUsers is the first ListUsers page, fetched while signing in alongside
	// GetCallerIdentity so the first rows cost no extra round trip. The users list takes it
	// once (from a command goroutine, hence atomic) for the client that fetched it.
	firstUsers atomic.Pointer[prefetchedUsers]
}

type prefetchedUsers struct {
	client *ramclient.Client
	page   ramclient.Page[ramclient.User]
}

// takeFirstUsers hands out the page fetched at sign-in, once, if it was fetched by c.
func (d *Deps) takeFirstUsers(c *ramclient.Client) (ramclient.Page[ramclient.User], bool) {
	p := d.firstUsers.Swap(nil)
	if p == nil || p.client != c {
		return ramclient.Page[ramclient.User]{}, false
	}
	return p.page, true
}

func (d *Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// base is embedded by every screen: identity, size, a context cancelled when the screen is
// discarded, and the request sequence that makes stale answers recognisable.
type base struct {
	d      *Deps
	id     screen.ID
	w, h   int
	ctx    context.Context
	cancel context.CancelFunc
	seq    int
}

func newBase(d *Deps) base {
	ctx, cancel := context.WithCancel(context.Background())
	return base{d: d, id: screen.NewID(), ctx: ctx, cancel: cancel}
}

func (b *base) ID() screen.ID { return b.id }

// Close cancels the screen's calls still in flight.
func (b *base) Close() { b.cancel() }

// helpKeys adapts a binding list to help.KeyMap: ShortHelp is the first few, FullHelp all.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

var _ help.KeyMap = helpKeys{}

// errText formats an error as ramclient does ("Action: Code: Message (RequestId ...)") plus the
// client's hint when it has one.
func errText(err error) string {
	var re *ramclient.Error
	if errors.As(err, &re) && re.Hint != "" {
		return re.Error() + " — " + re.Hint
	}
	return err.Error()
}

// errLine formats an error for the footer flash and the lists' error state. For RAM errors the
// code and RequestId come before the message, so they survive when a narrow line is cut:
// "ListUsers: NoPermission (RequestId 4F3A...): You are not authorized ... — hint".
func errLine(err error) string {
	var re *ramclient.Error
	if !errors.As(err, &re) {
		return err.Error()
	}
	var b strings.Builder
	if re.Action != "" {
		b.WriteString(re.Action + ": ")
	}
	if re.Code != "" {
		b.WriteString(re.Code)
	} else {
		b.WriteString(re.Kind.String())
	}
	if re.RequestID != "" {
		b.WriteString(" (RequestId " + re.RequestID + ")")
	}
	if re.Message != "" {
		b.WriteString(": " + re.Message)
	}
	if re.Hint != "" {
		b.WriteString(" — " + re.Hint)
	}
	return b.String()
}

// canceled reports errors that only mean "the screen went away".
func canceled(err error) bool {
	return errors.Is(err, context.Canceled)
}

// Date and age formatting shared by the screens.

func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02")
}

func dateTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// ago says how long ago t was, coarsely: "5m", "3h", "12d", "2y". "never" for zero.
func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	case d < 730*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	}
	return fmt.Sprintf("%dy ago", int(d.Hours()/24/365))
}

func days(now, t time.Time) int {
	if t.IsZero() {
		return 0
	}
	return int(now.Sub(t).Hours() / 24)
}

func duration(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
}

// CurrentTime is Deps' clock (time.Now unless a test fixed it).
func (d *Deps) CurrentTime() time.Time { return d.now() }
