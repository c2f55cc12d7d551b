package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
)

// View draws header, tabs and breadcrumbs, the screen (or help, or a prompt over it), the
// status line and the key hints: exactly the terminal's height.
func (m *Model) View() string {
	if m.w == 0 || m.h == 0 {
		return "" // no size yet: the first WindowSizeMsg arrives at once
	}
	if m.w < MinWidth || m.h < MinHeight {
		msg := fmt.Sprintf("terminal too small: need %dx%d, have %dx%d", MinWidth, MinHeight, m.w, m.h)
		return components.Truncate(msg, m.w) + "\n" + components.Truncate("ctrl+c quits", m.w)
	}
	bw, bh := m.bodySize()
	var body string
	switch {
	case m.mode == modeHelp:
		body = m.helpView(bw, bh)
	case m.top() != nil:
		body = m.top().View()
	}
	if m.mode == modeConfirm {
		body = overlayBottom(body, m.confirm.View(min(bw, 76)), bh)
	}
	body = fitLines(body, bw, bh)
	return strings.Join([]string{m.headerView(), m.tabsView(), body, m.statusView(), m.hintsView()}, "\n")
}

// fitLines makes s exactly h lines, each at most w cells wide.
func fitLines(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if components.Width(l) > w {
			lines[i] = components.Truncate(l, w)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// overlayBottom replaces the last lines of body with box.
func overlayBottom(body, box string, h int) string {
	lines := strings.Split(body, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	lines = lines[:h]
	boxLines := strings.Split(box, "\n")
	start := max(0, h-len(boxLines))
	for i, bl := range boxLines {
		if start+i < h {
			lines[start+i] = bl
		}
	}
	return strings.Join(lines, "\n")
}

// headerView is the first line: which account changes are made in, as whom, with what
// credentials. The account, the badges ([ROOT], [READ-ONLY], [DEMO]) and the credentials'
// end always show; when the line is too long the full ARN goes first, then the endpoint, then
// the credential source, then the identity is cut.
func (m *Model) headerView() string {
	h := m.header.safe()
	t := m.th
	acct := h.account()
	if acct == "" {
		acct = "…"
	}
	title := t.Title.Render("ramtui") + "  "
	core := t.HeaderKey.Render("acct ") + t.Accent(h.Accent).Render(acct)
	full, short := core, core
	if h.Identity != "" {
		full += "  " + t.HeaderKey.Render("as ") + h.Identity
		short += "  " + t.HeaderKey.Render("as ") + shortARN(h.Identity)
	}
	var right string
	if h.root() {
		right += " " + t.BadgeWarn.Render("[ROOT]")
	}
	if h.Demo {
		right += " " + t.Badge.Render("[DEMO]")
	}
	if h.ReadOnly {
		right += " " + t.BadgeWarn.Render("[READ-ONLY]")
	}
	via := ""
	if h.Profile != "" {
		via = t.HeaderKey.Render("  profile ") + t.Accent(h.Accent).Render(h.Profile)
	}
	var ci CredsInfo
	if m.opts.Creds != nil {
		ci = m.opts.Creds()
		if ci.Source != "" { // "profile dev · RamRoleArn", "environment"
			via = t.HeaderKey.Render("  via ") + t.Accent(h.Accent).Render(safetext.Line(ci.Source))
		}
	}
	if !ci.Until.IsZero() {
		until := "until " + ci.Until.Local().Format("15:04")
		if ci.Renews {
			until += " ↻" // renewed before then, without the user
		}
		right += " " + t.HeaderKey.Render(until)
	}
	room := m.w - components.Width(right)
	endpoint := t.HeaderKey.Render("  endpoint ") + h.Endpoint
	// Most to least: the account id is on the line already, so the short identity with the
	// source says more than the full ARN without it; the program's name goes before the source.
	for _, cand := range []string{title + full + endpoint + via, title + short + endpoint + via, title + short + via, short + via, title + short, short} {
		if components.Width(cand) <= room {
			return cand + right
		}
	}
	// Then the identity is shortened, not cut at its end: an assumed role's ARN lost its role
	// name at 80 columns ("as role/ops-read…").
	line := core
	if h.Identity != "" {
		as := "  " + t.HeaderKey.Render("as ")
		line += as + fitIdentity(shortARN(h.Identity), room-components.Width(core+as))
	}
	return components.Truncate(line, room) + right
}

// fitIdentity shortens an identity ("user/ops-admin", "assumed-role/ROLE/SESSION") to at most
// w cells, keeping the most telling part whole: the session's name is cut in its middle
// first, then goes (the role stays: "assumed-role/ops-readonly/…"), then the kind goes
// ("ops-readonly/…"), then the name is cut in its middle. Width-aware: never half a wide
// character.
func fitIdentity(id string, w int) string {
	if components.Width(id) <= w {
		return id
	}
	parts := strings.SplitN(id, "/", 3)
	if len(parts) < 2 {
		return components.TruncateMiddle(id, w)
	}
	kind, name, more := parts[0]+"/", parts[1], ""
	if len(parts) == 3 {
		const minSession = 5 // "op…in": fewer cells tell nothing
		if room := w - components.Width(kind+name+"/"); room >= minSession {
			return kind + name + "/" + components.TruncateMiddle(parts[2], room)
		}
		more = "/" + components.Ellipsis
	}
	switch {
	case components.Width(kind+name+more) <= w:
		return kind + name + more
	case components.Width(name+more) <= w:
		return name + more
	}
	return components.TruncateMiddle(name, w-components.Width(more)) + more
}

// root reports whether the identity is the account's root user: every change is possible and
// nothing can be denied to it, so the header warns.
func (h Header) root() bool { return strings.HasSuffix(h.Identity, ":root") }

// account names the account changes are made in: "alias (id)", the id alone, or "" before
// sign-in. Confirmations name it too.
func (h Header) account() string {
	switch {
	case h.AccountAlias != "" && h.AccountID != "":
		return h.AccountAlias + " (" + h.AccountID + ")"
	case h.AccountID != "":
		return h.AccountID
	}
	return h.AccountAlias
}

// safe is the header with every field that came from the API or a file made safe to draw.
func (h Header) safe() Header {
	for _, f := range []*string{&h.AccountAlias, &h.AccountID, &h.Identity, &h.Profile, &h.Endpoint} {
		*f = safetext.Line(*f)
	}
	return h
}

// shortARN drops the "acs:ram::<account>:" prefix of an ARN (the account is in the header
// already): "user/ops-admin", "assumed-role/admin/alice".
func shortARN(arn string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) == 5 && parts[0] == "acs" {
		return parts[4]
	}
	return arn
}

// tabsView is the second line: the top-level lists and the breadcrumbs. The tab names stay
// readable and the trail gives way: it is shortened in its middle (crumbTrail), down to the
// current screen's title alone, cut in its middle. Only when even that would have less than
// minTrail cells do the inactive tabs shrink to their number (never at MinWidth with six tabs:
// session 6 shrank them to "1 2 3 Roles 4 5 6" for a title as short as "Switch to ops-readonly").
func (m *Model) tabsView() string {
	t := m.th
	var titles []string
	for _, s := range m.stack() {
		titles = append(titles, safetext.Line(s.Title()))
	}
	tabs := func(compact bool) string {
		var b strings.Builder
		for i, tab := range m.opts.Tabs {
			if m.starting {
				break // the lists open once signed in
			}
			label := fmt.Sprintf("%d %s", i+1, tab.Name)
			if i == m.tab {
				b.WriteString(t.TabActive.Render(label))
			} else if compact {
				b.WriteString(t.Tab.Render(fmt.Sprintf("%d", i+1)))
			} else {
				b.WriteString(t.Tab.Render(label))
			}
			b.WriteString(" ")
		}
		if b.Len() > 0 {
			b.WriteString(t.CrumbSep.Render("│ "))
		}
		return b.String()
	}
	head := tabs(false)
	if m.w-components.Width(head) < minTrail {
		head = tabs(true)
	}
	trail := crumbTrail(titles, m.w-components.Width(head))
	if n := len(titles); n > 0 && trail[len(trail)-1] != titles[n-1] {
		if s, ok := m.top().(screen.ShortTitled); ok { // cut: its short form, whole if it can be
			titles[n-1] = safetext.Line(s.ShortTitle())
			trail = crumbTrail(titles, m.w-components.Width(head))
		}
	}
	var crumbs []string
	for _, c := range trail {
		crumbs = append(crumbs, t.Crumb.Render(c))
	}
	return components.Truncate(head+strings.Join(crumbs, t.CrumbSep.Render(crumbSep)), m.w)
}

const (
	crumbSep = " › "
	minTrail = 16 // the least room for the trail beside whole tab names, and for a title cut in its middle after the first crumb
)

// crumbTrail is the breadcrumbs in at most w cells: all of them when they fit; else the first
// and as many of the last as fit around "…"; else "…" and the last whole; else the last whole
// alone; else the first and the last cut in its middle (a name's start and end tell it apart),
// or the last alone cut in its middle.
func crumbTrail(titles []string, w int) []string {
	width := func(parts []string) int { return components.Width(strings.Join(parts, crumbSep)) }
	n := len(titles)
	if n == 0 || width(titles) <= w {
		return titles
	}
	for k := n - 2; k >= 1; k-- {
		if parts := append([]string{titles[0], components.Ellipsis}, titles[n-k:]...); width(parts) <= w {
			return parts
		}
	}
	last := titles[n-1]
	if n > 1 {
		if parts := []string{components.Ellipsis, last}; width(parts) <= w {
			return parts // where the user is, whole
		}
		if components.Width(last) <= w {
			return []string{last}
		}
		prefix := []string{titles[0], components.Ellipsis}
		if n == 2 {
			prefix = prefix[:1]
		}
		if room := w - width(prefix) - components.Width(crumbSep); room >= minTrail {
			return append(prefix, components.TruncateMiddle(last, room))
		}
	}
	return []string{components.TruncateMiddle(last, w)}
}

// statusView is the line above the key hints: the active input, or the flash, with the
// in-flight spinner at the right.
func (m *Model) statusView() string {
	right := m.spinnerView()
	room := m.w - components.Width(right) - 1
	var left string
	switch m.mode {
	case modeFilter:
		left = m.input.View(room)
	case modeHelp:
		if m.help.typing {
			left = m.input.View(room)
		} else if m.help.filter != "" {
			left = m.th.Dim.Render(components.Truncate("help filter: "+safetext.Line(m.help.filter)+"  (/ edit, esc clear)", room))
		}
	case modePalette:
		left = m.paletteView(room)
	case modeInput:
		q := m.th.Title.Render(safetext.Line(m.inputQ)) + " "
		left = q + m.input.View(room-components.Width(q))
	default:
		if m.flash.Text != "" && m.flashShown() {
			st, more := m.flashStyle()
			first, _ := m.flashLines(room - components.Width(more))
			left = more + st.Render(components.Truncate(first, room-components.Width(more)))
		} else if f, ok := m.top().(screen.Filterable); ok && f.Filter() != "" {
			left = m.th.Dim.Render(components.Truncate("filter: "+f.Filter()+"  (/ edit, esc clear)", room))
		}
	}
	left = components.Truncate(left, room)
	pad := m.w - components.Width(left) - components.Width(right)
	return left + strings.Repeat(" ", max(0, pad)) + right
}

// spinnerView is the in-flight counter at the right of the status line ("" when idle).
func (m *Model) spinnerView() string {
	if m.inFlight == 0 {
		return ""
	}
	right := m.spin.View() + fmt.Sprintf(" %d call", m.inFlight)
	if m.inFlight > 1 {
		right += "s"
	}
	return right
}

// flashStyle is the flash's style and, for an error, what goes before it: the key that
// shows the error whole (two lines may still cut it).
func (m *Model) flashStyle() (st lipgloss.Style, more string) {
	if m.flash.Level != screen.Error {
		return m.th.Info, ""
	}
	if e := m.keys.Global.Error; e.Enabled() && !m.starting {
		more = m.th.HelpKey.Render(e.Help().Key) + " " + m.th.HelpDesc.Render("whole error") + " "
	}
	return m.th.Error, more
}

// flashLines splits the flash for a status line of room cells: what fits there, and the rest,
// which takes the key hints' line while the flash shows ("Browsing as …; :renew exte…" was cut
// at 80 columns, and an error's reason: "user names …").
func (m *Model) flashLines(room int) (first, rest string) {
	text := safetext.Line(m.flash.Text)
	if components.Width(text) <= room || room < 1 {
		return text, ""
	}
	first = strings.TrimRight(components.Wrap(text, room)[0], " ")
	if !strings.HasPrefix(text, first) {
		return text, ""
	}
	return first, components.Truncate(strings.TrimLeft(text[len(first):], " "), m.w)
}

func (m *Model) paletteView(room int) string {
	in := m.input.View(room / 2)
	matches := m.paletteMatches(m.input.Value())
	var names []string
	for i, c := range matches {
		n := c.Name
		if len(c.Aliases) > 0 {
			n += "(" + strings.Join(c.Aliases, ",") + ")"
		}
		if i == m.palSel%max(1, len(matches)) {
			n = m.th.TabActive.Render(n)
		} else {
			n = m.th.Dim.Render(n)
		}
		names = append(names, n)
	}
	return in + " " + components.Truncate(strings.Join(names, " "), room-components.Width(in)-1)
}

// hintsView is the last line: the current mode's keys, generated from the live keymap.
func (m *Model) hintsView() string {
	var bindings []key.Binding
	k := m.keys
	switch m.mode {
	case modeFilter:
		bindings = []key.Binding{k.Filter.Accept, k.Filter.Clear}
	case modePalette:
		bindings = []key.Binding{k.Palette.Run, k.Palette.Complete, k.Palette.Next, k.Palette.Cancel}
	case modeInput:
		bindings = []key.Binding{k.Palette.Run, k.Palette.Cancel}
		if m.inputErr != "" {
			return m.refusedView(bindings)
		}
	case modeConfirm:
		bindings = []key.Binding{k.Prompt.Yes, k.Prompt.No}
		if m.confirm.Typed != "" {
			bindings = []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm once typed")), k.Palette.Cancel}
		}
	case modeHelp:
		return m.helpHints()
	default:
		if m.flash.Text != "" && m.flashShown() {
			st, more := m.flashStyle()
			if _, rest := m.flashLines(m.w - components.Width(m.spinnerView()) - 1 - components.Width(more)); rest != "" {
				return st.Render(rest)
			}
		}
		return m.screenHintsView()
	}
	hm := m.helpModel()
	hm.Width = m.w
	return hm.ShortHelpView(bindings)
}

// refusedView is a prompt's last line after a refused answer: why, then the keys when they
// fit too (the reason first: the keys are the same as ever).
func (m *Model) refusedView(bindings []key.Binding) string {
	hm := m.helpModel()
	keys := hm.Styles.ShortSeparator.Inline(true).Render(hm.ShortSeparator) + hm.ShortHelpView(bindings)
	why := "✗ " + safetext.Line(m.inputErr)
	if components.Width(why)+components.Width(keys) > m.w {
		return m.th.Error.Render(components.Truncate(why, m.w))
	}
	return m.th.Error.Render(why) + keys
}

// screenHintsView is the normal mode's last line: the screen's keys first, then the global
// ones. "? help" and the way out (esc back, or q quit at the top) always fit, whatever the
// width: the screen's keys are cut (with an ellipsis) before them, since '?' lists them all.
// A capturing screen (a form) gets every key, so ':' and '?' are typed there, not obeyed:
// only its own keys and the way back are listed.
func (m *Model) screenHintsView() string {
	k := m.keys
	var screenKeys []key.Binding
	if s := m.top(); s != nil {
		screenKeys = append(screenKeys, s.KeyMap().ShortHelp()...)
	}
	capturing := false
	if c, ok := m.top().(screen.Capturing); ok && c.Capturing() {
		capturing = true
	}
	if !m.starting && !capturing {
		screenKeys = append(screenKeys, k.Global.Palette)
	}
	tail := []key.Binding{k.Global.Help, k.Global.Quit}
	if len(m.stack()) > 1 {
		tail[1] = k.Global.Back
	}
	if capturing {
		tail = []key.Binding{k.Global.Back}
		if bindsAny(screenKeys, k.Global.Back) {
			tail = nil // the screen names its own way out (a run's "esc back")
		}
	}
	hm := m.helpModel()
	sep := hm.Styles.ShortSeparator.Inline(true).Render(hm.ShortSeparator)
	tailView := ""
	if len(tail) > 0 {
		tailView = sep + hm.ShortHelpView(tail)
	}
	ellipsis := " " + hm.Styles.Ellipsis.Inline(true).Render(hm.Ellipsis)
	room := m.w - components.Width(tailView)
	// help.Model's own width limit lets items past it when not even its ellipsis fits, so the
	// fitting is done here: whole items while they fit, an ellipsis for the rest.
	var head string
	for i, b := range screenKeys {
		if !b.Enabled() {
			continue
		}
		item := hm.ShortHelpView([]key.Binding{b})
		if head != "" {
			item = sep + item
		}
		more := 0
		if i < len(screenKeys)-1 {
			more = components.Width(sep) + components.Width(ellipsis)
		}
		if components.Width(head)+components.Width(item)+more > room {
			if head == "" {
				return strings.TrimPrefix(tailView, sep)
			}
			return head + ellipsis + tailView
		}
		head += item
	}
	if head == "" {
		return strings.TrimPrefix(tailView, sep)
	}
	return head + tailView
}

// bindsAny reports whether one of bindings takes one of b's keys.
func bindsAny(bindings []key.Binding, b key.Binding) bool {
	for _, o := range bindings {
		if !o.Enabled() {
			continue
		}
		for _, k := range o.Keys() {
			for _, want := range b.Keys() {
				if k == want {
					return true
				}
			}
		}
	}
	return false
}

func (m *Model) helpModel() help.Model {
	hm := help.New()
	hm.Styles.ShortKey = m.th.HelpKey
	hm.Styles.ShortDesc = m.th.HelpDesc
	hm.Styles.ShortSeparator = m.th.Dim
	hm.Styles.FullKey = m.th.HelpKey
	hm.Styles.FullDesc = m.th.HelpDesc
	hm.Styles.FullSeparator = m.th.Dim
	hm.Styles.Ellipsis = m.th.Dim
	return hm
}
