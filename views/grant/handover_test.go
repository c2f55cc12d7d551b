package grant

import (
	"strings"
	"testing"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// unwrapShell joins the lines of text the shell would join (a line ending in " \"), and
// trims them: the commands a person selects on screen, as the shell reads them.
func unwrapShell(text string) []string {
	var out []string
	cur := ""
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if c, ok := strings.CutSuffix(l, `\`); ok {
			cur += c
			continue
		}
		out = append(out, cur+l)
		cur = ""
	}
	return out
}

// The hand-over note on the verified grant's screen at 80 columns: nothing is cut, the ARN is
// whole on a line, and each command, broken with "\" continuations, is the note's command when
// the shell reads it (they were cut at the edge). Where the note fits, it is the note as is.
func TestHandoverNoteAt80Columns(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	d := viewtest.Drive(t, NewPlan(deps, engine.Request{Bucket: "oss-test",
		Dir: "dir111/dir111_secondline1/", User: "devops_test", Region: "cn-hangzhou"}), 80, 400)
	if v := d.View(); strings.Contains(v, "…") { // the plan's steps are wrapped too
		t.Errorf("the plan at 80 columns cuts a line:\n%s", v)
	}
	d.Key("enter")
	yes(t, d)
	p := d.S.(*flow).plan
	for _, w := range []int{80, 60} {
		d.S.SetSize(w, 400)
		text := d.View()
		viewtest.Fits(t, text, w, 400)
		if w < 80 {
			continue // the ARN is wider than a line: wrapped, not whole (c copies it)
		}
		joined := unwrapShell(text)
		for _, c := range engine.HandoverCommands(p) {
			if !containsLine(joined, c) {
				t.Errorf("at %d columns the command %q is not whole:\n%s", w, c, text)
			}
		}
		if !containsLine(strings.Split(text, "\n"), p.RoleARN) {
			t.Errorf("at %d columns the role ARN is not whole on a line:\n%s", w, text)
		}
	}
	if got, want := handoverText(p, 200), engine.Indent(engine.Handover(p), "  "); got != want {
		t.Errorf("wide, the note changed:\n%s\nwant\n%s", got, want)
	}
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) == want {
			return true
		}
	}
	return false
}
