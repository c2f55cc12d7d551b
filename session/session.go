// Package session owns who ramtui talks to RAM as: the client signed in at start-up and its
// identity, the role the user may be browsing the account as (with its renewal and expiry
// timers), and the first users page fetched while signing in.
//
// How messages reach it: the session is a handler the root (ui.Options.Handlers) offers every
// message it does not handle itself, before the top screen. Screens ask for a change by
// returning one of the typed messages below (SignedInMsg, BrowseAsMsg, RenewMsg, OriginalMsg);
// the session's own timers and calls come back the same way. Nothing above it unwraps or
// intercepts messages, and screens never write the client: they read it with Client().
//
// Every change happens in Handle, on the event loop. Client is also safe from a command
// goroutine (it is an atomic load): a screen may capture it at any time.
package session

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
)

// ExpiryWarning is how long before a browsed role session ends the user is told (and offered
// :renew): long enough to finish a look, short enough not to nag.
const ExpiryWarning = 5 * time.Minute

// Session is the one owner of the client the screens use. The zero value is not signed in.
type Session struct {
	// Now is the clock for the expiry timers; nil = time.Now. Tests fix it.
	Now func() time.Time

	client   atomic.Pointer[ramclient.Client] // the client every new screen uses
	identity string                           // the signed-in identity (ARN), for the header
	id       ramclient.CallerIdentity         // the same, whole
	profile  string                           // the header's word for the credentials' source
	source   string                           // SignedInMsg.Source: the start-up account's name in flashes
	alias    string                           // the account alias, once known

	// While browsing as a role: the client signed in with, the assumed-role ARN, how to get
	// fresh credentials. orig is nil otherwise.
	orig     *ramclient.Client
	browsing string
	renew    func(context.Context) (ramclient.STSCredentials, error)
	gen      int // invalidates the timers and renewals of an earlier role session

	firstUsers atomic.Pointer[prefetchedUsers]

	// The account entry in use (:profile) and the one before it, one key away; switches counts
	// the switches, so a late alias of an account left does nothing.
	cur, prev *entry
	switches  int
	held      []RoleSession // roles browsed as this run, which :profile lists as accounts
}

// RoleSession is a role assumed and browsed as during this run: :profile lists it as an
// account ("account A via role R") and can switch the whole session to it, renewing it as
// it nears its end.
type RoleSession struct {
	RoleARN  string
	Identity string // the assumed-role ARN
	Client   *ramclient.Client
	Renew    func(context.Context) (ramclient.STSCredentials, error)
}

// entry is one account the whole session was switched to: a profile, or a role held as an
// account. key names it for the root's stash of screens.
type entry struct {
	key, profile string
	source       string // as :profile lists it, for flashes ("": profile)
	client       *ramclient.Client
	id           ramclient.CallerIdentity
	alias        string
}

// New returns a session already signed in with c (tests, and callers that sign in
// themselves); identity may be "".
func New(c *ramclient.Client, identity string) *Session {
	s := &Session{identity: identity}
	s.client.Store(c)
	return s
}

type prefetchedUsers struct {
	client *ramclient.Client
	page   ramclient.Page[ramclient.User]
}

// Client is the client screens use now: the signed-in one, or the role's while browsing as a
// role. A screen captures it when it is built, so screens already open keep theirs.
func (s *Session) Client() *ramclient.Client { return s.client.Load() }

// Identity is the signed-in identity's ARN ("" before sign-in).
func (s *Session) Identity() string { return s.identity }

// Browsing is the assumed-role ARN being browsed as, "" when not browsing as a role.
func (s *Session) Browsing() string { return s.browsing }

// TakeFirstUsers hands out the users page fetched at sign-in, once, if it was fetched by c
// (a list opened as another identity must not show it). Safe from a command goroutine.
func (s *Session) TakeFirstUsers(c *ramclient.Client) (ramclient.Page[ramclient.User], bool) {
	p := s.firstUsers.Swap(nil)
	if p == nil || p.client != c {
		return ramclient.Page[ramclient.User]{}, false
	}
	return p.page, true
}

func (s *Session) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// SignedInMsg (from the sign-in screen): c works and belongs to ID. FirstUsers, when set, is
// the first ListUsers page c fetched alongside. The session answers with the header and
// screen.StartedMsg, in that order, so the lists are built with the client.
type SignedInMsg struct {
	Client  *ramclient.Client
	ID      ramclient.CallerIdentity
	Profile string // where the credentials came from, in a word, for the header
	// Source names the credentials as :profile lists them ("profile acme"), for the flashes
	// of a switch ("" : Profile): one name for an account before and after a :profile switch.
	Source     string
	FirstUsers *ramclient.Page[ramclient.User]
}

// BrowseAsMsg asks to browse the account as an assumed role: Client is signed with the role
// session's credentials and shares the original client's call log.
type BrowseAsMsg struct {
	Client     *ramclient.Client
	Identity   string    // the assumed-role ARN, for the header
	RoleARN    string    // the role's ARN
	Expiration time.Time // when Client stops working
	// Renew assumes the role again, with the original identity and the same inputs.
	Renew func(context.Context) (ramclient.STSCredentials, error)
}

// SwitchMsg asks to switch the whole session to another account (:profile): Client works and
// belongs to ID. Every tab reopens on it; the screens of the account left are put aside, so
// PreviousMsg brings them back as they were. Key names the entry (a profile's name, a role
// session's ARN); Profile is the header's word for where the credentials came from.
type SwitchMsg struct {
	Key, Profile string
	Client       *ramclient.Client
	ID           ramclient.CallerIdentity
	Alias        string // the account alias when known
}

// PreviousMsg asks to switch back to the account in use before the last SwitchMsg.
type PreviousMsg struct{}

// Current is the key of the account entry in use ("" until a SwitchMsg), and the previous one's.
func (s *Session) Current() (cur, prev string) {
	if s.cur != nil {
		cur = s.cur.key
	}
	if s.prev != nil {
		prev = s.prev.key
	}
	return cur, prev
}

// RenewMsg asks to renew the role session being browsed as (`:renew`).
type RenewMsg struct{}

// OriginalMsg asks to return to the identity ramtui signed in with (`:original`).
type OriginalMsg struct{}

// The session's own timers and calls.
type (
	expiredMsg  struct{ gen int }
	expiringMsg struct {
		gen int
		at  time.Time
	}
	renewedMsg struct {
		gen   int
		creds ramclient.STSCredentials
		err   error
	}
)

// Handle acts on the session's messages and reports whether msg was one.
func (s *Session) Handle(msg tea.Msg) (bool, tea.Cmd) {
	switch m := msg.(type) {
	case SignedInMsg:
		return true, s.signedIn(m)
	case BrowseAsMsg:
		return true, s.browseAs(m)
	case SwitchMsg:
		return true, s.switchTo(&entry{key: m.Key, profile: m.Profile, client: m.Client, id: m.ID, alias: m.Alias})
	case PreviousMsg:
		if s.prev == nil {
			return true, screen.Flash("No previous account: :profile switches to another")
		}
		return true, s.switchTo(s.prev)
	case aliasMsg:
		if m.browsed {
			if m.gen != s.gen || s.orig == nil {
				return true, nil // no longer browsing as that role session
			}
			return true, screen.Cmd(screen.HeaderMsg{AccountAlias: m.alias})
		}
		if m.gen != s.switches {
			return true, nil // another account since
		}
		s.alias = m.alias
		if s.cur != nil {
			s.cur.alias = m.alias
		}
		return true, screen.Cmd(screen.HeaderMsg{AccountAlias: m.alias})
	case RenewMsg:
		if s.orig == nil || s.renew == nil {
			return true, screen.Flash("Not browsing as a role: nothing to renew")
		}
		gen, renew := s.gen, s.renew
		return true, screen.Call(0, func() tea.Msg {
			creds, err := renew(context.Background())
			return renewedMsg{gen: gen, creds: creds, err: err}
		})
	case renewedMsg:
		return true, s.renewed(m)
	case OriginalMsg:
		if s.orig == nil {
			return true, screen.Flash("Not browsing as a role: you are " + s.identity)
		}
		return true, where(screen.Info, "Back to "+s.identity, s.backToOriginal())
	case expiringMsg:
		if m.gen != s.gen || s.orig == nil {
			return true, nil
		}
		return true, screen.FlashError("The role session ends at " + clock(m.at) + ": :renew extends it, :original goes back")
	case expiredMsg:
		if m.gen != s.gen || s.orig == nil {
			return true, nil
		}
		return true, where(screen.Error, "The role session expired; back to "+s.identity, s.backToOriginal())
	}
	return false, nil
}

func (s *Session) signedIn(m SignedInMsg) tea.Cmd {
	// No screen that reads the client exists yet: the lists are built on StartedMsg below.
	s.client.Store(m.Client)
	s.identity, s.orig, s.browsing, s.renew = m.ID.Arn, nil, "", nil
	s.id, s.profile, s.source = m.ID, m.Profile, m.Source
	s.gen++
	if m.FirstUsers != nil {
		s.firstUsers.Store(&prefetchedUsers{client: m.Client, page: *m.FirstUsers})
	}
	return tea.Batch(
		tea.Sequence(screen.Cmd(screen.HeaderMsg{AccountID: m.ID.AccountID, Identity: m.ID.Arn, Profile: m.Profile}),
			screen.Cmd(screen.StartedMsg{})),
		s.fetchAlias(m.Client, false),
	)
}

// switchTo makes e the account in use; the one left becomes the previous. A role being
// browsed as ends first (its screens are closed, not put aside).
func (s *Session) switchTo(e *entry) tea.Cmd {
	left := s.cur
	if left == nil { // the account signed in with at start-up
		left = &entry{key: "", profile: s.profile, source: s.source, client: s.Client(), id: s.id, alias: s.alias}
	}
	stash := left.key
	if s.orig != nil {
		left.client, stash = s.orig, "\x00browsing" // never restored: the role's screens go
	}
	s.prev, s.cur = left, e
	s.client.Store(e.client)
	s.identity, s.id, s.profile, s.alias = e.id.Arn, e.id, e.profile, e.alias
	s.orig, s.browsing, s.renew = nil, "", nil
	s.gen++
	s.switches++
	cmds := []tea.Cmd{
		screen.Cmd(screen.HeaderMsg{NewAccount: true, AccountID: e.id.AccountID, Identity: e.id.Arn, AccountAlias: e.alias, Profile: e.profile}),
		screen.Cmd(screen.SwapTabsMsg{Stash: stash, Restore: e.key}),
	}
	if e.alias == "" {
		cmds = append(cmds, s.fetchAlias(e.client, false))
	}
	// Short enough for 80 columns: the header says the rest (identity, profile).
	return where(screen.Info, "Now on "+describe(e)+"; :previous goes back to "+accountName(left), cmds...)
}

// where is a switch's commands after the flash that says where the user is now: first, so
// the new lists' answers (a NoPermission) come after it and wait for it (screen.FlashWhere).
func where(level screen.Level, text string, cmds ...tea.Cmd) tea.Cmd {
	return tea.Sequence(screen.FlashWhere(level, text), tea.Batch(cmds...))
}

// describe names an entry for a flash: its alias or account id, and where it came from.
func describe(e *entry) string {
	src := e.source
	if src == "" {
		src = e.profile
	}
	if src == "" {
		return accountName(e)
	}
	return accountName(e) + " (" + src + ")"
}

// accountName is an entry's account alias, else its id.
func accountName(e *entry) string {
	if e.alias != "" {
		return e.alias
	}
	return e.id.AccountID
}

// aliasMsg is an account's alias for the header. browsed: the account a role of another
// account acts in, gen then being the role session it was asked for (s.gen); else the account
// switched to, gen being s.switches.
type aliasMsg struct {
	gen     int
	browsed bool
	alias   string
}

// fetchAlias reads the account alias for the header, tagged so a late answer for an account
// (or a role session) left meanwhile does nothing.
func (s *Session) fetchAlias(c *ramclient.Client, browsed bool) tea.Cmd {
	gen := s.switches
	if browsed {
		gen = s.gen
	}
	return screen.Call(0, func() tea.Msg {
		a, err := c.AccountAlias(context.Background())
		if err != nil || a == "" {
			return nil // e.g. no ram:GetAccountAlias permission: the account id suffices
		}
		return aliasMsg{gen: gen, browsed: browsed, alias: a}
	})
}

// RoleSessions are the roles browsed as during this run, the latest of each role.
func (s *Session) RoleSessions() []RoleSession { return append([]RoleSession(nil), s.held...) }

func (s *Session) browseAs(m BrowseAsMsg) tea.Cmd {
	held := RoleSession{RoleARN: m.RoleARN, Identity: m.Identity, Client: m.Client, Renew: m.Renew}
	s.held = slices.DeleteFunc(s.held, func(r RoleSession) bool { return r.RoleARN == m.RoleARN })
	s.held = append(s.held, held)
	if s.orig == nil {
		s.orig = s.Client()
	}
	s.client.Store(m.Client)
	s.browsing, s.renew = m.Identity, m.Renew
	s.gen++
	// The header (and so every confirmation) names the account the role acts in: another
	// account's role changes that account, not the one signed in to.
	hdr, aliasCmd := s.header(), tea.Cmd(nil)
	if acct := roleAccount(m.RoleARN); acct != "" && s.id.AccountID != "" {
		alias := s.alias
		if acct != s.id.AccountID {
			alias, aliasCmd = "", s.fetchAlias(m.Client, true)
		}
		hdr = screen.Cmd(screen.HeaderMsg{NewAccount: true, AccountID: acct, AccountAlias: alias, Identity: m.Identity})
	}
	cmds := append(s.timers(m.Expiration), hdr, screen.Cmd(screen.ResetTabsMsg{}), aliasCmd)
	return where(screen.Info, "Browsing as "+m.Identity+"; :renew extends the session, :original goes back", cmds...)
}

// roleAccount is the account of a role ARN (acs:ram::ACCOUNT:role/NAME), "" if it is not one.
func roleAccount(arn string) string {
	rest, ok := strings.CutPrefix(arn, "acs:ram::")
	if !ok {
		return ""
	}
	acct, _, ok := strings.Cut(rest, ":role/")
	if !ok {
		return ""
	}
	return acct
}

func (s *Session) renewed(m renewedMsg) tea.Cmd {
	if m.gen != s.gen || s.orig == nil {
		return nil // went back to the original identity meanwhile
	}
	if m.err == nil {
		// The same client, new credentials: every open screen keeps working.
		m.err = s.Client().SetCredentials(m.creds.Credentials())
	}
	if m.err != nil {
		return screen.FlashError("Renew failed: " + m.err.Error())
	}
	s.gen++ // the old session's timers no longer apply
	cmds := append(s.timers(m.creds.Expiration), s.header(),
		screen.Flash("Renewed: the session now lasts until "+clock(m.creds.Expiration)))
	return tea.Batch(cmds...)
}

func (s *Session) backToOriginal() tea.Cmd {
	s.client.Store(s.orig)
	s.orig, s.browsing, s.renew = nil, "", nil
	s.gen++
	hdr := screen.HeaderMsg{Identity: s.identity}
	if s.id.AccountID != "" { // after a role of another account: its account no longer shows
		hdr = screen.HeaderMsg{NewAccount: true, AccountID: s.id.AccountID, AccountAlias: s.alias, Identity: s.identity}
	}
	return tea.Batch(screen.Cmd(hdr), screen.Cmd(screen.ResetTabsMsg{}))
}

// tick is tea.Tick; tests replace it to see the timers without waiting for them.
var tick = tea.Tick

// timers schedule the warning and the end of the browsed role session.
func (s *Session) timers(exp time.Time) []tea.Cmd {
	if exp.IsZero() {
		return nil
	}
	gen, left := s.gen, exp.Sub(s.now())
	cmds := []tea.Cmd{tick(left, func(time.Time) tea.Msg { return expiredMsg{gen} })}
	if left > ExpiryWarning {
		cmds = append(cmds, tick(left-ExpiryWarning, func(time.Time) tea.Msg { return expiringMsg{gen, exp} }))
	}
	return cmds
}

// header names the role being browsed as; when it ends, the header reads from Credentials
// (a line of its own there, so a long ARN never cuts it off).
func (s *Session) header() tea.Cmd {
	return screen.Cmd(screen.HeaderMsg{Identity: s.browsing})
}

// SignedInWith reports whether AccessKey keyID is one ramtui signs in with: the key of the
// client in use or of the identity signed in with (while browsing as a role), or the key a
// role profile's sessions are assumed with. Deleting or deactivating it signs ramtui out.
func (s *Session) SignedInWith(keyID string) bool {
	if keyID == "" {
		return false
	}
	for _, c := range []*ramclient.Client{s.Client(), s.orig} {
		if c == nil {
			continue
		}
		if cr := c.Credentials(); cr.AccessKeyID == keyID || cr.SourceKeyID == keyID {
			return true
		}
	}
	return false
}

// Credentials says what the client in use signs with, for the header: the source in a few
// words, when the credentials stop working (zero: no known end) and whether the client renews
// them before then. It reads the client at the moment asked, so a renewal behind the screens
// shows at the next frame. Safe from any goroutine.
func (s *Session) Credentials() (label string, until time.Time, renews bool) {
	c := s.Client()
	if c == nil {
		return "", time.Time{}, false
	}
	cr := c.Credentials()
	return cr.Label, cr.Expiration, cr.Refreshable()
}

func clock(t time.Time) string { return t.Local().Format("15:04") }
