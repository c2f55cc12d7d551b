package views

import (
	"context"
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// Connect resolves credentials and builds a client. It may take a while (a role profile calls
// STS, an External profile runs a process), so it runs off the event loop.
type Connect func(ctx context.Context) (*ramclient.Client, error)

// startupScreen is the first screen: it draws at once, signs in in the background (credentials,
// then GetCallerIdentity to prove they work), then hands over to the lists. When signing in
// fails it stays and says what was tried and how to fix it; r tries again, q quits.
type startupScreen struct {
	kit.Base
	seq     int // makes a stale sign-in (before r tried again) recognisable
	connect Connect
	where   string // endpoint, for messages
	err     error
	working bool
}

type signedInMsg struct {
	seq        int
	client     *ramclient.Client
	id         ramclient.CallerIdentity
	err        error
	firstUsers *ramclient.Page[ramclient.User] // fetched alongside the identity; nil if that failed
}

// NewStartup is the sign-in screen. where names the endpoint for the user ("ram.aliyuncs.com").
func NewStartup(d *Deps, where string, connect Connect) screen.Screen {
	return &startupScreen{Base: kit.NewBase(d), connect: connect, where: where}
}

func (s *startupScreen) Title() string    { return "Signing in" }
func (s *startupScreen) SetSize(w, h int) { s.W, s.H = w, h }
func (s *startupScreen) Init() tea.Cmd    { return s.start() }

func (s *startupScreen) start() tea.Cmd {
	s.seq++
	s.err, s.working = nil, true
	seq, ctx, connect, h := s.seq, s.Ctx, s.connect, s.H
	return screen.Call(s.ID(), func() tea.Msg {
		c, err := connect(ctx)
		if err != nil {
			return signedInMsg{seq: seq, err: err}
		}
		// The first users page travels alongside the identity check: the lists open with rows
		// after one round trip, not two. It is dropped if signing in fails.
		users := make(chan *ramclient.Page[ramclient.User], 1)
		// The Users tab fills two columns (GetUser, ListAccessKeys) for each row on screen
		// as soon as it shows this page: the client readies their connections meanwhile.
		c.Warm(2 * h)
		go func() {
			p, err := c.ListUsersPage(ctx, "")
			if err != nil {
				users <- nil
				return
			}
			users <- &p
		}()
		id, err := c.CallerIdentity(ctx)
		return signedInMsg{seq: seq, client: c, id: id, err: err, firstUsers: <-users}
	})
}

func (s *startupScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case signedInMsg:
		if msg.seq != s.seq {
			return s, nil
		}
		s.working = false
		if msg.err != nil {
			if !kit.Canceled(msg.err) {
				s.err = msg.err
			}
			return s, nil
		}
		// The session takes the client and identity, and hands over to the lists.
		return s, screen.Cmd(session.SignedInMsg{Client: msg.client, ID: msg.id,
			Profile: headerProfile(msg.client.Credentials()), Source: sourceName(msg.client.Credentials()), FirstUsers: msg.firstUsers})
	case tea.KeyMsg:
		cmd, _ := s.actions().Handle(msg, s.D.ReadOnly())
		return s, cmd
	}
	return s, nil
}

func (s *startupScreen) KeyMap() help.KeyMap { return s.actions().Help(s.D.ReadOnly()) }

// actions are the start-up screen's keys, declared once for dispatch and help: r tries again
// once signing in has failed.
func (s *startupScreen) actions() kit.Actions {
	return kit.Actions{
		{Key: s.D.Keys.List.Refresh, Help: "try again", When: func() bool { return s.err != nil }, Do: s.start},
	}
}

func (s *startupScreen) View() string {
	th := s.D.Theme
	if s.err == nil {
		return th.Dim.Render(components.Truncate("Signing in to "+s.where+"…", s.W))
	}
	var lines []string
	lines = append(lines, th.Error.Render("Cannot sign in to "+s.where), "")
	var ce *ramclient.CredentialsError
	listed := errors.As(s.err, &ce) && len(ce.Tried) > 0
	if listed {
		// The sources are listed below: said once, so the fixes and --demo fit at 80x24.
		lines = append(lines, components.Wrap(ce.Reason(), max(10, s.W))...)
	} else {
		lines = append(lines, components.Wrap(kit.ErrLine(s.err), max(10, s.W))...)
	}
	if listed {
		lines = append(lines, "", th.Title.Render("Credentials looked for, in order:"))
		for _, t := range ce.Tried {
			lines = append(lines, "  - "+t)
		}
	}
	lines = append(lines, "", th.Title.Render("How to fix it:"))
	for _, f := range fixes(s.err, s.where) {
		for i, l := range components.Wrap(f, max(10, s.W-4)) {
			if i == 0 {
				lines = append(lines, "  - "+l)
			} else {
				lines = append(lines, "    "+l) // continued under the fix's first word
			}
		}
	}
	lines = append(lines, "", th.Dim.Render("r tries again, q quits."))
	for i, l := range lines {
		lines[i] = components.Truncate(l, s.W)
	}
	return strings.Join(lines, "\n")
}

// fixes says what to do about a sign-in failure.
func fixes(err error, where string) []string {
	switch {
	case errors.Is(err, ramclient.ErrCredentials):
		return []string{
			"export ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or",
			"configure a profile with `aliyun configure` and pick it with --profile NAME, or",
			"write ~/.alibabacloud/credentials ([default] with access_key_id and access_key_secret).",
			"No account at hand? `ramtui --demo` runs on a built-in simulator.",
		}
	case errors.Is(err, ramclient.ErrUnreachable):
		return []string{
			"check that " + where + " is right (--endpoint) and reachable from here (network, proxy, firewall);",
			"for a local simulator, start it first: ramtui sim --listen 127.0.0.1:8787, then ramtui --endpoint 127.0.0.1:8787.",
		}
	case errors.Is(err, ramclient.ErrAuthFailed):
		return []string{
			"check the AccessKey id and secret (a key may be disabled or deleted in the console);",
			"STS credentials expire: get fresh ones, or use a long-term key.",
			"the computer's clock must be right (requests are signed with the time).",
		}
	case errors.Is(err, ramclient.ErrDenied):
		return []string{"these credentials may not call STS GetCallerIdentity; use a RAM user or role with access."}
	}
	return []string{"check the endpoint and credentials, then press r to try again."}
}

// sourceName names credentials as :profile lists them (SOURCE and NAME: "profile acme",
// "credentials default"), so the account signed in with at start-up is named in flashes as it
// is after a :profile switch ("acme-cloud (acme)" was "(profile acme)" once switched back).
func sourceName(c ramclient.Credentials) string {
	if c.Profile != "" {
		return "profile " + c.Profile
	}
	if strings.HasPrefix(c.Source, "demo") && c.Label != "" {
		return c.Label // "demo user ops-admin", as :profile's demo rows name theirs
	}
	if rest, ok := strings.CutPrefix(c.Label, "credentials ["); ok {
		if section, _, ok := strings.Cut(rest, "]"); ok {
			return "credentials " + section
		}
	}
	return headerProfile(c)
}

// headerProfile names where the credentials came from in a word or two, for the header: the
// aliyun CLI profile, or "environment", "flags", "demo", the credentials file. (The sign-in
// screen and errors use the full Source.)
func headerProfile(c ramclient.Credentials) string {
	switch {
	case c.Profile != "":
		return c.Profile
	case strings.HasPrefix(c.Source, "environment"):
		return "environment"
	case strings.HasPrefix(c.Source, "demo"):
		return "demo"
	}
	if i := strings.Index(c.Source, " "); i > 0 {
		return c.Source[:i]
	}
	return c.Source
}
