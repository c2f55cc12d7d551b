package kit

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// EditJSON asks the root to open a JSON document (pretty-printed) in $EDITOR; the answer
// comes back to the screen as screen.EditedMsg.
func EditJSON(b *Base, name, doc string) tea.Cmd {
	return screen.Edit(b.ID(), PrettyJSON(doc), name, "json")
}

// EditBuilt is EditJSON for a document that needs a call to build (a template with the
// account id in it): build runs off the event loop; its error is the EditedMsg's.
func EditBuilt(b *Base, name string, build func(ctx context.Context) (string, error)) tea.Cmd {
	ctx, id := b.Ctx, b.ID()
	return screen.Call(0, func() tea.Msg { // to the root: it opens the editor
		doc, err := build(ctx)
		if err != nil {
			return screen.Result{To: id, Msg: screen.EditedMsg{Err: err}}
		}
		return screen.EditMsg{From: id, Doc: PrettyJSON(doc), Name: name, Ext: "json"}
	})
}
