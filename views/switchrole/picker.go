package switchrole

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views/kit"
)

// pickState is what the picker knows about one role.
type pickState int

const (
	pickChecking pickState = iota // GetRole or the caller's policies still on their way
	pickYes                       // the doctor found no cause
	pickNo                        // at least one documented cause applies
	pickUnknown                   // no cause found, but a side could not be checked
)

// pickRow is one role of the picker.
type pickRow struct {
	arn    assume.RoleARN
	key    string // arn.String(): the row's id and the last of its order
	desc   string
	rank   userdata.RankKey // favourite and frecency when the role was listed
	asked  int              // the load (switchPicker.seq) that requested LoadTarget: a reload asks again
	target switchTarget
	state  pickState
	diag   assume.Diagnosis
}

func (r pickRow) id() string { return r.key }

// byRank is the picker's order: favourites, then frecency (userdata.Roles.Rank), then
// alphabetical. The table keeps it (SetOrder), so pages of roles merge into it as they arrive.
func byRank(a, b pickRow) int {
	if c := a.rank.Compare(b.rank); c != 0 {
		return c
	}
	return strings.Compare(a.key, b.key)
}

// shortCause is a cause in a few words, for the table column.
func shortCause(c assume.Cause) string {
	switch c {
	case assume.CauseRootCaller:
		return "caller is root"
	case assume.CauseNoPermission:
		return "no sts:AssumeRole"
	case assume.CauseNotTrusted:
		return "trust policy"
	case assume.CauseExternalIDRequired:
		return "needs ExternalId"
	}
	return c.String()
}

func (r pickRow) canCell() string {
	switch r.state {
	case pickYes:
		return "yes"
	case pickNo:
		parts := make([]string, len(r.diag.Causes))
		for i, c := range r.diag.Causes {
			parts[i] = shortCause(c)
		}
		return "no: " + strings.Join(parts, ", ")
	case pickUnknown:
		return "? unchecked"
	}
	if r.target.err != nil {
		return "? " + errCode(r.target.err)
	}
	return "…"
}

// errCode is the short code of an API error for a cell ("NoPermission"), else its text.
func errCode(err error) string {
	var re *ramclient.Error
	if errors.As(err, &re) && re.Code != "" {
		return re.Code
	}
	return err.Error()
}

type (
	pickCallerMsg struct{ c switchCaller }
	// pickRolesMsg is what the role listing has handed over since the last one; the first of
	// a load also carries the recents file, so the first rows already come in frecency order.
	pickRolesMsg struct {
		seq     int
		first   bool
		page    ramclient.Page[ramclient.Role]
		err     error
		recents userdata.Roles
		recErr  error
	}
	pickTargetMsg struct {
		seq int
		t   switchTarget
	}
	pickSavedMsg struct{ err error }
	pickARNMsg   struct{ text string }
	// pickChangedMsg: the doctor applied a fix for this role; the caller's policies or the
	// role's trust policy changed.
	pickChangedMsg struct{ arn assume.RoleARN }
)

// switchPicker lists every role with a fuzzy filter, ordered by frecency (favourites first),
// each marked assumable or not with the doctor's reason.
type switchPicker struct {
	base
	client  *ramclient.Client // the identity the picker was opened as
	cfg     switchCfg
	keys    keymap.Switch
	table   *components.Table[pickRow]
	cols    []components.Column[pickRow]
	rows    map[string]*pickRow // by ARN
	caller  switchCaller
	haveCal bool
	recents userdata.Roles
	listErr error
	listed  map[string]bool // ARNs from the account's role list (vs. remembered ones)
	fetch   kit.Fetch[ramclient.Role]
}

// NewSwitchPicker is the switch-role picker (`:switch`).
func NewSwitchPicker(d *Deps, cfg SwitchConfig) screen.Screen {
	p := &switchPicker{base: base{Base: kit.NewBase(d)}, client: d.Client(), cfg: switchCfg{&cfg}, keys: switchCfg{&cfg}.keys(), rows: map[string]*pickRow{}, recents: userdata.Roles{}, listed: map[string]bool{}}
	p.fetch = kit.Streamed(p.client.StreamRoles, func(rs []ramclient.Role) []ramclient.Role { return rs })
	th := d.Theme
	canStyle := func(r pickRow) (lipgloss.Style, bool) {
		switch r.state {
		case pickYes:
			return th.Success, true
		case pickNo:
			return th.Error, true
		case pickUnknown:
			return th.Warn, true
		}
		return th.Dim, true
	}
	p.cols = []components.Column[pickRow]{
		{Title: "★", Min: 1, Max: 1, Cell: func(r pickRow) string {
			if r.rank.Favourite {
				return "★"
			}
			return ""
		}},
		{Title: "ROLE", Min: 12, Max: 30, Cell: func(r pickRow) string {
			if r.arn.AccountID != "" && p.haveCal && r.arn.AccountID != p.caller.id.AccountID {
				return r.arn.AccountID + ":" + r.arn.RoleName // another account's role
			}
			return r.arn.RoleName
		}},
		{Title: "ASSUME", Min: 20, Max: 34, Cell: pickRow.canCell, Style: canStyle}, // "no: needs ExternalId" whole
		{Title: "MAX", Min: 3, Max: 4, Right: true, Cell: func(r pickRow) string { return kit.Duration(r.target.maxSession()) }},
		{Title: "DESCRIPTION", Min: 8, Cell: func(r pickRow) string { return r.desc }},
	}
	p.table = components.NewTable(th, d.Keys, pickRow.id, p.cols...)
	p.table.SetOrder(byRank)
	p.table.SetEmptyText(p.emptyText())
	return p
}

func (p *switchPicker) Title() string { return "Switch role (" + p.table.Status() + ")" }

func (p *switchPicker) SetSize(w, h int) {
	p.W, p.H = w, h
	p.table.SetSize(w, max(1, h-2))
}

func (p *switchPicker) Filter() string     { return p.table.Filter() }
func (p *switchPicker) SetFilter(f string) { p.table.SetFilter(f) }

func (p *switchPicker) KeyMap() help.KeyMap { return p.actions().Help(p.D.ReadOnly()) }

// actions are the picker's keys, declared once for dispatch and help. None changes the account
// (favourites are the user's own file; the doctor asks before each fix).
func (p *switchPicker) actions() kit.Actions {
	k := p.keys
	cur, ok := p.table.Current()
	onRow := func() bool { return ok }
	return kit.Actions{
		{Key: k.Choose, When: onRow, Do: func() tea.Cmd { return screen.Push(p.form(cur)) }},
		{Key: k.Favourite, When: onRow, Do: func() tea.Cmd { return p.toggleFavourite(cur) }},
		{Key: k.TypeARN, Do: func() tea.Cmd {
			id := p.ID()
			return screen.Cmd(screen.InputMsg{Prompt: "Role ARN (acs:ram::<account>:role/<name>)", Value: "acs:ram::",
				OnSubmit: func(v string) tea.Cmd { return screen.Send(id, pickARNMsg{text: v}) }})
		}},
		{Key: k.Doctor, When: onRow, Do: func() tea.Cmd {
			doc := newSwitchDoctor(p.D, p.client, p.cfg.SwitchConfig, p.caller, p.haveCal, cur.target, "", nil)
			doc.notify = p.ID()
			return screen.Push(doc)
		}},
		// The root opens the filter of a Filterable screen before the key gets here
		// (ui/keys.go); declared for help only.
		{Key: p.D.Keys.List.Filter},
		{Key: k.Refresh, FullOnly: true, Do: func() tea.Cmd { p.table.SetLoading(true); return p.loadRoles() }},
	}
}

func (p *switchPicker) Init() tea.Cmd {
	p.table.SetLoading(true)
	// One GetRole per role on screen follows the first page: the client readies them
	// meanwhile (a few more than the table's rows do no harm).
	p.client.Warm(p.H)
	return tea.Batch(p.loadCaller(), p.loadRoles())
}

// loadCaller reads who the picker's identity is and its policies.
func (p *switchPicker) loadCaller() tea.Cmd {
	ctx, c, id := p.Ctx, p.client, p.ID()
	return screen.Call(id, func() tea.Msg { return pickCallerMsg{loadSwitchCaller(ctx, c)} })
}

// loadRoles lists the roles and reads the recents file, in one call so that the first rows
// already come in frecency order. The listing streams: each page shows as it lands (the rows
// not listed again go when it ends).
func (p *switchPicker) loadRoles() tea.Cmd {
	p.seq++
	p.table.BeginRefresh()
	p.listed = map[string]bool{}
	seq, ctx, fetch, dirs := p.seq, p.Ctx, p.fetch, p.cfg.dirs()
	return screen.Call(p.ID(), func() tea.Msg {
		rec, recErr := dirs.LoadRoles()
		page, err := fetch(ctx, "")
		return pickRolesMsg{seq: seq, first: true, page: page, err: err, recents: rec, recErr: recErr}
	})
}

// moreRoles takes the listing's next pages.
func (p *switchPicker) moreRoles(marker string) tea.Cmd {
	seq, ctx, fetch := p.seq, p.Ctx, p.fetch
	return screen.Call(p.ID(), func() tea.Msg {
		page, err := fetch(ctx, marker)
		return pickRolesMsg{seq: seq, page: page, err: err}
	})
}

// loadTarget reads a role's trust policy and maximum session. acct is the caller's account;
// "" when not known yet, and then only roles from the account's own list can be read (they
// are the caller's account by definition); the rest wait for the caller.
func (p *switchPicker) loadTarget(r *pickRow, fromList bool) tea.Cmd {
	acct := ""
	switch {
	case p.haveCal:
		acct = p.caller.id.AccountID
	case fromList:
		acct = r.arn.AccountID
	default:
		return nil
	}
	r.asked = p.seq
	// One role, on screen or picked: the client's on-screen lane (a screen's checks are one wave).
	seq, ctx, c, arn := p.seq, ramclient.OnScreen(p.Ctx), p.client, r.arn
	return screen.Call(p.ID(), func() tea.Msg { return pickTargetMsg{seq: seq, t: loadSwitchTarget(ctx, c, arn, acct)} })
}

func (p *switchPicker) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case pickCallerMsg:
		p.caller, p.haveCal = m.c, true
		var cmds []tea.Cmd
		if m.c.err != nil && !kit.Canceled(m.c.err) {
			cmds = append(cmds, screen.FlashError("Who am I? "+kit.ErrLine(m.c.err)))
		}
		p.diagnoseAll()
		cmds = append(cmds, p.checkOnScreen())
		return p, tea.Batch(cmds...)
	case pickRolesMsg:
		if m.seq != p.seq {
			return p, nil
		}
		return p, p.rolesArrived(m)
	case pickTargetMsg:
		if m.seq != p.seq {
			return p, nil
		}
		if r, ok := p.rows[m.t.arn.String()]; ok {
			r.target = m.t
			if m.t.role.Description != "" {
				r.desc = m.t.role.Description
			}
			p.diagnose(r)
			p.table.Upsert(*r)
		}
		return p, nil
	case pickSavedMsg:
		if m.err != nil {
			return p, screen.FlashError("Favourites not saved: " + m.err.Error())
		}
		return p, nil
	case pickARNMsg:
		return p, p.typedARN(m.text)
	case pickChangedMsg:
		// A fix may have changed the role's trust policy or the caller's policies (which
		// decide for every role): read both again.
		cmds := []tea.Cmd{p.loadCaller()}
		if r, ok := p.rows[m.arn.String()]; ok {
			r.asked = 0
			cmds = append(cmds, p.loadTarget(r, p.listed[m.arn.String()]))
		}
		return p, tea.Batch(cmds...)
	case tea.KeyMsg:
		return p, p.key(m)
	}
	return p, nil
}

func (p *switchPicker) key(m tea.KeyMsg) tea.Cmd {
	if p.table.HandleKey(m) {
		return p.checkOnScreen() // rows that came into view
	}
	cmd, _ := p.actions().Handle(m, p.D.ReadOnly())
	return cmd
}

// form opens the form for a row with everything the picker already knows.
func (p *switchPicker) form(r pickRow) screen.Screen {
	return newSwitchForm(p.D, p.client, p.cfg.SwitchConfig, r.arn, p.caller, p.haveCal, r.target)
}

func (p *switchPicker) rolesArrived(m pickRolesMsg) tea.Cmd {
	var cmds []tea.Cmd
	now := p.D.CurrentTime()
	if m.first {
		p.recents = m.recents
		if m.recErr != nil { // the picker still works, in alphabetical order
			cmds = append(cmds, screen.FlashError("Recent and favourite roles not read: "+m.recErr.Error()))
		}
	}
	// What was known of a row survives until its GetRole answers again.
	rows := make([]pickRow, 0, len(m.page.Items))
	for _, role := range m.page.Items {
		arn, err := assume.ParseRoleARN(role.Arn)
		if err != nil {
			continue
		}
		r := p.relist(arn, now)
		r.desc = role.Description
		if r.target.role.RoleName == "" {
			r.target.role = role // MaxSessionDuration until GetRole lands
		}
		p.listed[r.key] = true
		rows = append(rows, *r)
	}
	if m.first {
		// The remembered roles (other accounts' roles typed before, too) show from the start:
		// they lead the order.
		for s := range m.recents {
			if arn, err := assume.ParseRoleARN(s); err == nil && !p.listed[arn.String()] {
				rows = append(rows, *p.relist(arn, now))
			}
		}
	}
	p.table.Upsert(rows...)
	if m.err == nil && m.page.Truncated && m.page.NextMarker != "" {
		cmds = append(cmds, p.moreRoles(m.page.NextMarker))
		if m.first {
			// The first page's screen is checked at once, not after the last page: what a
			// person sees first is known a round trip later. Roles listed later may still
			// rank above these (the service's order is not documented; ramsim's is by name,
			// where they never do): then the end of the listing checks those, and at most this
			// one screenful of calls was spent on rows scrolled away.
			cmds = append(cmds, p.checkOnScreen())
		}
		return tea.Batch(cmds...)
	}
	// The listing ended (or failed): roles not listed again and not remembered go.
	p.listErr = m.err
	if m.err != nil && !kit.Canceled(m.err) {
		cmds = append(cmds, screen.FlashError("Cannot list roles: "+kit.ErrLine(m.err)))
	}
	p.table.EndRefresh()
	p.table.SetEmptyText(p.emptyText())
	for k := range p.rows {
		if _, ok := p.table.Get(k); !ok {
			delete(p.rows, k)
		}
	}
	return tea.Batch(append(cmds, p.checkOnScreen())...)
}

// relist is arn's row as the current load lists it, placed by the recents read with it.
func (p *switchPicker) relist(arn assume.RoleARN, now time.Time) *pickRow {
	r := p.row(arn)
	r.rank = p.recents.RankKey(r.key, now)
	return r
}

// checkOnScreen reads the trust policy of the roles on screen not asked about yet: ListRoles
// carries no trust policy, so each check is a GetRole, and a large account must cost the
// calls for what a person can see, not one per role. Moving and filtering bring more in.
func (p *switchPicker) checkOnScreen() tea.Cmd {
	var cmds []tea.Cmd
	for _, vis := range p.table.OnScreen() {
		if r, ok := p.rows[vis.id()]; ok && r.asked != p.seq {
			cmds = append(cmds, p.loadTarget(r, p.listed[vis.id()]))
		}
	}
	return tea.Batch(cmds...)
}

// FilterChanged checks the roles the new filter brings on screen.
func (p *switchPicker) FilterChanged() tea.Cmd { return p.checkOnScreen() }

func (p *switchPicker) row(arn assume.RoleARN) *pickRow {
	if r, ok := p.rows[arn.String()]; ok {
		return r
	}
	r := &pickRow{arn: arn, key: arn.String(), target: switchTarget{arn: arn}}
	p.rows[r.key] = r
	return r
}

// diagnoseAll runs the doctor again for every role read so far (the caller's policies decide
// for all of them). Only those rows change, and other accounts' roles, whose ROLE cell names
// their account once the caller's is known: not every row of a big account made again.
func (p *switchPicker) diagnoseAll() {
	var rows []pickRow
	for _, r := range p.rows {
		if r.target.loaded || r.arn.AccountID != p.caller.id.AccountID {
			p.diagnose(r)
			rows = append(rows, *r)
		}
	}
	p.table.Upsert(rows...)
}

// diagnose runs the doctor once both the caller and the role are known. Pure computation.
func (p *switchPicker) diagnose(r *pickRow) {
	if !p.haveCal || !r.target.loaded {
		return
	}
	if p.caller.err != nil || r.target.err != nil {
		r.state = pickUnknown
		return
	}
	r.diag = assume.Diagnose(p.caller.caller, r.target.target, "")
	switch {
	case !r.diag.Assumable:
		r.state = pickNo
	case r.diag.Unknown:
		r.state = pickUnknown
	default:
		r.state = pickYes
	}
}

func (p *switchPicker) toggleFavourite(r pickRow) tea.Cmd {
	fav := !p.recents.Favourite(r.id())
	u := p.recents[r.id()]
	u.Favourite = fav
	p.recents[r.id()] = u
	if row, ok := p.rows[r.id()]; ok {
		p.table.Upsert(*p.relist(row.arn, p.D.CurrentTime())) // it moves
	}
	dirs, arn := p.cfg.dirs(), r.id()
	text := "Pinned " + r.arn.RoleName + " to the top"
	if !fav {
		text = "Unpinned " + r.arn.RoleName
	}
	return tea.Batch(
		screen.Call(p.ID(), func() tea.Msg { return pickSavedMsg{err: dirs.SetFavouriteRole(arn, fav)} }),
		screen.Flash(text))
}

// typedARN opens the form for a role ARN the user typed (often another account's role).
func (p *switchPicker) typedARN(text string) tea.Cmd {
	arn, err := assume.ParseRoleARN(text)
	if err != nil {
		return screen.FlashError(err.Error())
	}
	r := p.relist(arn, p.D.CurrentTime())
	p.table.Upsert(*r)
	p.table.SelectID(r.id())
	return tea.Batch(p.loadTarget(r, false), screen.Push(p.form(*r)))
}

func (p *switchPicker) View() string {
	if p.W <= 0 || p.H <= 0 {
		return ""
	}
	th := p.D.Theme
	var detail1, detail2 string
	if r, ok := p.table.Current(); ok {
		detail1 = th.Label.Render("ARN ") + r.arn.String()
		switch {
		case r.state == pickNo || r.state == pickUnknown:
			why := r.diag.Summary()
			if why == "" && r.target.err != nil {
				why = kit.ErrLine(r.target.err)
			}
			if why == "" && p.caller.err != nil {
				why = "who the caller is could not be read: " + kit.ErrLine(p.caller.err)
			}
			detail2 = th.Warn.Render("why: "+why) + th.Dim.Render("  (d: doctor)")
		case r.state == pickYes:
			detail2 = th.Success.Render("assumable") + th.Dim.Render("  (enter: switch)")
		default:
			detail2 = th.Dim.Render("checking…")
		}
	}
	out := p.table.View()
	if p.H >= 3 {
		out += "\n" + components.Truncate(detail1, p.W) + "\n" + components.Truncate(detail2, p.W)
	}
	return out
}

func (p *switchPicker) emptyText() string {
	if p.listErr != nil && !kit.Canceled(p.listErr) {
		return "Cannot list roles: " + errCode(p.listErr) + ". Press i to type a role ARN."
	}
	return "No roles. Press i to type a role ARN."
}
