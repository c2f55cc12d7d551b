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
