// Package profiles is :profile (alias :ctx): every account the whole session can switch to --
// each aliyun CLI profile, each ~/.alibabacloud/credentials section, the --demo accounts, and
// every role browsed as during this run ("account A via role R"). Each row shows its mode,
// region, and the account id and alias it signs in to (remembered in the cache dir, then
// checked again in the background, rows on screen only, in parallel: a profile whose
// credentials fail is marked and never blocks the list). enter switches the whole session to a
// row; - goes back to the previous account with its screens as they were; f pins a favourite.
package profiles

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views/kit"
)

// Kinds of rows.
const (
	kindProfile     = "profile"     // ~/.aliyun/config.json
	kindCredentials = "credentials" // ~/.alibabacloud/credentials
	kindFixed       = "demo"        // kit.ProfilesConfig.Fixed
	kindRole        = "role"        // a role browsed as this run
)

// row is one account the session can switch to.
type row struct {
	key          string // kind + ":" + name; names the row in the caches and the session
	kind, name   string
	mode, region string
	acct, alias  string // as last seen (cache), then as checked
	arn          string // the identity it signs in as
	status       string // "" not checked yet, "ok", or why it fails
	fav, current bool
	role         session.RoleSession // kindRole
	fixed        kit.FixedProfile    // kindFixed
	client       *ramclient.Client   // made by the check, reused by enter
}

func (r row) failed() bool { return r.status != "" && r.status != "ok" }

// Open is the :profile screen.
func Open(d *kit.Deps) screen.Screen {
	t := accountsTable(d, false)
	s := &profilesScreen{d: d, browsing: d.Session.Browsing(), held: d.Session.RoleSessions()}
	s.cur, _ = d.Session.Current()
	if s.cur == "" && s.browsing == "" {
		s.startIdentity = d.Session.Identity()
	}
	s.List = kit.NewList(d, "Accounts", t, s.fetch)
	s.Narrow, s.NarrowBelow = accountsTable(d, true), narrowBelow
	s.Lazy = &kit.Lazy[row]{
		Missing: func(r row) bool { return r.status == "" },
		Fill:    s.check,
		Merge: func(fresh, known row) row {
			fresh.acct, fresh.alias, fresh.arn, fresh.status, fresh.client = known.acct, known.alias, known.arn, known.status, known.client
			fresh.current = fresh.current || known.current
			return fresh
		},
	}
	s.CopyRow = func(r row) (string, string) { return r.name, "profile name" }
	k := d.Keys
	onRow := func() bool { _, ok := s.Table.Current(); return ok }
	s.Actions = kit.Actions{
		{Key: k.List.Open, Help: "switch to it", When: onRow, Do: s.switchTo},
		{Key: previousKey, Help: "previous account", Do: Previous},
		{Key: k.Switch.Favourite, When: onRow, Do: s.toggleFavourite},
	}
	return s
}

// narrowBelow is the width under which MODE and REGION leave the table for the pane under it:
// at 80 columns, with them, every column was cut ("cn-ha…", "acme…", "work …").
const narrowBelow = 100

// accountsTable is the table of accounts, without MODE and REGION when narrow.
func accountsTable(d *kit.Deps, narrow bool) *components.Table[row] {
	th := d.Theme
	bad := func(r row) (lipgloss.Style, bool) { return th.Error, r.failed() }
	cols := []components.Column[row]{
		kit.Col(" ", 1, 1, func(r row) string {
			switch {
			case r.current:
				return "●"
			case r.fav:
				return "★"
			}
			return ""
		}),
		kit.Col("NAME", 8, 28, func(r row) string { return r.name }),
		kit.Col("SOURCE", 6, 11, func(r row) string { return r.kind }),
	}
	if !narrow {
		// MODE, REGION and ALIAS give way before NAME (a role session's name is long): the
		// pane under the table says them whole.
		cols = append(cols, aside("MODE", 4, 18, func(r row) string { return r.mode }),
			aside("REGION", 6, 14, func(r row) string { return r.region }))
	}
	cols = append(cols,
		// An account id is 16 digits, never cut: it is what tells two accounts apart.
		kit.Col("ACCOUNT", 16, 16, func(r row) string { return r.acct }),
		aside("ALIAS", 5, 20, func(r row) string { return r.alias }),
		// It gives way first on a narrow terminal: the pane under the table says it whole.
		components.Column[row]{Title: "STATUS", Min: 6, Flex: true, Style: bad, Cell: credentials})
	t := components.NewTable(th, d.Keys, func(r row) string { return r.key }, cols...)
	t.SetEmptyText("No profiles: `aliyun configure --profile NAME`, or sections in ~/.alibabacloud/credentials.")
	return t
}

// aside is a column that gives way to the names when the room is short (a prose column).
func aside(title string, min, max int, cell func(row) string) components.Column[row] {
	c := kit.Col(title, min, max, cell)
	c.Flex = true
	return c
}

// credentials says whether a row's credentials work.
func credentials(r row) string {
	switch {
	case r.status == "":
		return "checking…"
	case r.status == "ok" && r.kind == kindRole:
		return "work, renewed" // NAME and SOURCE say the role
	case r.status == "ok":
		return "work"
	}
	return "fail: " + r.status
}

// paneLines is the height of the pane under the table: the row under the cursor, whole.
const paneLines = 7

func (s *profilesScreen) SetSize(w, h int) {
	s.List.SetSize(w, max(3, h-paneLines))
	s.W, s.H = w, h
}

func (s *profilesScreen) View() string { return s.List.View() + "\n" + s.pane() }

// pane tells the row under the cursor in full, as columns cut on a narrow terminal cannot:
// where it comes from, the account and identity it signs in to, and why its credentials fail.
func (s *profilesScreen) pane() string {
	r, ok := s.Table.Current()
	if !ok || s.W <= 0 {
		return ""
	}
	th := s.d.Theme
	what := []string{r.kind + " " + r.name}
	if r.kind == kindRole {
		what = []string{"role session, " + via(r)}
	}
	for _, x := range []string{r.mode, r.region} {
		if x != "" {
			what = append(what, x)
		}
	}
	acct := "account not known yet"
	if r.acct != "" {
		acct = "account " + r.acct
		if r.alias != "" {
			acct += " (" + r.alias + ")"
		}
	}
	if r.arn != "" { // user/NAME: the account is said just before
		acct += " as " + strings.TrimPrefix(r.arn, "acs:ram::"+r.acct+":")
	}
	lines := []string{strings.Join(what, " · "), acct}
	cred := components.Wrap(safetext.Line("credentials "+credentials(r)), s.W)
	if len(cred) > paneLines-3 {
		cred = cred[:paneLines-3]
	}
	out := []string{""}
	for _, l := range lines {
		out = append(out, th.Dim.Render(components.Truncate(safetext.Line(l), s.W)))
	}
	style := th.Dim
	if r.failed() {
		style = th.Error
	}
	for _, l := range cred {
		out = append(out, style.Render(l))
	}
	return strings.Join(out, "\n")
}

// previousKey switches back to the previous account (also :previous).
var previousKey = key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "previous account"))

// Previous closes the list and switches back to the previous account (- here, :previous).
func Previous() tea.Cmd { return tea.Sequence(screen.Pop(), screen.Cmd(session.PreviousMsg{})) }

type profilesScreen struct {
	*kit.List[row]
	d *kit.Deps
	// startIdentity is the ARN signed in with at start-up while that account is in use, else
	// "": read from the session on the event loop when the screen is made, because check runs
	// in a command's goroutine and the session's fields are written on the event loop.
	startIdentity string
	// cur, browsing and held are the session's entry in use, the role session browsed as and
	// the role sessions held, read with startIdentity: while browsing as a role, that role's
	// session is where the user is, not the profile signed in with.
	cur, browsing string
	held          []session.RoleSession
}

type favSavedMsg struct{ err error }

func via(r row) string {
	if r.kind != kindRole {
		return ""
	}
	return "via role " + r.name
}

// fetch lists every account, favourites first, the one in use marked. It reads files only.
func (s *profilesScreen) fetch(context.Context, string) (ramclient.Page[row], error) {
	cfg, dirs := s.d.Profiles, s.d.Switch.Dirs
	known, _ := dirs.LoadKnownAccounts() // a damaged cache is a cache miss
	favs, _ := dirs.LoadFavouriteAccounts()
	cur := s.cur
	if s.browsing != "" {
		cur = "" // only the role session browsed as is in use
	}
	var rows []row
	add := func(kind, name, mode, region string) *row {
		r := row{key: kind + ":" + name, kind: kind, name: name, mode: mode, region: region}
		if k, ok := known[r.key]; ok {
			r.acct, r.alias, r.arn = k.AccountID, k.Alias, k.ARN
		}
		r.fav, r.current = favs[r.key], r.key == cur || cur == "" && r.arn != "" && r.arn == s.startIdentity
		rows = append(rows, r)
		return &rows[len(rows)-1]
	}
	for _, f := range cfg.Fixed {
		add(kindFixed, f.Name, f.Mode, f.Credentials.Region).fixed = f
	}
	var perr, serr error
	if !cfg.FixedOnly {
		var profiles, sections []ramclient.ProfileInfo
		profiles, perr = ramclient.ListProfiles(cfg.Home)
		for _, p := range profiles {
			add(kindProfile, p.Name, p.Mode, p.Region)
		}
		sections, serr = ramclient.ListCredentialSections(cfg.Home)
		for _, p := range sections {
			add(kindCredentials, p.Name, p.Mode, p.Region)
		}
	}
	for _, rs := range s.held {
		name, acct := roleOf(rs.RoleARN)
		r := add(kindRole, name, "STS", "") // temporary credentials, assumed again as they near their end
		r.key, r.acct, r.role = kindRole+":"+rs.RoleARN, acct, rs
		r.fav, r.current = favs[r.key], r.key == cur || s.browsing != "" && rs.Identity == s.browsing
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].fav && !rows[j].fav })
	err := perr
	if err == nil {
		err = serr
	}
	// A broken file is reported, and the other file's rows still show.
	if err != nil && len(rows) > 0 {
		return ramclient.Page[row]{Items: rows}, nil
	}
	return ramclient.Page[row]{Items: rows}, err
}

// roleOf splits acs:ram::ACCOUNT:role/NAME.
func roleOf(arn string) (name, acct string) {
	rest := strings.TrimPrefix(arn, "acs:ram::")
	acct, name, _ = strings.Cut(rest, ":role/")
	return name, acct
}

// connect signs in to a row: a client that works, and who it is.
func (s *profilesScreen) connect(ctx context.Context, r row) (*ramclient.Client, ramclient.CallerIdentity, error) {
	cfg := s.d.Profiles
	endpoint := s.d.Switch.Endpoint
	var creds ramclient.Credentials
	var err error
	opts := ramclient.CredentialOptions{HomeDir: cfg.Home, Endpoint: endpoint, Region: cfg.Region}
	var c *ramclient.Client
	switch r.kind {
	case kindRole:
		c = r.role.Client
		renew := r.role.Renew
		var again func(context.Context) (ramclient.Credentials, error)
		again = func(ctx context.Context) (ramclient.Credentials, error) {
			sc, err := renew(ctx)
			if err != nil {
				return ramclient.Credentials{}, err
			}
			return sc.Credentials().WithRefresh(again), nil
		}
		if renew != nil && !c.Credentials().Refreshable() {
			err = c.SetCredentials(c.Credentials().WithRefresh(again))
		}
	case kindFixed:
		creds = r.fixed.Credentials
	case kindProfile:
		opts.Profile = r.name
		creds, err = ramclient.ResolveCredentials(ctx, opts)
	case kindCredentials:
		creds, err = ramclient.ResolveCredentials(ctx, ramclient.CredentialSectionOptions(opts, r.name))
	}
	if err != nil {
		return nil, ramclient.CallerIdentity{}, err
	}
	if c == nil {
		region := cfg.Region
		if region == "" {
			region = creds.Region
		}
		// One call log for the whole run: :log shows every account's calls.
		c, err = ramclient.New(ramclient.Options{Endpoint: endpoint, Region: region, Credentials: creds,
			CallLog: s.d.Client().Log()})
		if err != nil {
			return nil, ramclient.CallerIdentity{}, err
		}
	}
	id, err := c.CallerIdentity(ctx)
	if err != nil {
		return nil, id, err
	}
	return c, id, nil
}

// check signs in to a row off the event loop and remembers what it is.
func (s *profilesScreen) check(ctx context.Context, r row) (row, bool) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	r, _, err := s.signIn(ctx, r)
	if kit.Canceled(err) && ctx.Err() != nil && !isTimeout(ctx) {
		return r, false
	}
	if err != nil {
		r.status = kit.ErrLine(err)
	}
	return r, true
}

// signIn signs in to a row and fills in what it learns, remembered for the next run: the
// client, the account, who, and the account's alias. A row's check and enter before the check
// has answered both sign in here, so the switch names the account alike either way.
func (s *profilesScreen) signIn(ctx context.Context, r row) (row, ramclient.CallerIdentity, error) {
	c, id, err := s.connect(ctx, r)
	if err != nil {
		return r, id, err
	}
	r.client, r.acct, r.arn, r.status = c, id.AccountID, id.Arn, "ok"
	if s.startIdentity != "" && r.arn == s.startIdentity {
		r.current = true // the account signed in with at start-up
	}
	if a, err := c.AccountAlias(ctx); err == nil {
		r.alias = a
	}
	_ = s.d.Switch.Dirs.RememberAccount(r.key, userdata.KnownAccount{AccountID: r.acct, Alias: r.alias, ARN: r.arn, Seen: s.d.CurrentTime()})
	return r, id, nil
}

func isTimeout(ctx context.Context) bool { return ctx.Err() == context.DeadlineExceeded }

// switchTo switches the whole session to the row under the cursor: at once with the client the
// check made, else after signing in.
func (s *profilesScreen) switchTo() tea.Cmd {
	r, ok := s.Table.Current()
	if !ok {
		return nil
	}
	// The role session browsed as is in use, but enter still makes it the session's account
	// (renewed as it nears its end; :previous comes back).
	if r.current && !(r.kind == kindRole && s.browsing != "") {
		return screen.Flash("Already on " + r.name)
	}
	if r.client != nil && r.status == "ok" {
		return tea.Sequence(screen.Pop(), screen.Cmd(switchMsg(r, ramclient.CallerIdentity{AccountID: r.acct, Arn: r.arn})))
	}
	ctx := s.Ctx
	return tea.Sequence(screen.Flash("Signing in to "+r.name+"…"), screen.Call(s.ID(), func() tea.Msg {
		r, id, err := s.signIn(ctx, r)
		if err != nil {
			return screen.FlashMsg{Level: screen.Error, Text: r.name + ": " + kit.ErrLine(err)}
		}
		return signedMsg{r: r, id: id}
	}))
}

type signedMsg struct {
	r  row
	id ramclient.CallerIdentity
}

func switchMsg(r row, id ramclient.CallerIdentity) session.SwitchMsg {
	label := r.kind + " " + r.name
	switch {
	case r.kind == kindRole:
		label = via(r)
	case r.kind == kindFixed && r.fixed.Credentials.Label != "":
		// Its own few words: the row's name already says the account ("partner
		// (vendor-admin)"), and the flash puts the label after the account's name.
		label = r.fixed.Credentials.Label
	}
	return session.SwitchMsg{Key: r.key, Profile: label, Client: r.client, ID: id, Alias: r.alias}
}

func (s *profilesScreen) toggleFavourite() tea.Cmd {
	r, ok := s.Table.Current()
	if !ok {
		return nil
	}
	r.fav = !r.fav
	s.Table.Upsert(r)
	dirs, key, fav := s.d.Switch.Dirs, r.key, r.fav
	return screen.Call(s.ID(), func() tea.Msg { return favSavedMsg{err: dirs.SetFavouriteAccount(key, fav)} })
}

func (s *profilesScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case signedMsg:
		return s, tea.Sequence(screen.Pop(), screen.Cmd(switchMsg(m.r, m.id)))
	case favSavedMsg:
		if m.err != nil {
			return s, screen.FlashError("Favourites not saved: " + m.err.Error())
		}
		return s, nil
	}
	_, cmd := s.List.Update(msg)
	return s, cmd
}
