package commands

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ramsim/account"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views"
	"github.com/ramtui/ramtui/views/kit"
)

// Two profiles in a fixture config.json, one per account of a two-account simulator: :profile
// lists both, enter switches the whole session (the other account's users), :previous comes
// back to the first account's screens with their filter and cursor as they were.
func TestJourneyProfilesSwitchAndBack(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	sim, err := ramsim.Start(ramsim.Options{Accounts: []string{"demo"}, Clock: func() time.Time { return journeyNow }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	acmeID, acmeSecret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	venID, venSecret, err := sim.AccountByID(account.PartnerAccountID).IssueAccessKey("vendor-admin")
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	cfgPath := filepath.Join(home, ".aliyun", "config.json")
	if err := os.MkdirAll(filepath.Dir(cfgPath), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf(`{"current":"acme","profiles":[
  {"name":"acme","mode":"AK","access_key_id":%q,"access_key_secret":%q,"region_id":"cn-hangzhou"},
  {"name":"vendor","mode":"AK","access_key_id":%q,"access_key_secret":%q,"region_id":"cn-shanghai"}]}`,
		acmeID, acmeSecret, venID, venSecret)), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := appConfig{keys: keymap.Default(), theme: theme.New(true), endpoint: sim.Endpoint, profile: "acme",
		dirs:     userdata.Dirs{Config: t.TempDir(), Cache: t.TempDir()},
		profiles: kit.ProfilesConfig{Home: home},
		deps:     func(d *views.Deps) { d.Now = func() time.Time { return journeyNow } }}
	cfg.connect = func(ctx context.Context) (*ramclient.Client, error) {
		creds, err := ramclient.ResolveCredentials(ctx, ramclient.CredentialOptions{Profile: "acme", HomeDir: home, Endpoint: sim.Endpoint})
		if err != nil {
			return nil, err
		}
		return ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: creds})
	}
	j := &journey{t: t, acct: sim.Account().ID()}
	j.run(cfg, 120, 40)

	j.waitFor("acme-cloud", "Users (21)")
	j.keys("/", "li", "enter", "j") // a filter, and the cursor on the second match
	j.waitFor("Users (5/21)")
	j.keys(":", "profile", "enter")
	j.waitFor("Accounts (2)", account.PartnerAccountID+"  partner", "acme-cloud  work")
	j.keys("j", "enter")
	j.waitFor("acct partner ("+account.PartnerAccountID+")", "user/vendor-admin", "mei.lin", "tom.baker", "Users (3)")
	j.keys(":", "previous", "enter")
	j.waitFor("acct acme-cloud", "user/ops-admin", "Users (5/21)")
	j.keys("enter") // the cursor stayed on the second match
	j.waitFor("› user ci-deployer", "Name           ci-deployer", "Effective (6)")
	scr := *j.screen.Load()
	if strings.Contains(scr, "vendor-admin") {
		t.Fatalf("the partner's identity is still shown:\n%s", scr)
	}
	j.finish()
}

// --demo's accounts are named once in the flash of a switch, at 80 columns: it said "Now on
// partner (demo partner (vendor-admin))" (session 5), and "(demo)" on the way back.
func TestJourneyDemoSwitchNamesTheAccountOnce(t *testing.T) {
	j := startJourney(t, 80, 24, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.keys(":", "profile", "enter")
	j.waitFor("Accounts (3)", "1357924680135792", "demo acme-cloud (ops-admin) · RAM user") // the pane: SOURCE said demo already
	j.keys("down", "enter")
	j.waitForFlash("Now on partner (demo user vendor-admin); :previous goes back to acme-cloud")
	j.keys(":", "previous", "enter")
	j.waitForFlash("Now on acme-cloud (demo user ops-admin); :previous goes back to partner")
}

// flashShown says whether scr's last two lines (the calls counter dropped) hold text.
func flashShown(scr, text string) bool {
	lines := strings.Split(strings.TrimRight(reCalls.ReplaceAllString(scr, ""), "\n"), "\n")
	return len(lines) >= 2 && strings.Contains(strings.Join(strings.Fields(strings.Join(lines[len(lines)-2:], " ")), " "), text)
}

// waitForFlash waits for a flash, which may go on in the key hints' line when the calls in
// flight (their counter dropped here) leave the status line too little room.
func (j *journey) waitForFlash(text string) {
	j.t.Helper()
	j.waitUntil(func(scr string) string {
		if flashShown(scr, text) {
			return ""
		}
		return fmt.Sprintf("the screen never flashed %q", text)
	})
}
