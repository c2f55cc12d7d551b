package keymap

import "github.com/charmbracelet/bubbles/key"

// Switch holds the bindings of the switch-role screens (picker, form, result, doctor). They
// are a scope of their own: each screen is live together with global and nav only, so they
// avoid the global keys (q ? : / 1-6 tab esc ctrl+c L) and j/k/g/G.
type Switch struct {
	// Picker
	Choose    key.Binding // open the form for the current role
	Favourite key.Binding // pin/unpin the current role
	TypeARN   key.Binding // type a role ARN (e.g. of another account)
	Doctor    key.Binding // why can't I assume this role?
	Refresh   key.Binding

	// Form (a capturing screen: letters are typed, so its keys are control keys)
	NextField  key.Binding
	PrevField  key.Binding
	Submit     key.Binding
	Cancel     key.Binding
	EditPolicy key.Binding // session policy in $EDITOR
	ClearField key.Binding // clear the session policy

	// Result
	Reveal     key.Binding
	CopyExport key.Binding
	SaveProf   key.Binding
	Subshell   key.Binding
	BrowseAs   key.Binding
	Renew      key.Binding
	ConsoleURL key.Binding
	CopyJSON   key.Binding

	// Doctor
	ApplyFix key.Binding
}

// DefaultSwitch returns the switch-role bindings.
func DefaultSwitch() Switch {
	return Switch{
		Choose:    b("enter", "switch", "enter"),
		Favourite: b("f", "favourite", "f"),
		TypeARN:   b("i", "type an ARN", "i"),
		Doctor:    b("d", "why not?", "d"),
		Refresh:   b("r", "refresh", "r"),

		NextField:  b("tab/↓", "next field", "tab", "down"),
		PrevField:  b("shift+tab/↑", "previous field", "shift+tab", "up"),
		Submit:     b("enter", "assume role", "enter"),
		Cancel:     b("esc", "back", "esc"),
		EditPolicy: b("ctrl+e", "policy in $EDITOR", "ctrl+e"),
		ClearField: b("ctrl+x", "clear policy", "ctrl+x"),

		Reveal:     b("v", "reveal/mask", "v"),
		CopyExport: b("y", "copy export lines", "y"),
		SaveProf:   b("p", "save as aliyun profile", "p"),
		Subshell:   b("S", "subshell", "S"),
		BrowseAs:   b("b", "browse as role", "b"),
		Renew:      b("R", "renew", "R"),
		ConsoleURL: b("u", "console URL", "u"),
		CopyJSON:   b("J", "copy JSON", "J"),

		ApplyFix: b("enter", "apply fix", "enter"),
	}
}

// Entries lists the switch-role bindings by name, for the '?' help, config overrides
// ("switch.reveal": ["V"]) and clash checks. They point into s.
func (s *Switch) Entries() []Entry {
	return []Entry{
		{Name: "choose", Binding: &s.Choose}, {Name: "favourite", Binding: &s.Favourite},
		{Name: "type_arn", Binding: &s.TypeARN}, {Name: "doctor", Binding: &s.Doctor},
		{Name: "refresh", Binding: &s.Refresh},
		{Name: "next_field", Binding: &s.NextField}, {Name: "prev_field", Binding: &s.PrevField},
		{Name: "submit", Binding: &s.Submit}, {Name: "cancel", Binding: &s.Cancel},
		{Name: "edit_policy", Binding: &s.EditPolicy}, {Name: "clear_policy", Binding: &s.ClearField},
		{Name: "reveal", Binding: &s.Reveal}, {Name: "copy_export", Binding: &s.CopyExport},
		{Name: "save_profile", Binding: &s.SaveProf}, {Name: "subshell", Binding: &s.Subshell},
		{Name: "browse_as", Binding: &s.BrowseAs}, {Name: "renew", Binding: &s.Renew},
		{Name: "console_url", Binding: &s.ConsoleURL}, {Name: "copy_json", Binding: &s.CopyJSON},
		{Name: "apply_fix", Binding: &s.ApplyFix, Mutating: true},
	}
}
