package kit

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
)

// Lint is what the policy package warns about in a document about to be written (a policy or
// a version of it, a trust policy, a session policy): Allow * on *, NotAction with Allow, an
// action no service has (oss:GetObjct), a condition that never holds... one line each,
// "Statement[0]: ...", for a confirmation's Warnings or a form's pane (LintView). account is
// the account that owns the document ("" when unknown: a trust of another account without an
// ExternalId is then not told from one of this account). A document that does not parse has
// no lines here: where it is written, the parse error is shown.
func Lint(doc string, kind policy.Kind, account string) []string {
	d, err := policy.Parse(doc, kind)
	if err != nil {
		return nil
	}
	var out []string
	for _, f := range policy.LintAccount(d, kind, doc, account) {
		if f.Severity < policy.SeverityWarning {
			continue
		}
		line := f.Message
		if f.Path != "" {
			line = f.Path + ": " + line
		}
		out = append(out, line)
	}
	return out
}

// LintView draws Lint's lines for a pane w cells wide: made safe, marked, wrapped, in the
// warning style ("" when there are none), as a confirmation shows them.
func LintView(th *theme.Theme, warnings []string, w int) string {
	return strings.Join(components.WarningLines(th, warnings, w), "\n")
}

// ConfirmLinted is ConfirmOnce with the document's lint warnings (Lint) shown in the question's
// box, in full, before anything is sent.
func ConfirmLinted(b *Base, question string, details, warnings []string, done string, do func(ctx context.Context) error) tea.Cmd {
	return screen.Cmd(confirmLinted(b, question, details, warnings, done, "", do))
}

// confirmLinted is ConfirmLinted's question; id is the row id a creation makes (a custom
// policy): once listed, the list's cursor is on it (MutatedMsg.Created).
func confirmLinted(b *Base, question string, details, warnings []string, done, id string, do func(ctx context.Context) error) screen.ConfirmMsg {
	ctx := b.Ctx
	run := screen.Call(b.ID(), func() tea.Msg {
		if err := do(ctx); err != nil {
			return MutatedMsg{Done: done, Failed: 1, FirstErr: err}
		}
		return MutatedMsg{Summary: done, Created: id, OK: 1}
	})
	return screen.ConfirmMsg{Question: question, Details: details, Warnings: warnings, OnYes: run}
}

// EditedDoc is a document the user saved in $EDITOR under Name (EditJSON's name), about to
// be sent.
type EditedDoc struct {
	Name, Doc string
	Again     string // the key that opens the editor on it again: "e", "n"
}

// ConfirmEdited is ConfirmLinted for a document edited in $EDITOR (id: as confirmLinted's):
// until it is sent and taken, the edit is the editor's draft. Answering no (to fix what a
// warning said, say) and opening the editor again brings back the edit, noted as not sent;
// before, it reopened on the document the edit started from and the edit was lost. A change
// made forgets the draft (KeepDraft), as does a failure other than the document's refusal.
func ConfirmEdited(b *Base, ed EditedDoc, question string, details, warnings []string, done, id string, do func(ctx context.Context) error) tea.Cmd {
	b.D.Drafts.put(ed.Name, ed.Doc, "Not sent: you answered no. This is your edit as you saved it; the account still has what it had.", nil)
	m := confirmLinted(b, question, details, warnings, done, id, func(ctx context.Context) error {
		return KeepDraft(b, ed.Name, ed.Doc, do(ctx))
	})
	m.OnNo = "Nothing changed: " + ed.Again + " opens the editor on your edit again."
	return screen.Cmd(m)
}
