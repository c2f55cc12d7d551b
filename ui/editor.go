package ui

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/lazyre"
	"github.com/ramtui/ramtui/ui/screen"
)

// The root owns the one $EDITOR path: a screen sends screen.EditMsg, the root writes the
// document to a temporary file (off the event loop), hands the terminal to the editor with
// tea.ExecProcess, reads what was saved, removes the file and replies to the screen with
// screen.EditedMsg.

// editFileReady: the temporary file is written; start the editor on it.
type editFileReady struct {
	req  screen.EditMsg
	path string
}

// editCmd writes the document to a temporary file; its answer is editFileReady or, on
// failure, the reply to the screen.
func editCmd(req screen.EditMsg) tea.Cmd {
	return func() tea.Msg {
		path, err := writeTemp(req)
		if err != nil {
			return screen.Result{To: req.From, Msg: screen.EditedMsg{Err: fmt.Errorf("cannot start the editor: %w", err)}}
		}
		return editFileReady{req: req, path: path}
	}
}

var unsafeName = lazyre.New(`[^A-Za-z0-9_-]+`) // compiled when an editor opens, not at every start

func writeTemp(req screen.EditMsg) (string, error) {
	name := strings.Trim(unsafeName.Compiled().ReplaceAllString(req.Name, "-"), "-")
	ext := unsafeName.Compiled().ReplaceAllString(req.Ext, "")
	pattern := "ramtui-*"
	if name != "" {
		pattern = "ramtui-" + name + "-*"
	}
	if ext != "" {
		pattern += "." + ext
	}
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(noteLines(req.Note) + req.Doc)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// runEditor suspends the program while the editor runs on the file, then replies.
func runEditor(r editFileReady) tea.Cmd {
	return tea.ExecProcess(editorCommand(r.req.Editor, r.path), editorDone(r.req.From, r.path))
}

// editorDone reads what the editor saved, removes the file and addresses the reply.
func editorDone(to screen.ID, path string) func(error) tea.Msg {
	return func(err error) tea.Msg {
		defer os.Remove(path)
		if err != nil {
			return screen.Result{To: to, Msg: screen.EditedMsg{Err: fmt.Errorf("editor: %w", err)}}
		}
		text, err := readCapped(path)
		return screen.Result{To: to, Msg: screen.EditedMsg{Text: withoutNote(text), Err: err}}
	}
}

// notePrefix starts the lines of an EditMsg's Note in the file: JSON has no comments, so
// they are taken out again, from the top of what is saved, before anyone parses it.
const notePrefix = "// ramtui: "

func noteLines(note string) string {
	if note == "" {
		return ""
	}
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(note, "\n"), "\n") {
		b.WriteString(notePrefix + l + "\n")
	}
	return b.String()
}

// withoutNote removes the note's lines from the top of what the editor saved.
func withoutNote(text string) string {
	for strings.HasPrefix(text, strings.TrimSpace(notePrefix)) {
		_, rest, ok := strings.Cut(text, "\n")
		if !ok {
			return ""
		}
		text = rest
	}
	return text
}

// maxEdited caps what is read back from the editor: RAM documents are a few KB, so anything
// near this is a mistake (a file pasted in), refused rather than held in memory.
const maxEdited = 1 << 20

func readCapped(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxEdited+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxEdited {
		return "", fmt.Errorf("the saved document is larger than %d KB: not read", maxEdited>>10)
	}
	return string(data), nil
}

// editorCommand is the editor (which may carry arguments, e.g. "code -w") on path.
func editorCommand(editor, path string) *exec.Cmd {
	ed := editor
	for _, k := range []string{"VISUAL", "EDITOR"} {
		if ed == "" {
			ed = os.Getenv(k)
		}
	}
	args := strings.Fields(ed)
	if len(args) == 0 {
		args = []string{"vi"}
	}
	return exec.Command(args[0], append(args[1:], path)...)
}
