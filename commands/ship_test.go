package commands

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// runBinary runs the real ramtui with args and env added to a clean environment (HOME and the
// XDG directories in a temp dir unless env sets them), and returns stdout, stderr and the code.
func runBinary(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(ramtuiBinary(t), args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_CACHE_HOME=" + filepath.Join(home, ".cache")}, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestVersionFlagAndCommand(t *testing.T) {
	flag, _, code := runBinary(t, nil, "--version")
	if code != 0 {
		t.Fatalf("--version exit %d", code)
	}
	cmd, _, _ := runBinary(t, nil, "version")
	if flag != cmd {
		t.Errorf("--version %q and version %q differ", flag, cmd)
	}
	for _, want := range []string{"ramtui ", runtime.GOOS + "/" + runtime.GOARCH, "go1.", "built "} {
		if !strings.Contains(flag, want) {
			t.Errorf("--version = %q, lacks %q", flag, want)
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"no-such-command"},
		{"version", "extra"},
		{"--no-such-flag"},
		{"--demo=maybe"},
		{"config"},
		{"config", "bogus"},
		{"config", "path", "extra"},
		{"completion", "tcsh"},
		{"sim", "--seed", "nope"},
		{"sim", "--latency", "soon"},
		{"assume", "ops", "--format", "xml"},
		{"man"},
	} {
		_, stderr, code := runBinary(t, nil, args...)
		if code != exitUsage {
			t.Errorf("ramtui %s: exit %d, want 2 (stderr %q)", strings.Join(args, " "), code, stderr)
		}
		if stderr == "" {
			t.Errorf("ramtui %s: no message", strings.Join(args, " "))
		}
	}
}

func TestConfigPathFollowsXDG(t *testing.T) {
	dir := t.TempDir()
	out, _, code := runBinary(t, []string{"XDG_CONFIG_HOME=" + dir}, "config", "path")
	if want := filepath.Join(dir, "ramtui", "config.yaml") + "\n"; code != 0 || out != want {
		t.Fatalf("config path = %q (exit %d), want %q", out, code, want)
	}
}

func TestConfigInitAndCheck(t *testing.T) {
	dir := t.TempDir()
	env := []string{"XDG_CONFIG_HOME=" + dir}
	path := filepath.Join(dir, "ramtui", "config.yaml")
	if _, stderr, code := runBinary(t, env, "config", "init"); code != 0 {
		t.Fatalf("init: exit %d %s", code, stderr)
	}
	if out, stderr, code := runBinary(t, env, "config", "check"); code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("check of the template: exit %d %q %q", code, out, stderr)
	}
	if _, _, code := runBinary(t, env, "config", "init"); code == 0 {
		t.Error("a second init succeeded")
	}
	if err := os.WriteFile(path, []byte("theme: dark\nprofiles:\n  prod:\n    read_onyl: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runBinary(t, env, "config", "check")
	if code != exitUsage || !strings.Contains(stderr, path+`:4: unknown setting "read_onyl"`) {
		t.Fatalf("check of a typo: exit %d, stderr %q", code, stderr)
	}
	// The TUI refuses to start on it with the same message, before taking the screen.
	_, stderr, code = runBinary(t, env, "--demo")
	if code != exitUsage || !strings.Contains(stderr, path+`:4: unknown setting "read_onyl"`) {
		t.Fatalf("ramtui on a bad file: exit %d, stderr %q", code, stderr)
	}
}

// bashComplete drives the generated bash completion script the way bash does on a tab press,
// and returns the candidates. bash-completion's _get_comp_words_by_ref is defined minimally
// when the package is not installed (the script needs only the current and previous words).
func bashComplete(t *testing.T, env []string, line string) []string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := ramtuiBinary(t)
	script, _, code := runBinary(t, nil, "completion", "bash")
	if code != 0 {
		t.Fatal("completion bash failed")
	}
	words := strings.Fields(line)
	if strings.HasSuffix(line, " ") {
		words = append(words, "")
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + w + "'"
	}
	prog := `
if ! declare -F _get_comp_words_by_ref >/dev/null; then
  _get_comp_words_by_ref() { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
fi
source "$SCRIPT"
COMP_WORDS=(` + strings.Join(quoted, " ") + `); COMP_CWORD=$((${#COMP_WORDS[@]}-1))
COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}
__start_ramtui 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"`
	scriptPath := filepath.Join(t.TempDir(), "ramtui.bash")
	if err := os.WriteFile(scriptPath, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
	cmd.Env = append([]string{"PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"SCRIPT=" + scriptPath, "LINE=" + line}, env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bash: %v", err)
	}
	return strings.Fields(string(out))
}

func TestBashCompletionKnowsTheAccount(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aliyun"), 0o700); err != nil {
		t.Fatal(err)
	}
	cliConfig := `{"current": "prod-admin", "profiles": [
		{"name": "default", "mode": "AK", "access_key_id": "LTAIx", "access_key_secret": "s", "region_id": "cn-hangzhou"},
		{"name": "prod-admin", "mode": "AK", "access_key_id": "LTAIy", "access_key_secret": "s", "region_id": "cn-shanghai"},
		{"name": "pre\u001b[31mbad", "mode": "AK"}]}`
	if err := os.WriteFile(filepath.Join(home, ".aliyun", "config.json"), []byte(cliConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	xdgDir := filepath.Join(home, ".config")
	if err := os.MkdirAll(filepath.Join(xdgDir, "ramtui"), 0o700); err != nil {
		t.Fatal(err)
	}
	roles := `{"roles": {
		"acs:ram::1:role/ops-readonly": {"count": 9, "last": "2026-11-30T10:00:00Z"},
		"acs:ram::1:role/ops-admin": {"count": 1, "last": "2026-11-01T10:00:00Z", "favourite": true}}}`
	if err := os.WriteFile(filepath.Join(xdgDir, "ramtui", "roles.json"), []byte(roles), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + xdgDir}

	if got := bashComplete(t, env, "ramtui --profile pro"); strings.Join(got, " ") != "prod-admin" {
		t.Errorf("--profile pro<tab> = %q, want prod-admin", got)
	}
	if got := bashComplete(t, env, "ramtui assume --profile "); len(got) != 2 || got[0] != "prod-admin" {
		t.Errorf("assume --profile <tab> = %q, want the current profile first and no unsafe name", got)
	}
	if got := bashComplete(t, env, "ramtui assume ops"); strings.Join(got, " ") != "ops-admin ops-readonly" {
		t.Errorf("assume ops<tab> = %q, want the favourite first", got)
	}
	if got := bashComplete(t, env, "ramtui assume ops-admin --format p"); strings.Join(got, " ") != "powershell" {
		t.Errorf("--format p<tab> = %q", got)
	}
	if got := bashComplete(t, env, "ramtui sim --seed "); len(got) != 3 || got[0] != "demo" {
		t.Errorf("sim --seed <tab> = %q", got)
	}
}

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runBinary(t, nil, "man", dir); code != 0 {
		t.Fatalf("man: exit %d %s", code, stderr)
	}
	for _, page := range []string{"ramtui.1", "ramtui-assume.1", "ramtui-config-check.1", "ramtui-sim.1"} {
		data, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil || !bytes.Contains(data, []byte(".TH")) {
			t.Errorf("%s: %v", page, err)
		}
	}
}

// A profile marked read_only in config.yaml starts the TUI read-only, as --read-only does; a
// profile the file does not name is unaffected.
func TestConfigReadOnlyProfileTakesEffect(t *testing.T) {
	bin := ramtuiBinary(t)
	for _, tc := range []struct {
		profile  string
		readOnly bool
	}{{"demo", true}, {"prod", false}} {
		home := t.TempDir()
		if err := os.MkdirAll(filepath.Join(home, "config", "ramtui"), 0o700); err != nil {
			t.Fatal(err)
		}
		cfg := "profiles:\n  " + tc.profile + ":\n    read_only: true\n    accent: red\n"
		if err := os.WriteFile(filepath.Join(home, "config", "ramtui", "config.yaml"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		s := startTmux(t, 120, 40, "env HOME="+home+" XDG_CONFIG_HOME="+home+"/config XDG_CACHE_HOME="+home+"/cache "+bin+" --demo")
		scr := s.waitFor("first screen", "[DEMO]", "Users (21)")
		if got := strings.Contains(scr, "[READ-ONLY]"); got != tc.readOnly {
			t.Errorf("profile %s read_only in config, --demo shows READ-ONLY = %v:\n%s", tc.profile, got, scr)
		}
		s.keys("D") // delete: disabled in read-only mode, a confirmation otherwise
		time.Sleep(300 * time.Millisecond)
		if asked := strings.Contains(s.screen(), "Delete"); asked == tc.readOnly {
			t.Errorf("profile %s: D asked to delete = %v:\n%s", tc.profile, asked, s.screen())
		}
		s.keys("C-c")
	}
}

// config.yaml's session defaults reach `ramtui assume`: the session name template and the
// duration, where the command line gives neither.
func TestAssumeUsesConfigSessionDefaults(t *testing.T) {
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo"}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "ramtui"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := "session:\n  name: \"{user}-via-{role}\"\n  duration: 20m\n"
	if err := os.WriteFile(filepath.Join(dir, "ramtui", "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"XDG_CONFIG_HOME=" + dir, "ALIBABA_CLOUD_ACCESS_KEY_ID=" + id, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + secret}
	start := time.Now()
	out, stderr, code := runBinary(t, env, "assume", "ops-readonly", "--endpoint", sim.Endpoint, "--format", "env")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "role/ops-readonly/ops-admin-via-ops-readonly") {
		t.Errorf("the session is not named by the template:\n%s", out)
	}
	m := regexp.MustCompile(`ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION=['"]?([0-9TZ:-]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no expiration in:\n%s", out)
	}
	exp, err := time.Parse(time.RFC3339, m[1])
	if err != nil {
		t.Fatal(err)
	}
	if d := exp.Sub(start); d < 19*time.Minute || d > 21*time.Minute {
		t.Errorf("the session lasts %v, want the configured 20m", d)
	}
}
