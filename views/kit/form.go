package kit

import (
	"reflect"
	"strings"
	"time"
	"unsafe"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
)

// Forms are huh forms (DESIGN.md) embedded as screens. A Form owns one huh.Form built from
// Pages; the fields are bound to the opener's variables (huh's Value(&v)), so on submit the
// opener reads typed values from its own variables in Submit. While the form is on top the
// root hands it every key (screen.Capturing); esc goes back (after a y/N if something was
// typed); ctrl+c still quits. huh shows each field's validation error under the field; the
// screen's own error (a refused call) is shown under the form. A Preview pane (a trust
// policy, a plan) is drawn beside the form, or below it on a narrow terminal, from the
// bound variables on every frame, so it follows the fields live.

// Page is one step of a form: a huh group. A multi-step wizard is several pages; Hide skips a
// page that does not apply (e.g. the fields of another kind of trusted entity).
type Page struct {
	Title, Description string
	Fields             []huh.Field
	Hide               func() bool
}

// Form is a screen made of a huh form.
type Form struct {
	Base
	title string
	pages func() []Page
	form  *huh.Form
	shown []Page // the pages of form, to find a field's place

	// Back leaves the form (the keymap's back key unless the screen sets its own).
	Back key.Binding

	// Actions are keys the screen handles before the form (ctrl+e: open in $EDITOR), declared
	// once for dispatch and help; they must not be keys a field types.
	Actions Actions
	// Heading is the first line ("" = the title, which is also the breadcrumb).
	Heading string
	// Header lines are drawn under the heading, above the form (what the form is for, what is
	// known already).
	Header func(w int) []string
	// Preview draws the live pane of w x h cells (nil: none), beside the form on a wide
	// screen unless PreviewBelow.
	Preview      func(w, h int) string
	PreviewBelow bool
	// Submit runs when the last page is completed (nil: go back). The values are in the
	// variables the fields were bound to. The form stays usable, with the same values, so a
	// refused call can be fixed and submitted again.
	Submit func() tea.Cmd
	// OnMsg gets the messages addressed to the screen that are not the form's (a call's
	// answer, the editor's reply).
	OnMsg func(tea.Msg) tea.Cmd
	// Refresh runs on the event loop after huh has handled each message: the place to set
	// what a field shows from other values (a placeholder made from other fields) with huh's
	// static setters. huh's *Func evaluators (PlaceholderFunc, SuggestionsFunc,
	// DescriptionFunc, TitleFunc, OptionsFunc) must not be used: huh runs them in a command's
	// goroutine, where reading the variables the event loop writes is a data race
	// (TestNoHuhEvaluators).
	Refresh func()
	// Err is shown under the form (the service refused; cleared by the next key); Busy says a
	// submitted call runs (keys but esc wait for it).
	Err, Busy string

	dirty bool
}

// NewForm builds a form screen. pages is called again whenever the form is rebuilt (after a
// submit), so it must create new fields bound to the same variables.
func NewForm(d *Deps, title string, pages func() []Page) *Form {
	f := &Form{Base: NewBase(d), title: title, pages: pages, Back: d.Keys.Global.Back}
	f.build()
	return f
}

func (f *Form) build() {
	var groups []*huh.Group
	f.shown = f.pages()
	for _, p := range f.shown {
		for _, fl := range p.Fields {
			staticCursor(fl)
			markPlaceholder(fl)
		}
		g := huh.NewGroup(p.Fields...).Title(p.Title).Description(p.Description)
		if p.Hide != nil {
			g = g.WithHideFunc(p.Hide)
		}
		groups = append(groups, g)
	}
	f.form = huh.NewForm(groups...).WithTheme(huhTheme(f.D.Theme)).WithKeyMap(huhKeys(f.D.Keys)).WithShowHelp(false).WithShowErrors(false)
	f.layout()
}

func (f *Form) Title() string   { return f.title }
func (f *Form) Capturing() bool { return true }

// Dirty reports whether something was typed into the form.
func (f *Form) Dirty() bool { return f.dirty }

// Huh is the huh form (its focused field, its values by key).
func (f *Form) Huh() *huh.Form { return f.form }

func (f *Form) SetSize(w, h int) {
	f.W, f.H = w, h
	f.layout()
}

// formW and the rest of the layout: the preview takes the right part of a wide screen and
// the lines under the form on a narrow one.
func (f *Form) split() (formW, paneW int, beside bool) {
	if f.Preview == nil {
		return f.W, 0, false
	}
	if f.W >= 100 && !f.PreviewBelow {
		formW = f.W * 11 / 20
		return formW, f.W - formW - 3, true
	}
	return f.W, f.W, false
}

func (f *Form) headerLines() []string {
	heading := f.Heading
	if heading == "" {
		heading = f.title
	}
	lines := []string{f.D.Theme.Title.Render(heading)}
	if f.Header != nil {
		// Wrapped here, once for every form: a header that ignores its width was cut.
		for _, l := range f.Header(f.W) {
			lines = append(lines, components.Wrap(l, f.W)...)
		}
	}
	return lines
}

func (f *Form) layout() {
	if f.W <= 0 || f.H <= 0 || f.form == nil {
		return
	}
	formW, _, beside := f.split()
	h := f.H - len(f.headerLines()) - 2 // the error or busy line under the form
	if f.Preview != nil && !beside {
		h = h * 3 / 5
	}
	f.form.WithWidth(formW).WithHeight(max(3, h))
	for _, p := range f.shown {
		for _, fl := range p.Fields {
			showOptionsAbove(fl)
		}
	}
}

func (f *Form) Init() tea.Cmd { return f.route(f.settle(f.form.Init())) }

// KeyMap is the screen's actions, then huh's keys for the focused field that no action
// takes over (the root's footer always ends with the way back).
func (f *Form) KeyMap() help.KeyMap {
	taken := map[string]bool{}
	for _, a := range f.Actions {
		for _, k := range a.Key.Keys() {
			taken[k] = true
		}
	}
	var fieldKeys []key.Binding
	for _, b := range f.form.KeyBinds() {
		if len(b.Keys()) > 0 && !taken[b.Keys()[0]] {
			fieldKeys = append(fieldKeys, b)
		}
	}
	ro := f.D.ReadOnly()
	return HelpKeys{
		Short: append(f.Actions.Bindings(ro, true), fieldKeys...),
		Full:  [][]key.Binding{f.Actions.Bindings(ro, false), fieldKeys},
	}
}

func (f *Form) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyMsg:
		return f, f.key(m)
	case formMsg:
		return f, f.toForm(m.msg)
	}
	if f.OnMsg == nil {
		return f, nil
	}
	cmd := f.OnMsg(msg)
	// The answer may have changed what fields show (OnMsg set their suggestions): huh draws
	// a page again when it updates it.
	return f, tea.Batch(cmd, f.toForm(refreshMsg{}))
}

// refreshMsg makes huh update (and draw) the page without any other effect.
type refreshMsg struct{}

func (f *Form) key(m tea.KeyMsg) tea.Cmd {
	// The focused field's own use of the key comes first: esc closes, then clears, a
	// select's filter (huh enables those bindings only while they apply).
	if key.Matches(m, f.Back) && !key.Matches(m, f.form.KeyBinds()...) {
		if !f.dirty {
			return screen.Pop()
		}
		// Local: leaving changes nothing in the account, so the box does not name it. No
		// stays in the form, as typed ("Cancelled: nothing changed." read as thrown away).
		// The title is quoted as the form's name: "Leave Edit group cn-team?" read as a verb
		// phrase run into another.
		return screen.Cmd(screen.ConfirmMsg{Question: "Leave the form \"" + f.title + "\"? What was typed is lost.", OnYes: screen.Pop(), Local: true,
			OnNo: "Still here: what was typed is kept."})
	}
	if f.Busy != "" {
		return nil
	}
	if cmd, ok := f.Actions.Handle(m, f.D.ReadOnly()); ok {
		return cmd
	}
	f.Err = ""
	switch m.Type {
	case tea.KeyTab, tea.KeyShiftTab, tea.KeyEnter, tea.KeyUp, tea.KeyDown:
	default:
		f.dirty = true
	}
	return f.toForm(m)
}

// toForm hands msg to huh, and submits when huh says the last page is done.
func (f *Form) toForm(msg tea.Msg) tea.Cmd {
	_, cmd := f.form.Update(msg)
	cmd = f.settle(cmd)
	if f.Refresh != nil && f.form.State == huh.StateNormal {
		f.Refresh()
		for _, p := range f.shown {
			for _, fl := range p.Fields {
				markPlaceholder(fl)
			}
		}
		_, redraw := f.form.Update(refreshMsg{}) // the page shows what Refresh set
		cmd = tea.Batch(cmd, f.settle(redraw))
	}
	if f.form.State != huh.StateCompleted {
		return f.route(cmd)
	}
	f.build() // the same values (bound variables), ready for another go
	init := f.route(f.settle(f.form.Init()))
	if f.Submit == nil {
		return screen.Pop()
	}
	return tea.Batch(init, f.Submit())
}

// settleRounds bounds settle: entering a page takes four (enter, next field, next page, the
// page's first messages).
const settleRounds = 8

// settle runs huh's commands here, on the event loop, and hands their messages straight back
// to huh, so that a move of the focus (enter: the next field, the next page) is done before
// the next key is read. Through the program, keys typed right after enter landed in the field
// being left. huh's commands are instant here: cursors are static and its *Func evaluators
// are not used (TestNoHuhEvaluators). Bubble Tea's own messages, and anything left after
// settleRounds, still go through the program.
func (f *Form) settle(cmd tea.Cmd) tea.Cmd {
	var program []tea.Cmd
	for round := 0; cmd != nil && round < settleRounds && f.form.State == huh.StateNormal; round++ {
		var next []tea.Cmd
		for _, msg := range messages(cmd) {
			if reflect.TypeOf(msg).PkgPath() == "github.com/charmbracelet/bubbletea" {
				program = append(program, func() tea.Msg { return msg })
				continue
			}
			_, c := f.form.Update(msg)
			next = append(next, c)
		}
		cmd = tea.Batch(next...)
	}
	return tea.Batch(append(program, cmd)...)
}

// messages runs cmd and what it batches or sequences, in order, and returns their messages.
func messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	cmds, ok := screen.SequenceCmds(msg)
	if b, batch := msg.(tea.BatchMsg); batch {
		cmds, ok = b, true
	}
	if !ok {
		if msg == nil {
			return nil
		}
		return []tea.Msg{msg}
	}
	var out []tea.Msg
	for _, c := range cmds {
		out = append(out, messages(c)...)
	}
	return out
}

// Focused is the key of the field with the focus ("" if it has none).
func (f *Form) Focused() string {
	if fl := f.form.GetFocusedField(); fl != nil {
		return fl.GetKey()
	}
	return ""
}

// Focus moves the focus to the field with key on the current page (nothing if none has it).
func (f *Form) Focus(key string) {
	for _, fl := range f.pageFields() {
		if fl.GetKey() == key {
			f.moveTo(fl)
			return
		}
	}
}

// Cycle moves the focus by delta fields on the current page, wrapping around its ends
// (huh's own next field submits on the last one).
func (f *Form) Cycle(delta int) {
	fields := f.pageFields()
	for i, fl := range fields {
		if fl == f.form.GetFocusedField() {
			f.moveTo(fields[((i+delta)%len(fields)+len(fields))%len(fields)])
			return
		}
	}
}

func (f *Form) pageFields() []huh.Field {
	cur := f.form.GetFocusedField()
	for _, p := range f.shown {
		for _, fl := range p.Fields {
			if fl == cur {
				return p.Fields
			}
		}
	}
	return nil
}

// moveTo steps huh's focus to target, a field of the current page, at once (not through
// messages), never past the page's ends.
func (f *Form) moveTo(target huh.Field) {
	fields := f.pageFields()
	pos := func(x huh.Field) int {
		for i, fl := range fields {
			if fl == x {
				return i
			}
		}
		return -1
	}
	for range fields {
		i, j := pos(f.form.GetFocusedField()), pos(target)
		switch {
		case i < 0 || j < 0 || i == j:
			return
		case j > i:
			f.form.Update(huh.NextField())
		default:
			f.form.Update(huh.PrevField())
		}
	}
}

// formMsg carries huh's own messages (next field, next page, dynamic titles) back to this
// screen through the root, wherever the screen is in the stacks.
type formMsg struct{ msg tea.Msg }

// route addresses the messages of huh's commands to this screen. Bubble Tea's own messages
// (a window size request) still go to the program.
func (f *Form) route(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	id := f.ID()
	return func() tea.Msg {
		msg := cmd()
		if msg == nil {
			return nil
		}
		if b, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, len(b))
			for i, c := range b {
				out[i] = f.route(c)
			}
			return out
		}
		if cmds, ok := screen.SequenceCmds(msg); ok {
			for i, c := range cmds {
				cmds[i] = f.route(c)
			}
			return msg
		}
		if reflect.TypeOf(msg).PkgPath() == "github.com/charmbracelet/bubbletea" {
			return msg
		}
		return screen.Result{To: id, Msg: formMsg{msg}}
	}
}

func (f *Form) View() string {
	if f.W <= 0 || f.H <= 0 {
		return ""
	}
	th := f.D.Theme
	lines := f.headerLines()
	formW, paneW, beside := f.split()
	body := f.form.View()
	// The fields' errors are drawn here, under the fields, not by huh: huh drew them after the
	// padding of a page to its height (34 lines below the field at 40 rows), wrapped at the
	// form's left edge, and at 80x24 cut their last line.
	var under []string
	for _, err := range f.form.Errors() {
		under = append(under, errorLines(th, err.Error(), formW)...)
	}
	switch {
	case f.Busy != "":
		under = append(under, th.Info.Render(f.Busy))
	case f.Err != "":
		under = append(under, errorLines(th, f.Err, formW)...)
	}
	// huh pads a page to the height it was given; the room under a short page is the
	// preview's (or nobody's).
	formLines := strings.Split(body, "\n")
	for len(formLines) > 1 && blank(formLines[len(formLines)-1]) {
		formLines = formLines[:len(formLines)-1]
	}
	if len(under) > 0 {
		formLines = append(append(formLines, ""), under...)
	}
	room := f.H - len(lines)
	if f.Preview != nil && beside {
		pane := strings.Split(f.Preview(paneW, room), "\n")
		n := max(len(formLines), len(pane))
		for i := 0; i < n && i < room; i++ {
			l, r := "", ""
			if i < len(formLines) {
				l = formLines[i]
			}
			if i < len(pane) {
				r = pane[i]
			}
			lines = append(lines, components.Fit(l, formW)+" "+th.Dim.Render("│")+" "+components.Truncate(r, paneW))
		}
	} else {
		for _, l := range formLines {
			lines = append(lines, strings.TrimRight(l, " ")) // huh pads to the width
		}
		if f.Preview != nil && room-len(formLines)-1 > 0 {
			lines = append(lines, "")
			lines = append(lines, strings.Split(f.Preview(paneW, room-len(formLines)-1), "\n")...)
		}
	}
	if len(lines) > f.H {
		lines = lines[:f.H]
	}
	for i, l := range lines {
		lines[i] = components.Truncate(l, f.W)
	}
	return strings.Join(lines, "\n")
}

func blank(line string) bool { return strings.TrimSpace(ansi.Strip(line)) == "" }

// FilterTitle is the title of a filterable multi-select: huh draws its filter right after the
// title ("Policies to attach (optional)/OSSRead" read as one word), so the title ends in a gap.
func FilterTitle(title string) string { return title + "  " }

// errorLines is an error under the form: "✗ " and the text wrapped to w cells, the lines after
// the first indented to where its text starts.
func errorLines(th *theme.Theme, text string, w int) []string {
	var out []string
	for i, l := range components.Wrap(safetext.Line(text), max(1, w-2)) {
		prefix := "  "
		if i == 0 {
			prefix = "✗ "
		}
		out = append(out, th.Error.Render(prefix+l))
	}
	return out
}

// huhKeys are huh's keys without its own $EDITOR (the root owns the one editor path) and
// without its quit (ctrl+c is the root's). A multi-select marks an option with the lists'
// mark key, named as the lists name it: huh's own "x toggle" (space or x) contradicted the
// fields' "space marks" and the footer of every list.
func huhKeys(km *keymap.KeyMap) *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Quit.SetEnabled(false)
	k.Text.Editor.SetEnabled(false)
	mark := km.List.Mark
	k.MultiSelect.Toggle = key.NewBinding(key.WithKeys(mark.Keys()...), key.WithHelp(mark.Help().Key, mark.Help().Desc))
	all := km.List.MarkAll
	k.MultiSelect.SelectAll = key.NewBinding(key.WithKeys(all.Keys()...), key.WithHelp(all.Help().Key, all.Help().Desc))
	k.MultiSelect.SelectNone = key.NewBinding(key.WithKeys(all.Keys()...), key.WithHelp(all.Help().Key, "unmark all"), key.WithDisabled())
	return k
}

// Marks says how a multi-select's options are marked ("space marks"), for the field's
// description: the words of the key its footer shows.
func (d *Deps) Marks() string {
	h := d.Keys.List.Mark.Help()
	return h.Key + " " + h.Desc + "s"
}

// huhTheme draws forms with ramtui's styles. Under NO_COLOR the theme has no colour, and
// huh's base theme's colours (buttons, placeholders, help) are replaced too, since the
// NO_COLOR profile still lets attributes (reverse, bold) through.
func huhTheme(t *theme.Theme) *huh.Theme {
	h := huh.ThemeBase()
	s := lipgloss.NewStyle
	h.FieldSeparator = s().SetString("\n") // no blank line between fields: 80x24 is small
	button := s().Padding(0, 2).MarginRight(1)
	fo := &h.Focused
	fo.Base = fo.Base.Inherit(t.HelpKey.UnsetBold())
	fo.Card = fo.Base
	fo.Title = t.Title
	fo.NoteTitle = t.Title
	fo.Description = t.Dim
	fo.ErrorIndicator = fo.ErrorIndicator.Inherit(t.Error)
	fo.ErrorMessage = fo.ErrorMessage.Inherit(t.Error)
	fo.SelectSelector = fo.SelectSelector.Inherit(t.HelpKey)
	fo.MultiSelectSelector = fo.MultiSelectSelector.Inherit(t.HelpKey)
	fo.NextIndicator = fo.NextIndicator.Inherit(t.HelpKey)
	fo.PrevIndicator = fo.PrevIndicator.Inherit(t.HelpKey)
	fo.SelectedOption = t.Success
	fo.SelectedPrefix = fo.SelectedPrefix.Inherit(t.Success)
	fo.Directory = t.Title
	fo.FocusedButton = button.Inherit(t.Cursor)
	fo.BlurredButton = button.Inherit(t.Dim)
	fo.TextInput.Placeholder = t.Placeholder
	fo.TextInput.Prompt = t.HelpKey
	h.Help.ShortKey, h.Help.ShortDesc, h.Help.ShortSeparator = t.HelpKey, t.HelpDesc, t.Dim
	h.Help.FullKey, h.Help.FullDesc, h.Help.FullSeparator = t.HelpKey, t.HelpDesc, t.Dim
	h.Help.Ellipsis = t.Dim

	h.Blurred = h.Focused
	h.Blurred.Base = h.Blurred.Base.BorderStyle(lipgloss.HiddenBorder())
	h.Blurred.Card = h.Blurred.Base
	h.Blurred.Title = t.Label
	h.Blurred.MultiSelectSelector = s().SetString("  ")
	h.Blurred.NextIndicator = s()
	h.Blurred.PrevIndicator = s()
	return h
}

// staticCursor stops the cursors of a huh field from blinking. A blinking cursor is a timer
// that redraws the screen twice a second while nothing happens (the rest of ramtui draws only
// on input), and its commands block, which the synchronous test driver cannot run. huh keeps
// its bubbles inputs private, so they are reached by reflection: the textinput or textarea
// fields of the field's struct. TestFormCursorIsStatic fails if a huh upgrade moves them.
func staticCursor(field huh.Field) {
	inputs, areas := huhInputs(field)
	for _, in := range inputs {
		in.Cursor.SetMode(cursor.CursorStatic)
	}
	for _, a := range areas {
		a.Cursor.SetMode(cursor.CursorStatic)
	}
}

// huhInputs are the bubbles inputs inside a huh field: its textinput or textarea fields,
// reached by reflection since huh keeps them private.
func huhInputs(field huh.Field) (inputs []*textinput.Model, areas []*textarea.Model) {
	v := reflect.ValueOf(field)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, nil
	}
	v = v.Elem()
	for i := 0; i < v.NumField(); i++ {
		fv := v.Field(i)
		p := unsafe.Pointer(fv.UnsafeAddr())
		switch fv.Type() {
		case reflect.TypeOf(textinput.Model{}):
			inputs = append(inputs, (*textinput.Model)(p))
		case reflect.TypeOf(textarea.Model{}):
			areas = append(areas, (*textarea.Model)(p))
		}
	}
	return inputs, areas
}

// markPlaceholder writes a field's placeholder as "<optional>" where the terminal shows no
// attributes (TERM=dumb, a pipe): there the theme's italic and faint are lost and a
// placeholder read as a typed value ("> optional, up to 1024 characters"). Again after
// Refresh, which may set a placeholder anew.
func markPlaceholder(field huh.Field) {
	if !theme.NoAttributes() {
		return
	}
	mark := func(p *string) {
		if *p != "" && !(strings.HasPrefix(*p, "<") && strings.HasSuffix(*p, ">")) {
			*p = "<" + *p + ">"
		}
	}
	inputs, areas := huhInputs(field)
	for _, in := range inputs {
		mark(&in.Placeholder)
	}
	for _, a := range areas {
		mark(&a.Placeholder)
	}
}

// showOptionsAbove undoes huh's scrolling a select's list so that the pre-selected option is
// its first line, which hides the options above it (huh v1.0.0 sets the list's offset to the
// selected index whenever it sizes the field, even when every option fits): the list starts
// at its top when the selected option shows from there, else it ends on the selected option.
// Like staticCursor, by reflection on huh's private fields; TestFormSelectShowsOptionsAbove
// fails if a huh upgrade moves them.
func showOptionsAbove(field huh.Field) {
	v := reflect.ValueOf(field)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	v = v.Elem()
	vp, sel := v.FieldByName("viewport"), v.FieldByName("selected")
	if !vp.IsValid() || vp.Type() != reflect.TypeOf(viewport.Model{}) || sel.Kind() != reflect.Int {
		return
	}
	m := (*viewport.Model)(unsafe.Pointer(vp.UnsafeAddr()))
	m.SetYOffset(max(0, int(sel.Int())-m.Height+1))
}

// maxSessions are the usual choices of a role's maximum session (the API allows 1h to 12h).
var maxSessions = []time.Duration{time.Hour, 2 * time.Hour, 4 * time.Hour, 6 * time.Hour, 8 * time.Hour, 12 * time.Hour}

// MaxSessionOptions are the options of a form's "Max session" field, with cur (a role's
// present value, 0 for none) among them.
func MaxSessionOptions(cur time.Duration) []huh.Option[time.Duration] {
	var out []huh.Option[time.Duration]
	for _, d := range maxSessions {
		if cur > 0 && cur < d && (len(out) == 0 || out[len(out)-1].Value < cur) {
			out = append(out, huh.NewOption(Duration(cur), cur))
		}
		out = append(out, huh.NewOption(Duration(d), d))
	}
	return out
}
