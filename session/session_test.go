package session

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ramsim/account"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
)

var testNow = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

func init() { time.Local = time.UTC }

// timer is a tick the session scheduled, captured instead of waited for.
type timer struct {
	after time.Duration
	fire  func(time.Time) tea.Msg
}

type env struct {
	t      *testing.T
	sim    *ramsim.Running
	s      *Session
	timers []timer
}

// newEnv signs a session in to a demo simulator as ops-admin (who may assume ops-readonly),
// through the session's own SignedInMsg.
func newEnv(t *testing.T) *env {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo", Clock: func() time.Time { return testNow }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	e := &env{t: t, sim: sim, s: &Session{Now: func() time.Time { return testNow }}}
	old := tick
	tick = func(d time.Duration, f func(time.Time) tea.Msg) tea.Cmd {
		e.timers = append(e.timers, timer{d, f})
		return nil
	}
	t.Cleanup(func() { tick = old })
	c := e.client("ops-admin")
	id, err := c.CallerIdentity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	e.handle(SignedInMsg{Client: c, ID: id})
	return e
}

// client signs in as a user of the demo account, or as its root for "".
func (e *env) client(user string) *ramclient.Client {
	e.t.Helper()
	id, secret := e.sim.Account().RootKey()
	if user != "" {
		var err error
		if id, secret, err = e.sim.Account().IssueAccessKey(user); err != nil {
			e.t.Fatal(err)
		}
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: e.sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: "test"}})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(c.Close)
	return c
}

// handle gives msg to the session like the root does and returns every message its answer
// produces, following calls addressed to the root back into the session.
func (e *env) handle(msg tea.Msg) []tea.Msg {
	e.t.Helper()
	ok, cmd := e.s.Handle(msg)
	if !ok {
		e.t.Fatalf("the session did not take %T", msg)
	}
	return e.follow(cmd)
}

func (e *env) follow(cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	for _, m := range screentest.Collect(cmd) {
		if r, ok := m.(screen.Result); ok && r.To == 0 && r.Msg != nil {
			if own, c := e.s.Handle(r.Msg); own {
				out = append(out, e.follow(c)...)
				continue
			}
			m = r.Msg
		}
		out = append(out, m)
	}
	return out
}

// browse assumes ops-readonly as the signed-in identity and browses as it.
func (e *env) browse() []tea.Msg {
	e.t.Helper()
	orig := e.s.Client()
	in := ramclient.AssumeRoleInput{RoleArn: "acs:ram::" + e.sim.Account().ID() + ":role/ops-readonly", SessionName: "ops-admin"}
	creds, err := orig.AssumeRole(context.Background(), in)
	if err != nil {
		e.t.Fatal(err)
	}
	rc, err := ramclient.New(ramclient.Options{Endpoint: e.sim.Endpoint, Credentials: creds.Credentials(), CallLog: orig.Log()})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(rc.Close)
	return e.handle(BrowseAsMsg{Client: rc, Identity: creds.AssumedRoleArn, RoleARN: in.RoleArn, Expiration: creds.Expiration,
		Renew: func(ctx context.Context) (ramclient.STSCredentials, error) { return orig.AssumeRole(ctx, in) }})
}

func flashes(msgs []tea.Msg) string {
	var out []string
	for _, m := range msgs {
		if f, ok := m.(screen.FlashMsg); ok {
			out = append(out, f.Text)
		}
	}
	return strings.Join(out, " | ")
}

func headers(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		if h, ok := m.(screen.HeaderMsg); ok && h.Identity != "" {
			out = append(out, h.Identity)
		}
	}
	return out
}

func has[T any](msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(T); ok {
			return true
		}
	}
	return false
}

// The lists are built on StartedMsg: the header and the client must be in place before it.
func TestSignedInHandsOverInOrder(t *testing.T) {
	e := newEnv(t)
	c := e.client("")
	id, _ := c.CallerIdentity(context.Background())
	page := ramclient.Page[ramclient.User]{Items: []ramclient.User{{UserName: "zhang.wei"}}}
	msgs := e.handle(SignedInMsg{Client: c, ID: id, Profile: "demo", FirstUsers: &page})
	if e.s.Client() != c || e.s.Identity() != id.Arn {
		t.Fatalf("client %p (want %p), identity %q", e.s.Client(), c, e.s.Identity())
	}
	var order []string
	for _, m := range msgs {
		switch m := m.(type) {
		case screen.HeaderMsg:
			if m.Identity != "" {
				order = append(order, "header")
			}
		case screen.StartedMsg:
			order = append(order, "started")
		}
	}
	if strings.Join(order, ",") != "header,started" {
		t.Fatalf("order %v", order)
	}
	// The prefetched page goes once, and only to the client that fetched it.
	if _, ok := e.s.TakeFirstUsers(e.client("zhang.wei")); ok {
		t.Fatal("another client got the sign-in page")
	}
	e.handle(SignedInMsg{Client: c, ID: id, FirstUsers: &page})
	if p, ok := e.s.TakeFirstUsers(c); !ok || p.Items[0].UserName != "zhang.wei" {
		t.Fatalf("first take: %v %v", ok, p)
	}
	if _, ok := e.s.TakeFirstUsers(c); ok {
		t.Fatal("the page was handed out twice")
	}
}

func TestBrowseAsThenOriginal(t *testing.T) {
	e := newEnv(t)
	orig, me := e.s.Client(), e.s.Identity()
	msgs := e.browse()
	if e.s.Client() == orig || !strings.HasSuffix(e.s.Browsing(), ":role/ops-readonly/ops-admin") {
		t.Fatalf("not browsing: client swapped %v, browsing %q", e.s.Client() != orig, e.s.Browsing())
	}
	if h := headers(msgs); len(h) != 1 || !strings.HasSuffix(h[0], "role/ops-readonly/ops-admin") {
		t.Errorf("header %v", h)
	}
	// The end of the role session is the header's own item, read from the client in use.
	if label, until, renews := e.s.Credentials(); label != "role session" || until.IsZero() || renews {
		t.Errorf("credentials for the header: %q %v %v", label, until, renews)
	}
	if !has[screen.ResetTabsMsg](msgs) || !strings.Contains(flashes(msgs), ":original goes back") {
		t.Errorf("browse answered %v", msgs)
	}
	whereFirst(t, msgs)
	// The role's client really is the role: ReadOnlyAccess may list but not create.
	if _, err := e.s.Client().ListUsersPage(context.Background(), ""); err != nil {
		t.Fatalf("as the role: %v", err)
	}

	msgs = e.handle(OriginalMsg{})
	if e.s.Client() != orig || e.s.Browsing() != "" {
		t.Fatal("the original client is not back")
	}
	if h := headers(msgs); len(h) != 1 || h[0] != me || !has[screen.ResetTabsMsg](msgs) || flashes(msgs) != "Back to "+me {
		t.Errorf("original answered %v", msgs)
	}
	whereFirst(t, msgs)
	if f := flashes(e.handle(OriginalMsg{})); f != "Not browsing as a role: you are "+me {
		t.Errorf("second :original: %q", f)
	}
	if f := flashes(e.handle(RenewMsg{})); f != "Not browsing as a role: nothing to renew" {
		t.Errorf(":renew when not browsing: %q", f)
	}
}

// whereFirst checks that a switch's flash comes before the tabs reload, marked to hold the
// footer (screen.FlashWhere): the new lists' errors hid it at once.
func whereFirst(t *testing.T, msgs []tea.Msg) {
	t.Helper()
	if f, ok := msgs[0].(screen.FlashMsg); !ok || !f.Hold {
		t.Errorf("the switch's first message is not the flash saying where the user is: %#v", msgs)
	}
}

// Five minutes before the role session ends the user is warned; at the end ramtui goes back
// to the original identity. Timers of an earlier session do nothing.
func TestExpiryWarningAndEnd(t *testing.T) {
	e := newEnv(t)
	orig := e.s.Client()
	e.browse()
	if len(e.timers) != 2 || e.timers[0].after != time.Hour || e.timers[1].after != time.Hour-ExpiryWarning {
		t.Fatalf("timers %v", e.timers)
	}
	end, warn := e.timers[0].fire(testNow), e.timers[1].fire(testNow)
	if f := flashes(e.handle(warn)); f != "The role session ends at 10:00: :renew extends it, :original goes back" {
		t.Errorf("warning %q", f)
	}
	msgs := e.handle(end)
	if e.s.Client() != orig || !strings.Contains(flashes(msgs), "The role session expired; back to ") {
		t.Fatalf("at the end: original back %v, %v", e.s.Client() == orig, msgs)
	}

	// A new role session: the old one's timers must not end it.
	e.timers = nil
	e.browse()
	if msgs := e.handle(end); len(msgs) != 0 || e.s.Client() == orig {
		t.Fatalf("a stale timer acted: %v", msgs)
	}
}

// :renew assumes the role again and puts the new credentials into the same client, so every
// screen already open keeps working; the expiry timers move.
func TestRenewKeepsTheClient(t *testing.T) {
	e := newEnv(t)
	e.browse()
	rc := e.s.Client()
	before := rc.Credentials().AccessKeyID
	e.timers = nil
	msgs := e.handle(RenewMsg{})
	if e.s.Client() != rc || rc.Credentials().AccessKeyID == before {
		t.Fatalf("renew: same client %v, new key %v", e.s.Client() == rc, rc.Credentials().AccessKeyID != before)
	}
	if !strings.Contains(flashes(msgs), "Renewed: the session now lasts until 10:00") || len(e.timers) != 2 {
		t.Fatalf("renew answered %v, timers %v", msgs, e.timers)
	}
	if _, err := rc.ListUsersPage(context.Background(), ""); err != nil {
		t.Fatalf("the renewed client: %v", err)
	}

	// A renewal that lands after :original is dropped.
	_, cmd := e.s.Handle(RenewMsg{})
	e.handle(OriginalMsg{})
	for _, m := range screentest.Collect(cmd) {
		if r, ok := m.(screen.Result); ok {
			if _, c := e.s.Handle(r.Msg); c != nil || e.s.Browsing() != "" {
				t.Fatal("a late renewal acted after :original")
			}
		}
	}
}

// shownHeader applies the header messages in msgs to h the way the root does.
func shownHeader(h screen.HeaderMsg, msgs []tea.Msg) screen.HeaderMsg {
	for _, m := range msgs {
		hm, ok := m.(screen.HeaderMsg)
		if !ok {
			continue
		}
		if hm.NewAccount {
			h.AccountAlias, h.AccountID, h.Identity = hm.AccountAlias, hm.AccountID, hm.Identity
		}
		if hm.AccountAlias != "" {
			h.AccountAlias = hm.AccountAlias
		}
		if hm.AccountID != "" {
			h.AccountID = hm.AccountID
		}
		if hm.Identity != "" {
			h.Identity = hm.Identity
		}
	}
	return h
}

// Browsing as a role of another account, the header names the account the role acts in (and
// so does every confirmation of a change, which the root takes from the header); :original
// names the account signed in to again, with its alias.
func TestBrowseAsAnotherAccountsRoleNamesThatAccount(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	demo := e.sim.Account().ID()
	id, secret, err := e.sim.AccountByID(account.PartnerAccountID).IssueAccessKey("vendor-admin")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: e.sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cid, err := c.CallerIdentity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h := shownHeader(screen.HeaderMsg{}, e.handle(SignedInMsg{Client: c, ID: cid}))
	if h.AccountID != account.PartnerAccountID || h.AccountAlias != "partner" {
		t.Fatalf("signed in: header %+v", h)
	}
	in := ramclient.AssumeRoleInput{RoleArn: "acs:ram::" + demo + ":role/vendor-monitoring", SessionName: "vendor-admin",
		ExternalID: account.PartnerExternalID}
	creds, err := c.AssumeRole(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := ramclient.New(ramclient.Options{Endpoint: e.sim.Endpoint, Credentials: creds.Credentials(), CallLog: c.Log()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rc.Close)
	h = shownHeader(h, e.handle(BrowseAsMsg{Client: rc, Identity: creds.AssumedRoleArn, RoleARN: in.RoleArn, Expiration: creds.Expiration,
		Renew: func(ctx context.Context) (ramclient.STSCredentials, error) { return c.AssumeRole(ctx, in) }}))
	if h.AccountID != demo || h.AccountAlias == "partner" || h.Identity != creds.AssumedRoleArn {
		t.Fatalf("browsing as %s the header says %+v", in.RoleArn, h)
	}
	h = shownHeader(h, e.handle(OriginalMsg{}))
	if h.AccountID != account.PartnerAccountID || h.AccountAlias != "partner" || h.Identity != cid.Arn {
		t.Fatalf("back to the original: header %+v", h)
	}
}
