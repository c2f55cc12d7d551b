package kit

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

func press(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// run executes a command the way the root would for the messages these tests expect.
func run(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	return cmd()
}

func TestActionsDispatchAndHelpComeFromOneDeclaration(t *testing.T) {
	del := key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete"))
	tog := key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "toggle"))
	section := "keys"
	var did []string
	as := Actions{
		{Key: tog, Help: "system/custom", FullOnly: true, When: func() bool { return section == "policies" },
			Do: func() tea.Cmd { did = append(did, "switch list"); return nil }},
		{Key: tog, Help: "on/off", Mutating: true, FullOnly: true, When: func() bool { return section == "keys" },
			Do: func() tea.Cmd { did = append(did, "toggle key"); return nil }},
		{Key: del, Help: "delete key", Mutating: true,
			Do: func() tea.Cmd { did = append(did, "delete"); return nil }},
	}

	// The action that applies wins; one that does not falls through to the next on its key.
	if _, ok := as.Handle(press("t"), false); !ok || len(did) != 1 || did[0] != "toggle key" {
		t.Fatalf("t on keys ran %v (handled %v), want the key toggle", did, ok)
	}
	section = "policies"
	as.Handle(press("t"), false)
	if did[1] != "switch list" {
		t.Fatalf("t on policies ran %v", did)
	}
	if _, ok := as.Handle(press("z"), false); ok {
		t.Fatal("an unbound key was handled")
	}

	// Help lists what applies now, with the screen's words, the footer's without the FullOnly ones.
	names := func(bs []key.Binding) (out []string) {
		for _, b := range bs {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
		return out
	}
	if got := names(as.Bindings(false, false)); len(got) != 2 || got[0] != "t system/custom" || got[1] != "D delete key" {
		t.Fatalf("full help = %v", got)
	}
	if got := names(as.Bindings(false, true)); len(got) != 1 || got[0] != "D delete key" {
		t.Fatalf("short help = %v", got)
	}

	// Read-only: a mutating action is gone from help and its key says why nothing happens,
	// even when the keymap disabled the binding.
	section = "keys"
	del.SetEnabled(false)
	as[2].Key = del
	if got := names(as.Bindings(true, false)); len(got) != 0 {
		t.Fatalf("read-only help = %v, want nothing (both actions on keys mutate)", got)
	}
	cmd, ok := as.Handle(press("D"), true)
	f, _ := run(cmd).(screen.FlashMsg)
	if !ok || f.Text != "read-only: delete key is disabled." {
		t.Fatalf("D in read-only: handled %v, flash %q", ok, f.Text)
	}
	if len(did) != 2 {
		t.Fatalf("read-only ran %v", did[2:])
	}
}

func TestLoaderDropsAnswersOfEarlierRuns(t *testing.T) {
	b := NewBase(&Deps{})
	defer b.Close()
	var l Loader[string]
	n := 0
	fetch := func(context.Context) (string, error) { n++; return "answer", nil }
	first := l.Start(&b, fetch)
	second := l.Start(&b, fetch)
	answer := func(cmd tea.Cmd) tea.Msg {
		// screen.Call is a sequence: CallStarted, then the Result addressed to the screen.
		// (tea.Sequence's message type is unexported; it is a slice of commands.)
		v := reflect.ValueOf(run(cmd))
		for i := 0; i < v.Len(); i++ {
			if r, ok := v.Index(i).Interface().(tea.Cmd)().(screen.Result); ok {
				if r.To != b.ID() {
					t.Fatalf("answer addressed to %d, want the screen %d", r.To, b.ID())
				}
				return r.Msg
			}
		}
		t.Fatal("no answer")
		return nil
	}
	if _, ok := l.Accept(answer(first)); ok {
		t.Fatal("the answer of an earlier run was accepted")
	}
	m, ok := l.Accept(answer(second))
	if !ok || m.Val != "answer" || n != 2 {
		t.Fatalf("latest answer: ok %v, %+v, fetched %d times", ok, m, n)
	}
	if _, ok := l.Accept("something else"); ok {
		t.Fatal("a foreign message was accepted")
	}
}

func TestErrLineWithoutRAMError(t *testing.T) {
	if got := ErrLine(errors.New("dial tcp: refused")); got != "dial tcp: refused" {
		t.Fatal(got)
	}
}
