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
	"github.com/ramtui/ramtui/views/kit"
)

// Deps is what every screen needs (kit.Deps).
type Deps = kit.Deps

// errLine is the palette commands' short name for kit.ErrLine.
var errLine = kit.ErrLine
