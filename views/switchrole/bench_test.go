package switchrole

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/userdata"
)

// BenchmarkSwitchAssumeRole measures a role switch in the TUI: from enter on the form (opened
// from the picker, so the caller and the role are known) to the result screen being pushed,
// through the screen's Update and its commands, against ramsim with 100 ms latency. It also
// times the bare ramclient AssumeRole call with the same inputs and reports the difference as
// overhead-ms (the target: at most 20 ms over one round trip).
//
//	go test ./views -run XXX -bench SwitchAssumeRole -benchtime 20x
func BenchmarkSwitchAssumeRole(b *testing.B) {
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo", Latency: 100 * time.Millisecond}, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		b.Fatal(err)
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	d := newBenchDeps(c)
	cfg := &SwitchConfig{Dirs: userdata.Dirs{Config: b.TempDir(), Cache: b.TempDir()}}
	ctx := context.Background()
	caller := loadSwitchCaller(ctx, c)
	if caller.err != nil {
		b.Fatal(caller.err)
	}
	arn := roleARN(caller.id.AccountID, "ops-readonly")
	target := loadSwitchTarget(ctx, c, arn, caller.id.AccountID)
	in := ramclient.AssumeRoleInput{RoleArn: arn.String(), SessionName: "ops-admin", Duration: time.Hour}

	var direct, tui time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := c.AssumeRole(ctx, in); err != nil {
			b.Fatal(err)
		}
		direct += time.Since(t0)

		f := newSwitchForm(d, c, cfg, arn, caller, true, target)
		f.SetSize(120, 40)
		t1 := time.Now()
		_, cmd := f.Update(tea.KeyMsg{Type: tea.KeyEnter})
		if !untilPush(f, cmd) {
			b.Fatalf("no result screen pushed: %s", f.Err)
		}
		tui += time.Since(t1)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(direct.Milliseconds())/n, "roundtrip-ms")
	b.ReportMetric(float64(tui.Milliseconds())/n, "tui-ms")
	b.ReportMetric(float64((tui-direct).Microseconds())/n/1000, "overhead-ms")
}

// untilPush runs cmd the way the program would, delivering the form's own results back to it,
// and reports whether a screen was pushed (the moment the user sees the result). Commands
// that come after the push (recording the recents) are not waited for.
func untilPush(f *switchForm, cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	msg := cmd()
	switch m := msg.(type) {
	case screen.PushMsg:
		return true
	case screen.Result:
		if m.To == f.ID() {
			_, next := f.Update(m.Msg)
			return untilPush(f, next)
		}
		return false
	case tea.BatchMsg:
		for _, c := range m {
			if untilPush(f, c) {
				return true
			}
		}
		return false
	}
	if cmds, ok := screen.SequenceCmds(msg); ok {
		for _, c := range cmds {
			if untilPush(f, c) {
				return true
			}
		}
	}
	return false
}

func newBenchDeps(c *ramclient.Client) *Deps {
	return &Deps{Session: session.New(c, ""), Theme: theme.New(true), Keys: keymap.Default()}
}

func roleARN(acct, role string) assume.RoleARN {
	return assume.RoleARN{AccountID: acct, RoleName: role}
}

// BenchmarkPickerRoleAnswer is the event loop's cost of one GetRole answer landing in a picker
// of 1000 roles (diagnosis + table update): what typing competes with while the picker fills.
//
//	go test ./views -run XXX -bench PickerRoleAnswer -benchtime 2000x
func BenchmarkPickerRoleAnswer(b *testing.B) {
	sim, err := ramsim.Start(ramsim.Options{Seed: "scale:10000"}, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	rootID, rootSecret := sim.Account().RootKey()
	root, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: rootID, AccessKeySecret: rootSecret}})
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	ctx := context.Background()
	if _, err := root.CreateUser(ctx, ramclient.NewUser{UserName: "bench-admin"}); err != nil {
		b.Fatal(err)
	}
	if err := root.AttachPolicy(ctx, ramclient.UserPrincipal("bench-admin"), "AdministratorAccess", ramclient.PolicySystem); err != nil {
		b.Fatal(err)
	}
	id, secret, err := sim.Account().IssueAccessKey("bench-admin")
	if err != nil {
		b.Fatal(err)
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	p := NewSwitchPicker(newBenchDeps(c), SwitchConfig{Dirs: userdata.Dirs{Config: b.TempDir(), Cache: b.TempDir()}}).(*switchPicker)
	p.SetSize(120, 40)
	caller := loadSwitchCaller(ctx, c)
	roles, err := c.AllRoles(ctx)
	if err != nil || len(roles) != 1000 {
		b.Fatalf("%d roles, %v", len(roles), err)
	}
	p.seq = 1
	p.Update(pickCallerMsg{c: caller})
	p.Update(pickRolesMsg{seq: 1, first: true, page: ramclient.Page[ramclient.Role]{Items: roles}, recents: userdata.Roles{}})
	answers := make([]pickTargetMsg, 50)
	for i := range answers {
		arn, _ := assume.ParseRoleARN(roles[i*20].Arn)
		answers[i] = pickTargetMsg{seq: 1, t: loadSwitchTarget(ctx, c, arn, caller.id.AccountID)}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.Update(answers[i%len(answers)])
		_ = p.View()
	}
}
