package commands

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/views"
)

// secretSpy collects every AccessKeySecret and SecurityToken that travels in a message, so the
// test knows the secrets the debug log must not hold (the STS ones are made during the run).
type secretSpy struct {
	tea.Model
	mu   *sync.Mutex
	seen map[string]bool
}

func (s secretSpy) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	s.mu.Lock()
	collectSecrets(reflect.ValueOf(msg), s.seen, 0)
	s.mu.Unlock()
	m, cmd := s.Model.Update(msg)
	s.Model = m
	return s, cmd
}

func collectSecrets(v reflect.Value, seen map[string]bool, depth int) {
	if !v.IsValid() || depth > 8 {
		return
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			collectSecrets(v.Elem(), seen, depth+1)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len() && i < 50; i++ {
			collectSecrets(v.Index(i), seen, depth+1)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[ramclient.CallLog]() {
			return // written under its lock by calls in flight (a race to read here); it holds no secret parameter
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if (f.Name == "AccessKeySecret" || f.Name == "SecurityToken") && v.Field(i).Kind() == reflect.String {
				if s := v.Field(i).String(); s != "" {
					seen[s] = true
				}
				continue
			}
			collectSecrets(v.Field(i), seen, depth+1)
		}
	}
}

// The debug log of a session that signs in, switches into a role and browses as it holds
// every message and API call, and none of the secrets: the AccessKey secret signed in with,
// the role's STS secret and token.
func TestDebugLogHoldsNoSecret(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo", Clock: func() time.Time { return journeyNow }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "debug.log")
	dbg, err := openDebugLog(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg := appConfig{keys: keymap.Default(), theme: theme.New(true), demo: true, endpoint: sim.Endpoint, profile: "demo", debug: dbg,
		deps: func(d *views.Deps) { d.Now = func() time.Time { return journeyNow } },
		connect: func(context.Context) (*ramclient.Client, error) {
			return ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
		}}
	spy := secretSpy{Model: newApp(cfg), mu: new(sync.Mutex), seen: map[string]bool{}}
	j := &journey{t: t, acct: sim.Account().ID(), screen: new(atomic.Pointer[string])}
	j.tm = teatest.NewTestModel(t, viewRecorder{Model: spy, last: j.screen}, teatest.WithInitialTermSize(120, 40))
	j.browseAsOpsReadonly()
	j.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	j.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if err := dbg.Close(); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	for _, want := range []string{"api GetCallerIdentity", "api AssumeRole", "msg tea.WindowSizeMsg", "msg tea.KeyMsg enter"} {
		if !strings.Contains(log, want) {
			t.Errorf("the debug log lacks %q", want)
		}
	}
	spy.mu.Lock()
	defer spy.mu.Unlock()
	secrets := []string{secret}
	sts := 0
	for s := range spy.seen {
		secrets = append(secrets, s)
		if strings.HasPrefix(s, "CAIS") {
			sts++
		}
	}
	if sts == 0 {
		t.Fatal("no STS token travelled in a message: the test would prove nothing")
	}
	for _, s := range secrets {
		if strings.Contains(log, s) {
			t.Errorf("the debug log holds a secret (%d characters, starting %.4s)", len(s), s)
		}
	}
	if m := regexp.MustCompile(`CAIS[A-Za-z0-9+/=]{40,}`).FindString(log); m != "" {
		t.Errorf("the debug log holds something like an STS token: %.12s...", m)
	}
	if st, _ := os.Stat(logPath); st.Mode().Perm() != 0o600 {
		t.Errorf("debug log mode %v, want 0600", st.Mode().Perm())
	}
}
