package views

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// Editing a document (a trust policy, a new policy version) happens in the user's $VISUAL or
// $EDITOR (vi if neither is set), through tea.ExecProcess so the terminal is handed over and
// back cleanly. The document goes through a temporary file that is removed afterwards.

// editFileMsg: the temporary file is ready (or could not be written).
type editFileMsg struct {
	path string
	err  error
}

// editedMsg: the editor exited; text is what was saved.
type editedMsg struct {
	text string
	err  error
}

// startEdit writes doc (pretty-printed when it is JSON) to a temporary file.
func startEdit(b *base, doc string) tea.Cmd {
	var pretty bytes.Buffer
	if json.Indent(&pretty, []byte(doc), "", "  ") == nil {
		doc = pretty.String() + "\n"
	}
	return screen.Call(b.id, func() tea.Msg {
		f, err := os.CreateTemp("", "ramtui-*.json")
		if err != nil {
			return editFileMsg{err: err}
		}
		defer f.Close()
		if _, err := f.WriteString(doc); err != nil {
			os.Remove(f.Name())
			return editFileMsg{err: err}
		}
		return editFileMsg{path: f.Name()}
	})
}

// startEditWith is startEdit for a document that needs a call to build (e.g. a template with
// the account id in it); it runs off the event loop.
func startEditWith(b *base, build func() (string, error)) tea.Cmd {
	id := b.id
	return screen.Call(id, func() tea.Msg {
		doc, err := build()
		if err != nil {
			return editFileMsg{err: err}
		}
		f, err := os.CreateTemp("", "ramtui-*.json")
		if err != nil {
			return editFileMsg{err: err}
		}
		defer f.Close()
		if _, err := f.WriteString(doc); err != nil {
			os.Remove(f.Name())
			return editFileMsg{err: err}
		}
		return editFileMsg{path: f.Name()}
	})
}

// runEditor opens the file in the editor; its answer comes back to the screen as editedMsg.
func runEditor(b *base, m editFileMsg) tea.Cmd {
	if m.err != nil {
		return screen.FlashError("Cannot start the editor: " + m.err.Error())
	}
	id, path := b.id, m.path
	return tea.ExecProcess(editorCommand(path), func(err error) tea.Msg {
		defer os.Remove(path)
		if err != nil {
			return screen.Result{To: id, Msg: editedMsg{err: fmt.Errorf("editor: %w", err)}}
		}
		data, err := os.ReadFile(path)
		return screen.Result{To: id, Msg: editedMsg{text: string(data), err: err}}
	})
}

func editorCommand(path string) *exec.Cmd {
	ed := os.Getenv("VISUAL")
	if ed == "" {
		ed = os.Getenv("EDITOR")
	}
	args := strings.Fields(ed)
	if len(args) == 0 {
		args = []string{"vi"}
	}
	return exec.Command(args[0], append(args[1:], path)...)
}

// sameJSON reports whether two documents are the same JSON value (edits of layout only).
func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
