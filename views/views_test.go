package views

import (
	"context"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/lists"
)

func TestStartupExplainsMissingCredentials(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	connect := noCredentials(t)
	dr := viewtest.Drive(t, NewStartup(d, "ram.aliyuncs.com", connect), 100, 30)
	dr.RequireView("Cannot sign in", "Credentials looked for", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ramtui --demo")
	for _, m := range dr.Others {
		if _, ok := m.(screen.StartedMsg); ok {
			t.Fatal("start-up reported success")
		}
	}
}

// At 80x24 the whole explanation fits, down to the --demo hint: the tried sources are listed
// once (the error line repeated them all, pushing "No account at hand? ramtui --demo" and the
// last fixes off the screen; walk5, the first hour with no config).
func TestStartupMissingCredentialsFitsAt80x24(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	connect := noCredentials(t)
	dr := viewtest.Drive(t, NewStartup(d, "ram.aliyuncs.com", connect), 80, 21) // 24 less header, tabs, footer
	dr.RequireView("Cannot sign in", "no credentials found", "Credentials looked for", "~/.alibabacloud/credentials", "ramtui --demo", "r tries again")
	if n := strings.Count(dr.View(), "ALIBABA_CLOUD_OIDC_PROVIDER_ARN not set"); n != 1 {
		t.Errorf("the tried sources are said %d times:\n%s", n, dr.View())
	}
	if n := strings.Count(dr.View(), "\n") + 1; n > 21 {
		t.Errorf("%d lines, more than the 21 of an 80x24 terminal:\n%s", n, dr.View())
	}
}

func TestStartupExplainsUnreachableEndpoint(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	connect := func(ctx context.Context) (*ramclient.Client, error) {
		return ramclient.New(ramclient.Options{Endpoint: "127.0.0.1:1",
			Retry:       ramclient.RetryPolicy{MaxAttempts: 1},
			Credentials: ramclient.Credentials{AccessKeyID: "LTAIexample", AccessKeySecret: "x"}})
	}
	dr := viewtest.Drive(t, NewStartup(d, "127.0.0.1:1", connect), 100, 30)
	dr.RequireView("Cannot sign in to 127.0.0.1:1", "reachable")
	if strings.Contains(dr.View(), "goroutine") {
		t.Fatal("a stack trace on screen")
	}
}

func TestStartupSignsInAndHandsOver(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	c := d.Client()
	d.Session = &session.Session{}
	dr := viewtest.Drive(t, NewStartup(d, "sim", func(context.Context) (*ramclient.Client, error) { return c, nil }), 100, 30)
	dr.ToSession(d.Session)
	var started, header bool
	for _, m := range dr.Others {
		switch m := m.(type) {
		case screen.StartedMsg:
			started = true
		case screen.HeaderMsg:
			if strings.Contains(m.Identity, ":user/ops-admin") {
				header = true
			}
		}
	}
	if !started || !header || d.Client() != c || d.Session.Identity() == "" {
		t.Fatalf("started=%v header=%v client set=%v", started, header, d.Client() == c)
	}
}

// The first users page is fetched while signing in, alongside GetCallerIdentity, so the lists
// open with rows after one round trip; the Users list uses it once and a refresh fetches anew.

func TestStartupPrefetchesTheFirstUsersPage(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	c := d.Client()
	d.Session = &session.Session{}
	viewtest.Drive(t, NewStartup(d, "sim", func(context.Context) (*ramclient.Client, error) { return c, nil }), 100, 30).ToSession(d.Session)
	listUsers := func() int {
		n := 0
		for _, e := range c.Log().Entries() {
			if e.Action == "ListUsers" {
				n++
			}
		}
		return n
	}
	if n := listUsers(); n != 1 {
		t.Fatalf("ListUsers calls during sign-in: %d, want 1", n)
	}
	dr := viewtest.Drive(t, lists.NewUsers(d), 120, 30)
	dr.RequireView("zhang.wei")
	if n := listUsers(); n != 1 {
		t.Fatalf("the Users list fetched its first page again (%d ListUsers calls)", n)
	}
	dr.Key("r")
	if n := listUsers(); n != 2 {
		t.Fatalf("refresh reused the sign-in page (%d ListUsers calls, want 2)", n)
	}
}

func TestHeaderProfileLabel(t *testing.T) {
	for _, c := range []struct {
		creds ramclient.Credentials
		want  string
	}{
		{ramclient.Credentials{Profile: "prod", Source: `profile "prod" (~/.aliyun/config.json, mode AK)`}, "prod"},
		{ramclient.Credentials{Source: "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)"}, "environment"},
		{ramclient.Credentials{Source: "demo (RAM user ops-admin)"}, "demo"},
		{ramclient.Credentials{Source: "flags"}, "flags"},
		{ramclient.Credentials{Source: "~/.alibabacloud/credentials [default] (type access_key)"}, "~/.alibabacloud/credentials"},
	} {
		if got := headerProfile(c.creds); got != c.want {
			t.Errorf("headerProfile(%q) = %q, want %q", c.creds.Source, got, c.want)
		}
	}
}

// TestHostileTextNeverReachesTheTerminal: text from the API is drawn through the kit's one
// choke point, so an escape sequence in a comment or description shows as `\x1b` and never
// reaches the terminal, in the lists and in the detail screens.

// r tries again only once signing in has failed, and help offers it only then; the fixes
// wrap within a narrow terminal, continued under the first word.
func TestStartupRetriesOnRAfterAFailure(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	calls := 0
	connect := func(ctx context.Context) (*ramclient.Client, error) {
		calls++
		return nil, ramclient.ErrCredentials
	}
	s := NewStartup(d, "ram.aliyuncs.com", connect)
	dr := viewtest.Drive(t, s, 40, 30)
	if calls != 1 {
		t.Fatalf("connect called %d times at start", calls)
	}
	if h := s.KeyMap().ShortHelp(); len(h) != 1 || h[0].Help().Desc != "try again" {
		t.Fatalf("help after a failure: %v", h)
	}
	for _, l := range strings.Split(dr.View(), "\n") {
		if w := len([]rune(l)); w > 40 {
			t.Errorf("line of %d cells at 40 columns: %q", w, l)
		}
	}
	dr.RequireView("  - export ALIBABA_CLOUD_ACCESS_KEY_ID", "    ")
	dr.Key("r")
	if calls != 2 {
		t.Fatalf("r after a failure: connect called %d times, want 2", calls)
	}
}

// noCredentials signs in as a first-time user would with nothing set up: an empty home, no
// environment, so every credential source is tried and none is found.
func noCredentials(t *testing.T) func(context.Context) (*ramclient.Client, error) {
	home := t.TempDir()
	return func(ctx context.Context) (*ramclient.Client, error) {
		creds, err := ramclient.ResolveCredentials(ctx, ramclient.CredentialOptions{
			HomeDir: home, Getenv: func(string) string { return "" }})
		if err != nil {
			return nil, err
		}
		return ramclient.New(ramclient.Options{Credentials: creds})
	}
}
