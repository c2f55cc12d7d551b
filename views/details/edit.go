package details

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// Editing an entity's fields: e on a user, m on a role open a form (kit.Form) filled with the
// present values, each checked as typed with ramclient's rules; submitting closes it and asks
// y/N on the screen, naming each change ("Email: a → b").

// edit is one text field of an edit form.
type edit struct {
	label, old string
	now        *string
	check      func(string) error
}

// input is the form field of e.
func (e edit) input() huh.Field {
	return huh.NewInput().Title(e.label).Value(e.now).Validate(e.check)
}

// changes names what changed. The API cannot empty a field (an empty value leaves it as it
// is), so emptying one is said, not sent.
func changes(es []edit) (lines []string) {
	for _, e := range es {
		switch {
		case *e.now == e.old:
		case *e.now == "":
			*e.now = e.old
			lines = append(lines, e.label+": stays "+e.old+" (the API cannot empty it)")
		default:
			lines = append(lines, e.label+": "+orNone(e.old)+" → "+*e.now)
		}
	}
	return lines
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// editForm opens the form of fields (and extra, e.g. a select) for the detail screen b; on
// submit it closes and asks the detail to apply what changed.
func editForm(b *kit.Base, title string, fields []edit, extra func() []huh.Field, extraLines func() []string,
	question, done string, apply func(ctx context.Context) error) tea.Cmd {
	f := kit.NewForm(b.D, title, func() []kit.Page {
		var hf []huh.Field
		for _, e := range fields {
			hf = append(hf, e.input())
		}
		if extra != nil {
			hf = append(hf, extra()...)
		}
		return []kit.Page{{Fields: hf}}
	})
	f.Submit = func() tea.Cmd {
		lines := changes(fields)
		if extraLines != nil {
			lines = append(lines, extraLines()...)
		}
		if len(lines) == 0 {
			return tea.Sequence(screen.Pop(), screen.Flash("Nothing changed."))
		}
		return tea.Sequence(screen.Pop(), kit.ConfirmOnce(b, question, lines, done, apply))
	}
	return screen.Push(f)
}
