package details

import (
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// A new version the account refuses is not lost: e opens the editor on what the user typed
// (not the policy's document again), with the refusal and its line and column noted above
// it; once a version is saved, e opens the policy's document again.
func TestRefusedDocumentReopensAsTyped(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicy(d, "ci-deploy", ramclient.PolicyCustom), 120, 30)
	dr.Key("e")
	first := viewtest.Last[screen.EditMsg](dr)
	if first.Note != "" || !strings.Contains(first.Doc, `"Statement"`) {
		t.Fatalf("first edit: %+v", first)
	}
	typed := "{\n  \"Version\": \"1\",\n  \"Statement\": [\n    {\"Effect\": \"Alow\", \"Action\": \"oss:GetObject\", \"Resource\": \"*\"}\n  ]\n}\n"
	dr.Deliver(screen.EditedMsg{Text: typed})
	dr.Run(viewtest.Last[screen.ConfirmMsg](dr).OnYes)
	dr.Key("e")
	again := viewtest.Last[screen.EditMsg](dr)
	if again.Doc != typed {
		t.Fatalf("the editor reopened on %q, not what was typed", again.Doc)
	}
	if !strings.Contains(again.Note, "Effect") || !strings.Contains(again.Note, "line 6, column") {
		t.Fatalf("the note does not say what and where: %q", again.Note)
	}

	fixed := strings.Replace(typed, "Alow", "Allow", 1)
	dr.Deliver(screen.EditedMsg{Text: fixed})
	dr.Run(viewtest.Last[screen.ConfirmMsg](dr).OnYes)
	pol, err := d.Client().GetPolicy(t.Context(), "ci-deploy", ramclient.PolicyCustom)
	if err != nil || !strings.Contains(pol.Document, "oss:GetObject") {
		t.Fatalf("the fixed version was not saved: %v %q", err, pol.Document)
	}
	dr.Key("e")
	if last := viewtest.Last[screen.EditMsg](dr); last.Note != "" || !strings.Contains(last.Doc, "oss:GetObject") || strings.Contains(last.Doc, "Alow") {
		t.Fatalf("after a save the editor opens %+v", last)
	}
}

// A trust policy saved with a JSON syntax error is not offered to be sent (the question used
// to be "Replace the trust policy …? Afterwards: The trust policy could not be read", and y
// only got ramclient's refusal): nothing is asked about the account, nothing is called, and
// y to "Edit it again?" reopens the editor on what was typed, the error's line noted.
func TestUnreadableTrustPolicyAsksToEditAgain(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRole(d, "dev-deploy"), 120, 30)
	dr.Key("e")
	first := viewtest.Last[screen.EditMsg](dr)
	typed := strings.Replace(first.Doc, "{", "", 1) // the first brace deleted
	calls := len(d.Client().Log().Entries())
	dr.Deliver(screen.EditedMsg{Text: typed})
	ask := viewtest.Last[screen.ConfirmMsg](dr)
	if !ask.Local || !strings.HasSuffix(ask.Question, "Edit it again?") || len(ask.Details) != 1 || !strings.Contains(ask.Details[0], "line") {
		t.Fatalf("asked %+v", ask)
	}
	for _, e := range d.Client().Log().Entries()[calls:] {
		if e.Action == "UpdateRole" {
			t.Fatalf("UpdateRole was called or refused: %+v", e)
		}
	}
	dr.Run(ask.OnYes)
	again := viewtest.Last[screen.EditMsg](dr)
	if again.Doc != typed || !strings.Contains(again.Note, "was not sent") || !strings.Contains(again.Note, "line 4, column") {
		t.Fatalf("the editor reopened on %+v", again)
	}
}

// No to a trust policy's replacement keeps the edit: e opens the editor on it again, noted as
// not sent (it used to open the role's trust policy again, the edit lost). Once replaced, e
// opens the trust policy the role has.
func TestNoKeepsTheEditedTrustPolicy(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRole(d, "dev-deploy"), 120, 30)
	dr.Key("e")
	first := viewtest.Last[screen.EditMsg](dr)
	if first.Note != "" {
		t.Fatalf("a first edit with a note: %q", first.Note)
	}
	typed := "{\n  \"Version\": \"1\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {\"Service\": [\"ecs.aliyuncs.com\"]}}\n  ]\n}\n"
	dr.Deliver(screen.EditedMsg{Text: typed})
	ask := viewtest.Last[screen.ConfirmMsg](dr)
	if ask.OnYes == nil || !strings.Contains(ask.OnNo, "e opens the editor on your edit again") {
		t.Fatalf("the question %+v", ask)
	}
	// n: the root flashes OnNo and runs nothing.
	dr.Key("e")
	again := viewtest.Last[screen.EditMsg](dr)
	if again.Doc != typed || !strings.Contains(again.Note, "Not sent: you answered no") {
		t.Fatalf("after no, e opened %q (note %q), not the edit", again.Doc, again.Note)
	}
	dr.Deliver(screen.EditedMsg{Text: typed})
	dr.Run(viewtest.Last[screen.ConfirmMsg](dr).OnYes)
	dr.Key("e")
	if last := viewtest.Last[screen.EditMsg](dr); last.Note != "" || !strings.Contains(last.Doc, "ecs.aliyuncs.com") {
		t.Fatalf("after yes, e opened %q (note %q)", last.Doc, last.Note)
	}
}
