// Package kit is what every screen is built from: the dependencies every screen gets (Deps),
// the screen base (identity, size, a context cancelled when the screen goes away), the one
// loader that drops stale answers, actions declared once (dispatch and help from one list),
// the confirm-then-change helpers, and the one error formatter and clock.
//
// kit imports no screen package, so every screen package (lists, details, switch role, the
// wizards to come) can import it without cycles.
package kit

import (
	"context"
	"time"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
)

// Deps is what every screen needs, built once by the caller.
type Deps struct {
	// Session owns the client in use (the signed-in one, or a role's while browsing as it):
	// screens read it with Client() and ask for changes with the session's messages.
	Session *session.Session
	// Switch configures the switch-role screens (`s` on a role, `:switch`).
	Switch SwitchConfig
	// Profiles configures :profile (the accounts the whole session can switch to).
	Profiles ProfilesConfig
	Theme    *theme.Theme
	Keys     *keymap.KeyMap
	// Now is the clock for ages ("3d ago", keys older than 90 days); nil = time.Now. Tests fix
	// it together with the simulator's clock so golden files are stable. Screens read it
	// through CurrentTime, the one clock of the views.
	Now func() time.Time
	// Drafts keeps documents the account refused, so the editor reopens on them; nil: none.
	Drafts *Drafts
}

// Client is the client a screen being built now uses: the session's. A screen captures it
// when it is built, so screens already open keep theirs when the session changes.
func (d *Deps) Client() *ramclient.Client { return d.Session.Client() }

// CurrentTime is Deps' clock (time.Now unless a test fixed it).
func (d *Deps) CurrentTime() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// ReadOnly reports whether changes to the account are disabled.
func (d *Deps) ReadOnly() bool { return d.Keys.ReadOnly() }

// Base is embedded by every screen: identity, size, and a context cancelled when the screen
// is discarded (so its calls still in flight stop).
type Base struct {
	D      *Deps
	W, H   int
	Ctx    context.Context
	id     screen.ID
	cancel context.CancelFunc
}

// NewBase gives a screen its id and context.
func NewBase(d *Deps) Base {
	ctx, cancel := context.WithCancel(context.Background())
	return Base{D: d, id: screen.NewID(), Ctx: ctx, cancel: cancel}
}

// ID is the screen's id; results of its calls are addressed to it.
func (b *Base) ID() screen.ID { return b.id }

// Close cancels the screen's calls still in flight.
func (b *Base) Close() { b.cancel() }
