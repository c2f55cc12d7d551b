package kit_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
)

// newRoleForm is a two-page form like the wizards': a name (validated), then a description
// and a maximum session; the preview follows the name as it is typed.
func newRoleForm(d *kit.Deps, submitted *int) (*kit.Form, *string, *string, *int) {
	var name, desc string
	maxS := 3600
	f := kit.NewForm(d, "New role", func() []kit.Page {
		return []kit.Page{
			{Title: "Name", Fields: []huh.Field{huh.NewInput().Title("Role name").Value(&name).Validate(func(s string) error {
				if s == "" {
					return errors.New("a name is needed")
				}
				return nil
			})}},
			{Title: "Details", Fields: []huh.Field{
				huh.NewInput().Title("Description").Value(&desc),
				huh.NewSelect[int]().Title("Max session").Options(huh.NewOption("1h", 3600), huh.NewOption("2h", 7200)).Value(&maxS),
			}},
		}
	})
	f.Preview = func(w, h int) string { return "role/" + name }
	f.Submit = func() tea.Cmd {
		*submitted++
		return screen.Flash("created " + name)
	}
	return f, &name, &desc, &maxS
}

func typeText(dr *viewtest.Driver, s string) {
	dr.Deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func fits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, more than %d:\n%s", len(lines), h, view)
	}
	for _, l := range lines {
		if components.Width(l) > w {
			t.Errorf("line wider than %d: %q", w, l)
		}
	}
}

func TestFormPagesValidationPreviewAndSubmit(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		submitted := 0
		f, name, desc, maxS := newRoleForm(d, &submitted)
		if !f.Capturing() {
			t.Fatal("a form must capture keys: letters go into its fields")
		}
		dr := viewtest.Drive(t, f, size[0], size[1])
		dr.RequireView("New role", "Role name")

		// huh validates the field and shows why; nothing is submitted.
		dr.Key("enter")
		dr.RequireView("a name is needed")
		if submitted != 0 {
			t.Fatal("an empty name was submitted")
		}

		typeText(dr, "数据-q") // q is typed, not a quit; the preview follows live
		dr.RequireView("role/数据-q")
		fits(t, dr.View(), size[0], size[1])
		dr.Key("enter") // next page
		dr.RequireView("Description", "Max session")
		typeText(dr, "财务 exports")
		dr.Key("enter")
		dr.Deliver(tea.KeyMsg{Type: tea.KeyDown})
		fits(t, dr.View(), size[0], size[1])
		dr.Key("enter") // the last field of the last page: submit
		if submitted != 1 || *name != "数据-q" || *desc != "财务 exports" || *maxS != 7200 {
			t.Fatalf("submitted %d: name %q desc %q max %d", submitted, *name, *desc, *maxS)
		}
		if fl := viewtest.Last[screen.FlashMsg](dr); fl.Text != "created 数据-q" {
			t.Errorf("submit's command did not run: %+v", fl)
		}
		// The form stays usable with the same values (a refused call is fixed and resent).
		dr.RequireView("数据-q")
	}
}

func TestFormEscGoesBackAndAsksWhenSomethingWasTyped(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	n := 0
	f, _, _, _ := newRoleForm(d, &n)
	dr := viewtest.Drive(t, f, 80, 24)
	dr.Key("esc")
	if len(dr.Others) == 0 || viewtest.Last[screen.PopMsg](dr) != (screen.PopMsg{}) {
		t.Fatalf("esc on an untouched form: %v", dr.Others)
	}
	pops := countOf[screen.PopMsg](dr)
	typeText(dr, "x")
	dr.Key("esc")
	if c := viewtest.Last[screen.ConfirmMsg](dr); c.Question == "" || countOf[screen.PopMsg](dr) != pops {
		t.Fatalf("esc after typing did not ask: %+v", dr.Others)
	} else if got := screentest.Collect(c.OnYes); len(got) != 1 || got[0] != (screen.PopMsg{}) {
		t.Errorf("yes does not go back: %v", got)
	} else if !c.Local {
		// Leaving a form changes nothing in the account: the box must not name it as if it did
		// (walk5 saw "Leave Switch to …? in account acme-cloud (…)").
		t.Errorf("the question to leave the form is not marked Local: %+v", c)
	} else if want := `Leave the form "New role"? What was typed is lost.`; c.Question != want {
		// "Leave New role?" (and "Leave Edit group cn-team?") read as two verbs run together.
		t.Errorf("the question to leave is %q, want %q", c.Question, want)
	} else if c.OnNo != "Still here: what was typed is kept." {
		// No keeps the form and what was typed: "Cancelled: nothing changed." read as lost.
		t.Errorf("no to leaving the form flashes %q", c.OnNo)
	}
}

// A header line wider than the screen wraps under the heading: the simulator's "… Evaluated
// with the policies in force now." was cut at 80 columns (walk5).
func TestFormHeaderWraps(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	n := 0
	f, _, _, _ := newRoleForm(d, &n)
	sentence := "Would this principal be allowed this request? Evaluated with the policies in force now, 中文 too."
	f.Header = func(int) []string { return []string{d.Theme.Dim.Render(sentence)} }
	dr := viewtest.Drive(t, f, 80, 24)
	v := dr.View()
	fits(t, v, 80, 24)
	words := strings.Fields(sentence)
	dr.RequireView(words...)
	dr.RequireView("Role name")
}

// A field's error wider than the form wraps with its lines after the first indented under its
// text: huh wrapped it at the form's left edge (and at 80x24 its last line was cut).
func TestFormFieldErrorWrapsIndented(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	var name string
	why := `PolicyName: "中文策略名称": policy names are ASCII (a-z A-Z 0-9 -); write Chinese in the description instead`
	f := kit.NewForm(d, "New policy", func() []kit.Page {
		return []kit.Page{{Fields: []huh.Field{huh.NewInput().Title("Policy name").Value(&name).Validate(func(string) error { return errors.New(why) }),
			huh.NewInput().Title("Description")}}}
	})
	dr := viewtest.Drive(t, f, 80, 24)
	typeText(dr, "中文策略名称")
	dr.Key("enter")
	v := dr.View()
	fits(t, v, 80, 24)
	lines := strings.Split(v, "\n")
	first := -1
	for i, l := range lines {
		if strings.Contains(l, "PolicyName:") {
			first = i
		}
	}
	if first < 0 || !strings.HasPrefix(lines[first], "✗ PolicyName:") || first+1 >= len(lines) ||
		!strings.HasPrefix(lines[first+1], "  ") || strings.TrimSpace(lines[first+1]) == "" {
		t.Fatalf("the error is not wrapped under its text:\n%s", v)
	}
	var text []string
	for _, l := range lines[first:] {
		text = append(text, strings.TrimSpace(strings.TrimPrefix(l, "✗ ")))
	}
	if got := strings.Join(strings.Fields(strings.Join(text, " ")), " "); !strings.Contains(got, why) {
		t.Errorf("the error is not whole: %q", got)
	}
}

func countOf[M any](dr *viewtest.Driver) int {
	n := 0
	for _, m := range dr.Others {
		if _, ok := m.(M); ok {
			n++
		}
	}
	return n
}

// The cursor does not blink: a blinking cursor is a timer (a redraw twice a second while
// idle) whose commands block, and a key would take half a second in the test driver. Its
// timer's answers are the cursor package's messages (a blink, a blink cancelled): none may
// come. (This said "6 keys took over 400 ms", a wall-clock bound a loaded machine can break.)
func TestFormCursorIsStatic(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	n := 0
	f, _, _, _ := newRoleForm(d, &n)
	dr := viewtest.Drive(t, f, 80, 24)
	for range 5 {
		typeText(dr, "a")
	}
	dr.Key("enter")
	for _, m := range dr.Others {
		if typ := reflect.TypeOf(m); typ != nil && typ.PkgPath() == reflect.TypeOf(cursor.BlinkMsg{}).PkgPath() {
			t.Fatalf("a cursor blink timer is running: it answered %T", m)
		}
	}
}

var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[0-9;]*m`)

// Under NO_COLOR the form has no colour but keeps reverse video and bold (the focused
// button, titles), as the rest of ramtui does.
func TestFormNoColorKeepsAttributes(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	old := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.ANSI) // what the theme sets under NO_COLOR on a terminal
	t.Cleanup(func() { lipgloss.SetColorProfile(old) })
	ok := true
	f := kit.NewForm(d, "Confirm", func() []kit.Page {
		return []kit.Page{{Fields: []huh.Field{huh.NewInput().Title("Name").Placeholder("optional"), huh.NewConfirm().Title("Sure?").Value(&ok)}}}
	})
	dr := viewtest.Drive(t, f, 80, 24)
	dr.Key("enter") // focus the buttons
	v := dr.View()
	if colourSGR.MatchString(v) {
		t.Errorf("colour under NO_COLOR: %q", v)
	}
	if !strings.Contains(v, "\x1b[7m") && !strings.Contains(v, ";7m") {
		t.Errorf("no reverse video for the focused button: %q", v)
	}
}

// huh runs its *Func evaluators (a placeholder, suggestions, a description, a title or options
// worked out from other values) in a command's goroutine, concurrently with the event loop
// that writes the variables they read: a data race (b8a41a4 fixed one go test -race caught).
// Screens set those from Form.Refresh or OnMsg instead, on the event loop; this keeps the
// pattern from coming back.
func TestNoHuhEvaluators(t *testing.T) {
	evaluator := regexp.MustCompile(`\b(TitleFunc|DescriptionFunc|PlaceholderFunc|SuggestionsFunc|OptionsFunc)\(`)
	err := filepath.WalkDir("../..", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if m := evaluator.FindString(line); m != "" {
				t.Errorf("%s:%d: huh's %s runs in a command's goroutine; set the field from Form.Refresh or OnMsg", path, i+1, m[:len(m)-1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// esc in a select's filter closes the filter (huh's), then clears it; only then does it
// leave the form. It used to leave the whole form at once.
func TestFormEscClosesASelectsFilterFirst(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	var pick string
	f := kit.NewForm(d, "Pick", func() []kit.Page {
		return []kit.Page{{Fields: []huh.Field{huh.NewSelect[string]().Title("Policy").Value(&pick).
			Options(huh.NewOptions("AdministratorAccess", "AliyunOSSFullAccess", "AliyunECSReadOnlyAccess")...)}}}
	})
	dr := viewtest.Drive(t, f, 80, 24)
	dr.Key("/")
	typeText(dr, "oss")
	dr.Key("esc") // sets the filter
	if n := countOf[screen.PopMsg](dr) + countOf[screen.ConfirmMsg](dr); n != 0 {
		t.Fatalf("esc in the filter left the form: %v", dr.Others)
	}
	dr.RequireView("AliyunOSSFullAccess")
	if strings.Contains(dr.View(), "AdministratorAccess") {
		t.Fatalf("the filter was not kept:\n%s", dr.View())
	}
	dr.Key("esc") // clears it
	dr.RequireView("AdministratorAccess")
	if n := countOf[screen.PopMsg](dr) + countOf[screen.ConfirmMsg](dr); n != 0 {
		t.Fatalf("esc clearing the filter left the form: %v", dr.Others)
	}
	dr.Key("esc")
	if countOf[screen.PopMsg](dr)+countOf[screen.ConfirmMsg](dr) != 1 {
		t.Fatalf("esc with no filter did not leave: %v", dr.Others)
	}
}

// A select opened on a value further down its list (a role's 4h max session) shows the
// options above it too; huh scrolled them out of view.
func TestFormSelectShowsOptionsAbove(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		var name string
		dur := 4 * time.Hour
		f := kit.NewForm(d, "Edit role", func() []kit.Page {
			return []kit.Page{{Fields: []huh.Field{huh.NewInput().Title("Name").Value(&name),
				huh.NewSelect[time.Duration]().Title("Max session").Value(&dur).Options(kit.MaxSessionOptions(dur)...)}}}
		})
		dr := viewtest.Drive(t, f, size[0], size[1])
		dr.RequireView("  1h", "  2h", "> 4h", "  12h")
		dr.Key("enter") // the select has the focus
		dr.RequireView("  1h", "  2h", "> 4h", "  12h")
		dr.Key("up", "up")
		dr.RequireView("> 1h", "  2h", "  4h")
		if dur != time.Hour {
			t.Fatalf("up twice chose %v", dur)
		}
	}
}

// Keys typed right after enter, before the program has handed huh's own messages back (a
// burst, a paste, a fast typist), go into the next field, not the one being left.
func TestFormKeysRightAfterEnterGoToTheNextField(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	n := 0
	f, name, desc, _ := newRoleForm(d, &n)
	dr := viewtest.Drive(t, f, 80, 24)
	typeText(dr, "ops")
	dr.Concurrently(screentest.Key("enter"), func() { typeText(dr, "on call") })
	if *name != "ops" || *desc != "on call" {
		t.Fatalf("name %q, description %q; view:\n%s", *name, *desc, dr.View())
	}
}

// A multi-select's footer names its marking key as the lists do and as the field's
// description does (kit.Deps.Marks): it said "x toggle" beside "space toggles" (session 5).
func TestFormMultiSelectMarksAsTheKeymapSays(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	var picked []string
	f := kit.NewForm(d, "Pick", func() []kit.Page {
		return []kit.Page{{Title: "Access", Fields: []huh.Field{huh.NewMultiSelect[string]().Title("Access").
			Description(d.Marks()).Options(huh.NewOptions("list", "read")...).Value(&picked)}}}
	})
	dr := viewtest.Drive(t, f, 80, 24)
	mark := d.Keys.List.Mark.Help()
	var footer []string
	for _, b := range f.KeyMap().ShortHelp() {
		footer = append(footer, b.Help().Key+" "+b.Help().Desc)
	}
	if got := strings.Join(footer, " • "); !strings.Contains(got, mark.Key+" "+mark.Desc) || strings.Contains(got, "toggle") {
		t.Errorf("footer %q, want %q and no toggle", got, mark.Key+" "+mark.Desc)
	}
	dr.RequireView(mark.Key + " marks")
	dr.Key("space")
	if len(picked) != 1 || picked[0] != "list" {
		t.Fatalf("space did not mark the option: %v", picked)
	}
}

// Under NO_COLOR a placeholder is faint and italic, which NO_COLOR allows, and a typed value
// is neither: drawn plain, "optional, up to 1024 characters" read as a typed value (session 5).
func TestFormNoColorPlaceholderIsNotATypedValue(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	old := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.ANSI) // what the theme sets under NO_COLOR on a terminal
	t.Cleanup(func() { lipgloss.SetColorProfile(old) })
	var name, desc string
	f := kit.NewForm(d, "New group", func() []kit.Page {
		return []kit.Page{{Fields: []huh.Field{huh.NewInput().Title("Name").Value(&name),
			huh.NewInput().Title("Comments").Placeholder("optional words").Value(&desc)}}}
	})
	dr := viewtest.Drive(t, f, 80, 24)
	typeText(dr, "typed-name")
	faint := regexp.MustCompile(`\x1b\[[0-9;]*\b2;3m|\x1b\[[0-9;]*\b3;2m`)
	attrs := func(word string) string { // the SGR sequence in force where word is drawn
		v := dr.View()
		i := strings.Index(v, word)
		if i < 0 {
			t.Fatalf("%q not drawn: %q", word, v)
		}
		j := strings.LastIndex(v[:i], "\x1b[")
		if j < 0 || strings.HasPrefix(v[j:], "\x1b[0m") || strings.HasPrefix(v[j:], "\x1b[m") {
			return ""
		}
		return v[j:i]
	}
	if a := attrs("ptional words"); !faint.MatchString(a) {
		t.Errorf("the placeholder is drawn with %q, want faint and italic", a)
	}
	if a := attrs("typed-name"); strings.Contains(a, "2") || strings.Contains(a, "3") {
		t.Errorf("the typed value is drawn with %q", a)
	}
}

// Where the terminal shows no attributes (TERM=dumb, a pipe) a placeholder is written
// "<optional words>": italic and faint are lost there and it read like a typed value.
func TestFormPlaceholderMarkedWithoutAttributes(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	old := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.Ascii)
	t.Cleanup(func() { lipgloss.SetColorProfile(old) })
	var name, desc string
	f := kit.NewForm(d, "New group", func() []kit.Page {
		return []kit.Page{{Fields: []huh.Field{huh.NewInput().Title("Name").Value(&name),
			huh.NewInput().Title("Comments").Placeholder("optional words").Value(&desc)}}}
	})
	f.Refresh = func() {} // a placeholder set again after each key stays marked once
	dr := viewtest.Drive(t, f, 80, 24)
	typeText(dr, "typed-name")
	dr.RequireView("> typed-name", "> <optional words>")
	if v := dr.View(); strings.Contains(v, "<typed-name") || strings.Contains(v, "<<") {
		t.Errorf("marked twice or a typed value marked:\n%s", v)
	}
	dr.Key("tab")
	typeText(dr, "x")
	dr.Key("backspace")
	dr.RequireView("> <optional words>")
}
