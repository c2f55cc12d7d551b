package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ui/screen"
)

// TestEditorRoundTripThroughTheRoot follows the one $EDITOR path: a screen asks, the root
// writes the document, the editor (a real process) changes it, and the screen gets the text
// back while the temporary file is gone.
func TestEditorRoundTripThroughTheRoot(t *testing.T) {
	m, _ := newTestRoot(t)
	s := m.top().(*listScreen)
	editor := filepath.Join(t.TempDir(), "ed.sh")
	if err := os.WriteFile(editor, []byte("#!/bin/sh\nsed -i 's/old/new/' \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}

	_, cmd := m.Update(screen.EditMsg{From: s.ID(), Doc: `{"v": "old"}`, Name: "trust policy/../x", Ext: "json", Editor: editor})
	ready, ok := cmd().(editFileReady)
	if !ok {
		t.Fatalf("the root did not prepare the file: %#v", ready)
	}
	if base := filepath.Base(ready.path); !strings.HasPrefix(base, "ramtui-trust-policy-x-") || !strings.HasSuffix(base, ".json") {
		t.Errorf("temporary file %q: want a tame name from the title", base)
	}
	if data, _ := os.ReadFile(ready.path); string(data) != `{"v": "old"}` {
		t.Fatalf("file holds %q", data)
	}

	c := editorCommand(ready.req.Editor, ready.path)
	reply := editorDone(ready.req.From, ready.path)(c.Run())
	send(m, reply)
	if _, err := os.Stat(ready.path); !os.IsNotExist(err) {
		t.Errorf("temporary file left behind: %v", err)
	}
	got, ok := s.got[len(s.got)-1].(screen.EditedMsg)
	if !ok || got.Err != nil || got.Text != `{"v": "new"}` {
		t.Fatalf("screen got %#v, want the edited text", s.got[len(s.got)-1])
	}
}

func TestEditorFailureComesBackToTheScreen(t *testing.T) {
	m, _ := newTestRoot(t)
	s := m.top().(*listScreen)
	_, cmd := m.Update(screen.EditMsg{From: s.ID(), Doc: "x", Editor: "false"})
	ready := cmd().(editFileReady)
	c := editorCommand(ready.req.Editor, ready.path)
	send(m, editorDone(ready.req.From, ready.path)(c.Run()))
	got, ok := s.got[len(s.got)-1].(screen.EditedMsg)
	if !ok || got.Err == nil || !strings.HasPrefix(got.Err.Error(), "editor: ") {
		t.Fatalf("screen got %#v, want the editor's failure", s.got[len(s.got)-1])
	}
}

// A note (why a refused document is back) is written above the document as // ramtui lines,
// which the editor shows, and is taken out of what is saved, so the JSON parses.
func TestEditorNoteIsShownAndRemoved(t *testing.T) {
	m, _ := newTestRoot(t)
	s := m.top().(*listScreen)
	editor := filepath.Join(t.TempDir(), "ed.sh")
	seen := filepath.Join(t.TempDir(), "seen")
	if err := os.WriteFile(editor, []byte("#!/bin/sh\ncp \"$1\" "+seen+"\nsed -i 's/Alow/Allow/' \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	doc := "{\n  \"Effect\": \"Alow\"\n}\n"
	_, cmd := m.Update(screen.EditMsg{From: s.ID(), Doc: doc, Name: "p", Ext: "json", Editor: editor,
		Note: "The service did not take this document: bad Effect\nThe error is at line 4, column 13 of this file."})
	ready := cmd().(editFileReady)
	send(m, editorDone(ready.req.From, ready.path)(editorCommand(ready.req.Editor, ready.path).Run()))
	shown, _ := os.ReadFile(seen)
	if !strings.HasPrefix(string(shown), "// ramtui: The service did not take this document: bad Effect\n// ramtui: The error is at line 4") ||
		!strings.HasSuffix(string(shown), doc) {
		t.Fatalf("the editor showed %q", shown)
	}
	got := s.got[len(s.got)-1].(screen.EditedMsg)
	if got.Text != "{\n  \"Effect\": \"Allow\"\n}\n" {
		t.Fatalf("saved text %q: the note was not removed", got.Text)
	}
}
