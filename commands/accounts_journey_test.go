package commands

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim/account"
)

// simChild runs `ramtui sim ARGS...` (the real binary) on a free port and returns its
// endpoint and the banner's export lines (each account's root key).
func simChild(t *testing.T, bin string, args ...string) (endpoint string, banner map[string]string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"sim", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Stderr = io.Discard
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	banner = map[string]string{}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, " export "), "="); ok && strings.HasPrefix(line, " export ") {
			banner[k] = v
		}
		if rest, ok := strings.CutPrefix(line, "ramtui sim: RAM + STS on http://"); ok {
			endpoint = rest
		}
		if strings.HasPrefix(line, "# stop with") {
			break
		}
	}
	go io.Copy(io.Discard, out)
	if endpoint == "" {
		t.Fatalf("the simulator printed no endpoint: %v", banner)
	}
	return endpoint, banner
}

// userKey creates an AccessKey for user, signed with an account's root key from the banner,
// through the SDK over HTTP as any client would.
func userKey(t *testing.T, endpoint, rootID, rootSecret, user string) ramclient.NewAccessKey {
	t.Helper()
	c, err := ramclient.New(ramclient.Options{Endpoint: endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: rootID, AccessKeySecret: rootSecret, Source: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	k, err := c.CreateAccessKey(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Issue 17's journey on the real binary in tmux, at 80x24 with NO_COLOR=1: a two-account
// `ramtui sim`, and a fixture config.json with a profile for each account (plus one whose key
// the service does not know). :profile lists them with their accounts; enter switches the
// whole session (the partner's users); a change's confirmation names the partner account;
// :previous comes back with the filter and the cursor kept. Then, from the partner account, a
// role of the first account (vendor-monitoring, with the ExternalId it requires) is assumed and
// browsed as: the header names the account the role acts in, and :profile lists the role
// session as an account.
func TestEndToEndAccountsInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	bin := ramtuiBinary(t)
	endpoint, banner := simChild(t, bin, "--accounts", "demo")
	acme := userKey(t, endpoint, banner["ALIBABA_CLOUD_ACCESS_KEY_ID"], banner["ALIBABA_CLOUD_ACCESS_KEY_SECRET"], "ops-admin")
	vendor := userKey(t, endpoint, banner["RAMTUI_SIM_ACCOUNT2_ACCESS_KEY_ID"], banner["RAMTUI_SIM_ACCOUNT2_ACCESS_KEY_SECRET"], "vendor-admin")
	if banner["RAMTUI_SIM_ACCOUNT2_ID"] != account.PartnerAccountID {
		t.Fatalf("the second account is %q", banner["RAMTUI_SIM_ACCOUNT2_ID"])
	}
	home := t.TempDir()
	cfg := filepath.Join(home, ".aliyun", "config.json")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`{"current":"acme","profiles":[
  {"name":"acme","mode":"AK","access_key_id":%q,"access_key_secret":%q,"region_id":"cn-hangzhou"},
  {"name":"vendor","mode":"AK","access_key_id":%q,"access_key_secret":%q,"region_id":"cn-shanghai"},
  {"name":"revoked","mode":"AK","access_key_id":"LTAI5tNoSuchKey000000001","access_key_secret":"x","region_id":"cn-hangzhou"}]}`,
		acme.AccessKeyID, acme.Secret, vendor.AccessKeyID, vendor.Secret)), 0o600); err != nil {
		t.Fatal(err)
	}
	// Nothing from the test's environment reaches the program but what a user would have.
	unset := ""
	for _, v := range []string{"CI", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_CONFIG_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE", "ALIBABA_CLOUD_IGNORE_PROFILE",
		"ALIBABA_CLOUD_REGION_ID"} {
		unset += " -u " + v
	}
	s := startTmux(t, 80, 24, fmt.Sprintf("env%s NO_COLOR=1 HOME=%s XDG_CONFIG_HOME=%s/config XDG_CACHE_HOME=%s/cache %s --endpoint %s",
		unset, home, home, home, bin, endpoint))
	demo := strings.TrimSpace(s.waitFor("first screen", "acct acme-cloud (", "user/ops-admin", "Users (21)")[len("acct acme-cloud ("):])
	demo, _, _ = strings.Cut(demo, ")")

	s.keys("/", "l", "i", "Enter")
	s.waitFor("the filter", "Users (5/21)")
	s.keys("j") // the cursor on the second match

	s.keys(":", "p", "r", "o", "f", "i", "l", "e", "Enter")
	scr := s.waitFor("the accounts", "SOURCE", demo+"  acme-cloud", account.PartnerAccountID+"  partner", "fail: ")
	for _, want := range []string{"acme ", "vendor ", "revoked "} {
		if !strings.Contains(scr, want) {
			t.Errorf("profile %q is not listed:\n%s", want, scr)
		}
	}
	wide(t, scr, 80)
	s.keys("G") // the failing profile: the pane under the table says why, whole
	s.waitFor("why it fails", "profile revoked · AK · cn-hangzhou", "credentials fail: ", "InvalidAccessKeyId")
	s.keys("k", "Enter")
	s.waitFor("the partner account", "acct partner ("+account.PartnerAccountID+")", "user/vendor-admin", "Users (3)", "mei.lin", "tom.baker",
		"Now on partner (profile vendor); :previous goes back to acme-cloud")

	// A change's confirmation names the account it changes.
	s.keys("j", "D")
	scr = s.waitFor("the delete confirmation", "Delete 1 user?", "in account partner ("+account.PartnerAccountID+")", "tom.baker")
	wide(t, scr, 80)
	s.keys("n")
	s.waitFor("cancelled", "Cancelled: nothing changed.")

	// Back, with the filter and the cursor as they were.
	s.keys(":", "p", "r", "e", "v", "i", "o", "u", "s", "Enter")
	// The start-up account is named as :profile names it, as after a switch (it was "(acme)").
	s.waitFor("back on acme", "acct acme-cloud ("+demo+")", "user/ops-admin", "Users (5/21)",
		"Now on acme-cloud (profile acme); :previous goes back to partner")
	s.keys("Enter")
	s.waitFor("the user under the cursor", "Name           ci-deployer")
	s.keys("Escape")
	s.waitFor("the users again", "Users (5/21)")

	// To the partner again (- in :profile), and from there into the first account's role.
	s.keys(":", "p", "r", "o", "f", "i", "l", "e", "Enter")
	s.waitFor("the accounts", "SOURCE", "revoked ")
	s.keys("-")
	s.waitFor("the partner account", "acct partner ("+account.PartnerAccountID+")", "Users (3)")
	s.keys(":", "s", "w", "i", "t", "c", "h", "Enter")
	s.waitFor("the role picker", "partner-admin", "i type an ARN")
	s.keys("i")
	s.waitFor("the ARN prompt", "Role ARN")
	s.keys(demo+":role/vendor-monitoring", "Enter")
	s.waitFor("the switch form", "Switch into role vendor-monitoring", "ExternalId")
	s.keys("Tab")
	time.Sleep(150 * time.Millisecond) // huh moves the focus with a command
	s.keys("Tab")
	time.Sleep(150 * time.Millisecond)
	s.keys(account.PartnerExternalID, "Enter")
	s.waitFor("the role session", "Switched into role vendor-monitoring", "ExternalId given")
	s.keys("b")
	// The role acts in the first account: the header says so (every confirmation takes its
	// account from there).
	s.waitFor("browsing as the role", "acct "+demo, "as role/vendor-monitoring/")
	s.keys(":", "p", "r", "o", "f", "i", "l", "e", "Enter")
	s.waitFor("the role as an account", "SOURCE", "role     "+demo) // SOURCE, then ACCOUNT: MODE is in the pane at 80 columns
	s.keys("G")
	scr = s.waitFor("the role's row in full", "role session, via role vendor-monitoring · STS", "account "+demo+" as ", "credentials work")
	wide(t, scr, 80)
	s.keys("Enter") // the whole session on the role's account: :profile marks it in use
	s.waitFor("on the role's account", "acct "+demo, "Users (0)")
	s.keys(":", "p", "r", "o", "f", "i", "l", "e", "Enter")
	scr = s.waitFor("the accounts", "SOURCE", "role     "+demo) // SOURCE, then ACCOUNT: MODE is in the pane at 80 columns
	for _, line := range strings.Split(scr, "\n") {
		if strings.Contains(line, "role     "+demo) && !strings.Contains(line, "●") {
			t.Errorf("the role session is not marked as the account in use: %q", line)
		}
	}
}

// wide fails when a line of scr is wider than w.
func wide(t *testing.T, scr string, w int) {
	t.Helper()
	for i, line := range strings.Split(scr, "\n") {
		if n := len([]rune(line)); n > w {
			t.Errorf("line %d is %d wide (> %d): %q", i+1, n, w, line)
		}
	}
}
