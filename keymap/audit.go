package keymap

import "github.com/charmbracelet/bubbles/key"

// Audit holds the keys of the :audit findings (a list screen and a finding's screen) beyond
// the list and detail scopes: they are live together with those, so they avoid their keys.
type Audit struct {
	Fix         key.Binding // apply the finding's fix (a confirmed plan) or go to its screen
	Ignore      key.Binding // ignore the finding with a reason (again: stop ignoring it)
	ShowIgnored key.Binding // show or hide the ignored findings
}

// DefaultAudit returns the audit bindings.
func DefaultAudit() Audit {
	return Audit{
		Fix:         b("f", "fix", "f"),
		Ignore:      b("i", "ignore (reason)", "i"),
		ShowIgnored: b("I", "show ignored", "I"),
	}
}

// Entries lists the audit bindings by name ("audit.fix"), for help, overrides and clash checks.
func (a *Audit) Entries() []Entry {
	return []Entry{
		{Name: "fix", Binding: &a.Fix, Mutating: true},
		{Name: "ignore", Binding: &a.Ignore},
		{Name: "show_ignored", Binding: &a.ShowIgnored},
	}
}
