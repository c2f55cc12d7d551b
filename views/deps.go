// Package views is ramtui's screens: this package wires the parts together (the top-level
// lists, the palette commands) and holds the start-up screen. The parts:
//
//	views/kit         what every screen is built from (detail and list bases, actions, loader)
//	views/lists       the top-level lists, the API log, creating roles and policies
//	views/details     one user, group, role or policy; a policy version; the attach pickers
//	views/switchrole  switch role: picker, form, result, doctor
//
// Every screen loads through ramclient in a tea.Cmd (never in Update or View), drops stale
// answers, declares its keys once, and asks the root for everything else with the messages
// of ui/screen. Screens never import the SDK. ARCHITECTURE.md tells how to add one.
package views

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// Deps is what every screen needs (kit.Deps).
type Deps = kit.Deps

// base is the start-up screen's, until it is built on kit.Base:
// identity, size, a context cancelled when the screen is discarded, and the request
// sequence that makes stale answers recognisable.
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

// helpKeys adapts a binding list to help.KeyMap (the start-up screen's form of
// kit.HelpKeys).
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// The start-up screen's short names for the kit's.
var (
	errLine  = kit.ErrLine
	canceled = kit.Canceled
)

// withHelp returns a copy of b with a screen-specific description (kit.Action.Help for
// screens built on kit).
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

func keyIs(msg tea.KeyMsg, b key.Binding) bool { return key.Matches(msg, b) }
