package switchrole

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim/account"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// newPartnerEnv signs in as a user of the demo's partner account; arn names the demo
// account's roles, which are another account's for this user.
func newPartnerEnv(t *testing.T, user string) *switchEnv {
	t.Helper()
	sim := viewtest.Sim(t, "demo")
	id, secret, err := sim.AccountByID(account.PartnerAccountID).IssueAccessKey(user)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	d := &Deps{Session: session.New(c, ""), Theme: theme.New(true), Keys: keymap.Default(), Now: func() time.Time { return viewtest.Now }}
	return &switchEnv{sim: sim, d: d, acct: sim.Account().ID(),
		cfg: SwitchConfig{Dirs: userdata.Dirs{Config: t.TempDir(), Cache: t.TempDir()},
			CLIConfigPath: filepath.Join(t.TempDir(), "config.json")}}
}

// A cross-account AssumeRole refused by either side: the doctor says which side, and whose
// administrator can fix it (the other account's trust policy is not readable from here).
func TestDoctorExplainsCrossAccountRefusals(t *testing.T) {
	for _, tc := range []struct {
		user, role string
		want       []string
		not        string
	}{
		// mei.lin may assume vendor-monitoring, but gave no ExternalId: the role's account refused.
		{"mei.lin", "vendor-monitoring", []string{"✗ The role's trust policy does not trust the caller.",
			"The role's account (<acct>) refused", "acs:ram::" + account.PartnerAccountID + ":root", "ExternalId"}, "could not be read"},
		// tom.baker has no policy of his own: his own account refused.
		{"tom.baker", "vendor-monitoring", []string{"✗ The caller lacks sts:AssumeRole on the role.",
			"Your own account (" + account.PartnerAccountID + ") refuses", `"sts:AssumeRole"`}, "The role's account"},
		// vendor-admin may assume anything, but prod-admin trusts only the demo account.
		{"vendor-admin", "prod-admin", []string{"✗ The role's trust policy does not trust the caller.", "The role's account (<acct>) refused"}, "lacks sts:AssumeRole"},
	} {
		t.Run(tc.user, func(t *testing.T) {
			e := newPartnerEnv(t, tc.user)
			dr := submitExpectingDoctor(t, e, e.arn(tc.role), 80, 24)
			for _, w := range tc.want {
				dr.RequireView(strings.ReplaceAll(w, "<acct>", e.acct))
			}
			if v := dr.View(); tc.not != "" && strings.Contains(v, tc.not) {
				t.Errorf("view says %q:\n%s", tc.not, v)
			}
			viewtest.Fits(t, dr.View(), 80, 24)
		})
	}
}
