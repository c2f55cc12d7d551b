package switchrole

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// assumeThroughForm fills the form and submits it, returning the result screen, driven.
func assumeThroughForm(t *testing.T, e *switchEnv, role, template string) *driver {
	t.Helper()
	dr, f := openForm(t, e, role, 120, 40)
	if template != "" {
		setField(dr, f, fTemplate, template)
		dr.Key("enter")
	}
	dr.Key("enter")
	p := dr.Pushed()
	if len(p) != 1 {
		t.Fatalf("submit pushed %v; err %q", p, f.Err)
	}
	res, ok := p[0].(*switchResult)
	if !ok {
		t.Fatalf("submit pushed %T: %s", p[0], p[0].View())
	}
	return drive(t, res, 120, 40)
}

func browseClient(t *testing.T, dr *driver) session.BrowseAsMsg {
	t.Helper()
	dr.Key("b")
	b := viewtest.All[session.BrowseAsMsg](dr)
	if len(b) != 1 {
		t.Fatalf("b sent %v", dr.Others)
	}
	t.Cleanup(b[0].Client.Close)
	return b[0]
}

func TestBrowseAsRoleSessionPolicyDenies(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	ctx := context.Background()

	// ops-readonly has ReadOnlyAccess: as the role, listing users works...
	plain := browseClient(t, assumeThroughForm(t, e, "ops-readonly", ""))
	if _, err := plain.Client.ListUsersPage(ctx, ""); err != nil {
		t.Fatalf("as ops-readonly without a session policy: %v", err)
	}
	if !strings.HasSuffix(plain.Identity, ":role/ops-readonly/ops-admin") || !plain.Expiration.Equal(testNow.Add(time.Hour)) {
		t.Errorf("browse message %+v", plain)
	}
	if plain.Client.Log() != e.d.Client().Log() {
		t.Error("the role's client does not share the call log")
	}

	// ...but with a read-only-OSS session policy the same action is NoPermission.
	dr := assumeThroughForm(t, e, "ops-readonly", "oss-test/dir111/")
	narrowed := browseClient(t, dr)
	_, err := narrowed.Client.ListUsersPage(ctx, "")
	var re *ramclient.Error
	if !errors.Is(err, ramclient.ErrDenied) || !errors.As(err, &re) || re.Code != "NoPermission" {
		t.Fatalf("ListUsers as the narrowed session: %v, want NoPermission", err)
	}
	// The summary of what the session may do says the same.
	dr.RequireView("Role policies: ReadOnlyAccess", "Narrowed by the session policy to:",
		"✓ oss:ListObjects on acs:oss:*:*:oss-test", "✓ oss:GetObject on acs:oss:*:*:oss-test/dir111/*")
}

func TestResultSummaryShowsGrantsTheRoleLacks(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	// dev-deploy (ci-deploy, container registry) has no OSS read: the session policy's grant
	// is shown as one the role does not allow.
	dr := assumeThroughForm(t, e, "dev-deploy", "oss-test/dir111/")
	dr.RequireView("✗ oss:GetObject on acs:oss:*:*:oss-test/dir111/* (the role's policies do not allow it)")
}

func TestResultRenewAndCountdown(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr := assumeThroughForm(t, e, "ops-readonly", "")
	r := dr.S.(*switchResult)
	dr.RequireView("in 1h0m0s")
	r.now = testNow.Add(55 * time.Minute)
	dr.RequireView("in 5m0s — R renews")
	r.now = testNow.Add(2 * time.Hour)
	dr.RequireView("EXPIRED — press R to renew")

	// Browsing as the role swaps the session's client; renewing must still use the identity
	// that assumed the role, not the role session itself.
	e.d.Session.Handle(browseClient(t, dr)) // its timers are not followed
	first := r.creds.AccessKeyID
	before := assumeCalls(e)
	dr.Key("R")
	e.d.Session.Handle(session.OriginalMsg{})
	if assumeCalls(e) != before+1 || r.creds.AccessKeyID == first || r.renewing {
		t.Fatalf("renew: %d calls, key changed %v", assumeCalls(e)-before, r.creds.AccessKeyID != first)
	}
	if r.in.SessionName != "ops-admin" || r.in.Duration != time.Hour {
		t.Errorf("renew changed the inputs: %+v", r.in)
	}
}

// fakeResult is a result screen with fixed fake credentials (never real ones in a golden file).
func fakeResult(t *testing.T, e *switchEnv) *driver {
	in := switchInput{roleName: "finance-export", AssumeRoleInput: ramclient.AssumeRoleInput{
		RoleArn: e.arn("finance-export"), SessionName: "ops-admin", Duration: time.Hour, ExternalID: "fin-export-2024"}}
	creds := ramclient.STSCredentials{AccessKeyID: "STS.FAKEKEYID0000000000", AccessKeySecret: "fake-secret-'quote",
		SecurityToken: "FAKE-TOKEN-" + strings.Repeat("x", 300), Expiration: testNow.Add(time.Hour),
		AssumedRoleArn: e.arn("finance-export") + "/ops-admin"}
	return drive(t, newSwitchResult(e.d, e.d.Client(), &e.cfg, in, creds, assumeCallerOf(t, e), true), 120, 40)
}

func assumeCallerOf(t *testing.T, e *switchEnv) assume.Caller {
	c, err := assume.LoadCaller(context.Background(), e.d.Client())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestResultMasksSecretsAndHandsOver(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr := fakeResult(t, e)
	r := dr.S.(*switchResult)
	v := dr.View()
	if strings.Contains(v, "fake-secret") || strings.Contains(v, "FAKE-TOKEN") {
		t.Fatal("secret or token shown before reveal")
	}
	dr.Key("v")
	dr.RequireView("fake-secret-'quote", "FAKE-TOKEN-")
	viewtest.Fits(t, dr.View(), 120, 40)
	dr.Key("v")

	// y then a shell: export lines, each led by a space, with IGNORE_PROFILE and the expiry.
	for shell, want := range map[string]string{
		"b": " export ALIBABA_CLOUD_IGNORE_PROFILE='TRUE'",
		"f": " set -gx ALIBABA_CLOUD_IGNORE_PROFILE 'TRUE'",
		"p": " $env:ALIBABA_CLOUD_IGNORE_PROFILE = 'TRUE'",
		"c": ` set "ALIBABA_CLOUD_IGNORE_PROFILE=TRUE"`,
	} {
		dr.Others = nil
		dr.Key("y")
		if !r.Capturing() {
			t.Fatal("choosing a shell must capture esc")
		}
		dr.Key(shell)
		cp := viewtest.All[screen.CopyMsg](dr)
		if len(cp) != 1 || !strings.Contains(cp[0].Text, want) || !strings.Contains(cp[0].Text, "SECURITY_TOKEN_EXPIRATION") {
			t.Fatalf("%s: copied %+v", shell, cp)
		}
		for _, l := range strings.Split(strings.TrimRight(cp[0].Text, "\n"), "\n") {
			if !strings.HasPrefix(l, " ") {
				t.Errorf("%s: line not led by a space: %q", shell, l)
			}
		}
	}
	dr.Others = nil
	dr.Key("y", "esc")
	if len(viewtest.All[screen.CopyMsg](dr)) != 0 || r.Capturing() {
		t.Error("esc after y copied something or kept capturing")
	}

	// p: save as an aliyun CLI profile, next to an existing one that must survive.
	os.WriteFile(e.cfg.CLIConfigPath, []byte(`{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"LTAIkeep","access_key_secret":"s","x-unknown":1}],"meta_path":""}`), 0o600)
	dr.Key("p")
	in := viewtest.All[screen.InputMsg](dr)
	if len(in) != 1 || in[0].Value != "ramtui-finance-export" {
		t.Fatalf("p asked %+v", in)
	}
	dr.Run(in[0].OnSubmit("fin"))
	data, err := os.ReadFile(e.cfg.CLIConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"LTAIkeep"`, `"x-unknown"`, `"name": "fin"`, `"mode": "StsToken"`, `"STS.FAKEKEYID0000000000"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("config.json lacks %s:\n%s", want, data)
		}
	}
	if st, _ := os.Stat(e.cfg.CLIConfigPath); st.Mode().Perm() != 0o600 {
		t.Errorf("config.json mode %v", st.Mode().Perm())
	}
	if baks, _ := filepath.Glob(e.cfg.CLIConfigPath + ".bak-*"); len(baks) != 1 {
		t.Errorf("backups: %v", baks)
	}
	if f := dr.Flashes(); len(f) == 0 || !strings.Contains(f[len(f)-1], "aliyun --profile fin") || !strings.Contains(f[len(f)-1], ".bak") {
		t.Errorf("flashes %v", f)
	}

	// S: a subshell with the credentials in its environment.
	e.cfg.Shell = "/bin/sh"
	e.cfg.Environ = func() []string { return []string{"PATH=/bin", "ALIBABA_CLOUD_PROFILE=prod"} }
	dr.Others = nil
	dr.Key("S")
	if len(dr.Others) != 1 || !strings.Contains(strings.ToLower(typeName(dr.Others[0])), "exec") {
		t.Errorf("S sent %v", dr.Others)
	}
	cmd, err := r.subshellCommand()
	if err != nil {
		t.Fatal(err)
	}
	sh := exec.Command(cmd.cmd.Path, "-c", `echo "$ALIBABA_CLOUD_ACCESS_KEY_ID|$ALIBABA_CLOUD_IGNORE_PROFILE|${ALIBABA_CLOUD_PROFILE:-unset}|$RAMTUI_ASSUMED_ROLE"`)
	sh.Env = cmd.cmd.Env
	got, err := sh.Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "STS.FAKEKEYID0000000000|TRUE|unset|" + e.arn("finance-export") + "/ops-admin\n"; string(got) != want {
		t.Errorf("subshell environment: %q, want %q", got, want)
	}
}

func TestResultConsoleSignin(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr := fakeResult(t, e)
	// Against the simulator: plainly unavailable, no request made.
	dr.Key("u")
	if f := dr.Flashes(); len(f) != 1 || !strings.Contains(f[0], "unavailable") {
		t.Fatalf("u against ramsim: %v", f)
	}
	// Against "the real service" (an HTTPS stand-in for signin.aliyun.com).
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.PostForm.Get("SecurityToken") == "" || r.PostForm.Get("TicketType") != "mini" {
			w.WriteHeader(400)
			return
		}
		w.Write([]byte(`{"RequestId":"R","SigninToken":"TOKEN1"}`))
	}))
	defer srv.Close()
	real := true
	e.cfg.RealService, e.cfg.SigninBaseURL, e.cfg.SigninClient = &real, srv.URL+"/federation", srv.Client()
	dr.Others = nil
	dr.Key("u")
	cp := viewtest.All[screen.CopyMsg](dr)
	if len(cp) != 1 || !strings.Contains(cp[0].Text, "Action=Login") || !strings.Contains(cp[0].Text, "SigninToken=TOKEN1") {
		t.Fatalf("u copied %+v (others %v)", cp, dr.Others)
	}
}

func TestResultGolden(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	for _, size := range []struct {
		name string
		w, h int
	}{{"result_120x40", 120, 40}, {"result_80x24", 80, 24}} {
		dr := fakeResult(t, e)
		dr.S.SetSize(size.w, size.h)
		dr.S.(*switchResult).now = testNow.Add(52*time.Minute + 30*time.Second)
		v := dr.View()
		viewtest.Fits(t, v, size.w, size.h)
		if strings.Contains(v, "fake-secret") || strings.Contains(v, "FAKE-TOKEN") {
			t.Fatal("a secret in the golden view")
		}
		golden(t, size.name, v, e.acct)
	}
}

func TestRealServiceDetection(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	if (switchCfg{&e.cfg}).realService(e.d.Client()) {
		t.Error("ramsim taken for the real service")
	}
	real, err := ramclient.New(ramclient.Options{Credentials: ramclient.Credentials{AccessKeyID: "x", AccessKeySecret: "y"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := switchCfg{&SwitchConfig{}}
	if !cfg.realService(real) || cfg.endpointFor(real) != "" {
		t.Errorf("default endpoint: real=%v endpoint=%q", cfg.realService(real), cfg.endpointFor(real))
	}
}

// TestSaveProfileAsksBeforeReplacing (issue 10 item 8): p over an existing StsToken profile asks
// y/N (default No) and replaces it only on yes; over an AK profile only the typed name replaces
// it. Nothing is written before the answer, and neither question names the account (it is a
// file on this machine).
func TestSaveProfileAsksBeforeReplacing(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr := fakeResult(t, e)
	os.WriteFile(e.cfg.CLIConfigPath, []byte(`{"current":"default","profiles":[`+
		`{"name":"default","mode":"AK","access_key_id":"LTAIkeep","access_key_secret":"s"},`+
		`{"name":"old-sts","mode":"StsToken","access_key_id":"STS.old","access_key_secret":"s","sts_token":"t"}]}`), 0o600)
	save := func(name string) screen.ConfirmMsg {
		t.Helper()
		dr.Others = nil
		dr.Key("p")
		in := viewtest.All[screen.InputMsg](dr)
		if len(in) != 1 {
			t.Fatalf("p asked %+v", dr.Others)
		}
		dr.Others = nil
		dr.Run(in[0].OnSubmit(name))
		ask := viewtest.All[screen.ConfirmMsg](dr)
		if len(ask) != 1 || !ask[0].Local {
			t.Fatalf("saving over %s: %+v", name, dr.Others)
		}
		if data, _ := os.ReadFile(e.cfg.CLIConfigPath); strings.Contains(string(data), "STS.FAKEKEYID") {
			t.Fatalf("written before the answer:\n%s", data)
		}
		return ask[0]
	}
	sts := save("old-sts")
	if sts.Typed != "" || !strings.Contains(sts.Question, "Profile old-sts exists (mode StsToken)") {
		t.Fatalf("over an StsToken profile: %+v", sts)
	}
	dr.Run(sts.OnYes)
	if data, _ := os.ReadFile(e.cfg.CLIConfigPath); strings.Contains(string(data), "STS.old") || !strings.Contains(string(data), "STS.FAKEKEYID") {
		t.Fatalf("yes did not replace old-sts:\n%s", data)
	}
	os.WriteFile(e.cfg.CLIConfigPath, []byte(`{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"LTAIkeep","access_key_secret":"s"}]}`), 0o600)
	ak := save("default")
	if ak.Typed != "default" || !strings.Contains(ak.Question, "only copy of an AccessKey secret") {
		t.Fatalf("over an AK profile: %+v", ak)
	}
	dr.Run(ak.OnYes) // the root runs OnYes only once the name was typed
	if data, _ := os.ReadFile(e.cfg.CLIConfigPath); strings.Contains(string(data), "LTAIkeep") {
		t.Fatalf("the typed name did not replace default:\n%s", data)
	}
	if baks, _ := filepath.Glob(e.cfg.CLIConfigPath + ".bak-*"); len(baks) == 0 {
		t.Error("no backup kept")
	}
}

// TestSubshellInsideASubshellAsksFirst (issue 10 item 13): S inside a ramtui subshell
// (RAMTUI_ASSUMED_ROLE set) asks before nesting, naming the outer role; yes starts the shell.
func TestSubshellInsideASubshellAsksFirst(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr := fakeResult(t, e)
	e.cfg.Shell = "/bin/sh"
	e.cfg.Environ = func() []string { return []string{"PATH=/bin", "RAMTUI_ASSUMED_ROLE=acs:ram::1:assumed-role/outer/me"} }
	dr.Others = nil
	dr.Key("S")
	ask := viewtest.All[screen.ConfirmMsg](dr)
	if len(ask) != 1 || !ask[0].Local || !strings.Contains(ask[0].Question, "assumed-role/outer/me") {
		t.Fatalf("S inside a subshell: %v", dr.Others)
	}
	if msg := ask[0].OnYes(); !strings.Contains(strings.ToLower(typeName(msg)), "exec") {
		t.Fatalf("yes runs %T", msg)
	}
}

// The subshell starts with one line on the terminal (80 columns for these names): which role
// and session it is, until when, and that exit leaves it. It printed nothing: the shell looked like the one ramtui was
// started from (session 5). Never a secret.
func TestSubshellBannerSaysWhoUntilWhenAndHowToLeave(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr := fakeResult(t, e)
	r := dr.S.(*switchResult)
	e.cfg.Shell = "/bin/true"
	sh, err := r.subshellCommand()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sh.SetStdin(strings.NewReader(""))
	sh.SetStdout(&out)
	sh.SetStderr(&out)
	if err := sh.Run(); err != nil {
		t.Fatal(err)
	}
	banner := out.String()
	for _, want := range []string{"role finance-export", "session ops-admin",
		"until " + testNow.Add(time.Hour).Local().Format("15:04"), "exit"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner %q does not say %q", banner, want)
		}
	}
	if strings.Count(banner, "\n") != 1 || !strings.HasSuffix(banner, "\n") || components.Width(banner) > 80 {
		t.Errorf("banner %q is not one line of 80 columns", banner)
	}
	for _, secret := range []string{"fake-secret", "FAKE-TOKEN", "STS.FAKEKEYID"} {
		if strings.Contains(banner, secret) {
			t.Errorf("banner %q shows %s", banner, secret)
		}
	}
}
