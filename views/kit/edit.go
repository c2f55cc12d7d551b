package kit

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
)

// EditJSON asks the root to open a JSON document (pretty-printed) in $EDITOR; the answer
// comes back to the screen as screen.EditedMsg. When the account refused what was last
// saved under this editor name, that text opens instead, with the refusal noted above it.
func EditJSON(b *Base, name, doc string) tea.Cmd { return EditDoc(b, name, PrettyJSON(doc)) }

// EditDoc is EditJSON for a document formatted already (a template): it opens as it is.
func EditDoc(b *Base, name, doc string) tea.Cmd {
	if text, note, ok := b.D.Drafts.get(name); ok {
		return screen.Cmd(screen.EditMsg{From: b.ID(), Doc: text, Name: name, Ext: "json", Note: note})
	}
	return screen.Edit(b.ID(), doc, name, "json")
}

// EditBuilt is EditJSON for a document that needs a call to build (a template with the
// account id in it): build runs off the event loop; its error is the EditedMsg's.
func EditBuilt(b *Base, name string, build func(ctx context.Context) (string, error)) tea.Cmd {
	if _, _, ok := b.D.Drafts.get(name); ok {
		return EditJSON(b, name, "")
	}
	ctx, id := b.Ctx, b.ID()
	return screen.Call(0, func() tea.Msg { // to the root: it opens the editor
		doc, err := build(ctx)
		if err != nil {
			return screen.Result{To: id, Msg: screen.EditedMsg{Err: err}}
		}
		return screen.EditMsg{From: id, Doc: PrettyJSON(doc), Name: name, Ext: "json"}
	})
}

// Drafts keeps the documents the account refused (validation, MalformedPolicyDocument), by
// editor name, so reopening the editor brings back what the user typed, never the template
// or the old document again. Safe for concurrent use; a nil *Drafts keeps nothing.
type Drafts struct {
	mu sync.Mutex
	m  map[string]draft
}

type draft struct{ text, note string }

// NewDrafts makes an empty store (one per program, in Deps).
func NewDrafts() *Drafts { return &Drafts{m: map[string]draft{}} }

// KeepDraft records the outcome of sending text, edited under name: a refused document is
// kept with a note saying why and where (policy's line and column), anything else forgets
// it. It returns err unchanged, so a change's closure ends with it:
//
//	return kit.KeepDraft(b, "policy-"+name, doc, err)
func KeepDraft(b *Base, name, text string, err error) error {
	b.D.Drafts.keep(name, text, err)
	return err
}

func (d *Drafts) keep(name, text string, err error) {
	if d == nil {
		return
	}
	if err == nil || !errors.Is(err, ramclient.ErrInvalidInput) {
		d.mu.Lock()
		delete(d.m, name)
		d.mu.Unlock()
		return
	}
	d.put(name, text, "The service did not take this document: "+strings.ReplaceAll(ErrLine(err), "\n", " "), err)
}

// put keeps text under name with the note why (and, for a *policy.Error in err, where).
func (d *Drafts) put(name, text, note string, err error) {
	if d == nil {
		return
	}
	var pe *policy.Error
	if errors.As(err, &pe) && pe.Line > 0 {
		// The note's two lines come first: the position in the file is two lines down.
		note += "\nThe error is at line " + strconv.Itoa(pe.Line+2) + ", column " + strconv.Itoa(pe.Column) + " of this file. These // ramtui lines go away when you save."
	} else {
		note += "\nThese // ramtui lines go away when you save."
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.m[name] = draft{text: text, note: note}
}

// Unreadable is what a screen does with a document saved in $EDITOR under name that does not
// parse as kind (policy.Parse: what ramclient refuses before any call). It used to ask y/N to
// send it (the question naming nothing the document says), and only after y was it refused.
// Now nothing is asked about the account: the document is kept as a draft, the error noted
// with its line and column, and the question is whether to edit it again (as crontab -e
// asks); no leaves the draft for the next edit. ok is false when the document parses.
func Unreadable(b *Base, name, doc string, kind policy.Kind) (cmd tea.Cmd, ok bool) {
	_, err := policy.Parse(doc, kind)
	if err == nil {
		return nil, false
	}
	b.D.Drafts.put(name, doc, "This document was not sent: "+strings.ReplaceAll(err.Error(), "\n", " "), err)
	return screen.Cmd(screen.ConfirmMsg{Question: "The document you saved is not valid, so nothing was sent. Edit it again?",
		Details: []string{err.Error()}, Local: true, OnYes: EditDoc(b, name, doc),
		OnNo: "Nothing sent: the editor opens on what you typed next time."}), true
}

func (d *Drafts) get(name string) (text, note string, ok bool) {
	if d == nil {
		return "", "", false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	dr, ok := d.m[name]
	return dr.text, dr.note, ok
}
