package commands

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"

	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ramsim/account"
)

func TestSimRejectsBadFlags(t *testing.T) {
	base := simFlags{listen: "127.0.0.1:0", seed: "demo"}
	for _, tc := range []struct {
		name string
		edit func(*simFlags)
		want string
	}{
		{"root key without secret", func(f *simFlags) { f.rootKey = "LTAIonly" }, "--root-key: want ID:SECRET"},
		{"root key empty id", func(f *simFlags) { f.rootKey = ":secret" }, "--root-key: want ID:SECRET"},
		{"throttle above 1", func(f *simFlags) { f.throttle = 1.5 }, "--throttle 1.5"},
		{"negative throttle", func(f *simFlags) { f.throttle = -0.1 }, "--throttle -0.1"},
		{"negative flow control", func(f *simFlags) { f.flowControl = -5 }, "--flow-control -5"},
		{"errors above 1", func(f *simFlags) { f.errors = 2 }, "--errors 2"},
		{"negative resets", func(f *simFlags) { f.resets = -0.5 }, "--resets -0.5"},
		{"negative latency", func(f *simFlags) { f.latency = -1 }, "--latency"},
		{"remote listen", func(f *simFlags) { f.listen = "0.0.0.0:8787" }, "not loopback"},
		{"remote listen, empty host", func(f *simFlags) { f.listen = ":8787" }, "not loopback"},
		{"bad seed", func(f *simFlags) { f.seed = "lots" }, "unknown seed"},
		{"bad scale", func(f *simFlags) { f.seed = "scale:many" }, "scale:N"},
	} {
		f := base
		tc.edit(&f)
		err := runSim(context.Background(), io.Discard, io.Discard, f)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

func TestSimCommandIsRegistered(t *testing.T) {
	cmd, _, err := newRootCmd().Find([]string{"sim"})
	if err != nil || cmd.Name() != "sim" {
		t.Fatalf("sim subcommand: %v", err)
	}
	for _, name := range []string{"listen", "state", "seed", "latency", "throttle", "flow-control", "errors", "resets", "root-key", "tls", "allow-remote", "log"} {
		if cmd.Flags().Lookup(name) == nil {
			t.Errorf("flag --%s missing", name)
		}
	}
}

// The real command in a child process: it prints a usable banner, serves the SDK, and on
// SIGTERM/SIGINT exits 0 with every change in the state file.
func TestSimServesAndExitsCleanlyOnSignal(t *testing.T) {
	if os.Getenv("RAMTUI_SIM_CHILD") == "1" {
		root := newRootCmd()
		root.SetArgs(strings.Split(os.Getenv("RAMTUI_SIM_ARGS"), " "))
		if root.Execute() != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		state := filepath.Join(t.TempDir(), "state.json")
		cmd := exec.Command(os.Args[0], "-test.run=^TestSimServesAndExitsCleanlyOnSignal$")
		cmd.Env = append(os.Environ(), "RAMTUI_SIM_CHILD=1",
			"RAMTUI_SIM_ARGS=sim --listen 127.0.0.1:0 --seed empty --state "+state+" --log")
		var stderr syncBuffer
		cmd.Stderr = &stderr
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		banner := map[string]string{}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if k, v, ok := strings.Cut(strings.TrimPrefix(line, " export "), "="); ok && strings.HasPrefix(line, " export ") {
				banner[k] = v
			}
			if rest, ok := strings.CutPrefix(line, "ramtui sim: RAM + STS on http://"); ok {
				banner["endpoint"] = rest
			}
			if strings.HasPrefix(line, "# stop with") {
				break
			}
		}
		go io.Copy(io.Discard, out)
		endpoint, id, secret := banner["endpoint"], banner["ALIBABA_CLOUD_ACCESS_KEY_ID"], banner["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]
		if endpoint == "" || id == "" || secret == "" {
			cmd.Process.Kill()
			t.Fatalf("banner incomplete: %v", banner)
		}
		c, err := ram.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewStaticAKCredentialsProvider(id, secret))
		if err != nil {
			t.Fatal(err)
		}
		c.Domain = endpoint
		req := ram.CreateCreateUserRequest()
		req.UserName = "made-before-signal"
		if _, err := c.CreateUser(req); err != nil {
			cmd.Process.Kill()
			t.Fatal(err)
		}
		cmd.Process.Signal(sig)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%v: exit %v; stderr:\n%s", sig, err, stderr.String())
		}
		if !strings.Contains(stderr.String(), " CreateUser "+id+" 200 - ") {
			t.Errorf("request log missing: %s", stderr.String())
		}
		if strings.Contains(stderr.String(), secret) {
			t.Error("secret on stderr")
		}
		sim, err := ramsim.New(ramsim.Options{StatePath: state})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, aerr := sim.Account().Invoke(account.Request{Product: account.RAM, Action: "GetUser",
			Params: map[string]string{"UserName": "made-before-signal"},
			Caller: account.Identity{Type: account.IdentityRoot, AccountID: sim.Account().ID()}}); aerr != nil {
			t.Errorf("%v: change lost: %v", sig, aerr)
		}
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// With an already-cancelled context runSim starts, prints its banner, flushes and returns.
func TestSimBannerAndReusedState(t *testing.T) {
	state := filepath.Join(t.TempDir(), "sub", "state.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	envFile := filepath.Join(t.TempDir(), "sim.env")
	f := simFlags{listen: "127.0.0.1:0", seed: "demo", state: state, rootKey: "LTAIfirstKey:first-secret", envFile: envFile}
	var out, errOut bytes.Buffer
	if err := runSim(ctx, &out, &errOut, f); err != nil {
		t.Fatal(err)
	}
	exports := " export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIfirstKey\n export ALIBABA_CLOUD_ACCESS_KEY_SECRET=first-secret\n" +
		" export ALIBABA_CLOUD_IGNORE_PROFILE=TRUE\n" // else a configured aliyun CLI profile wins
	for _, want := range []string{"(new, seed demo)", "\n" + exports, "--insecure", "account id: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("first banner lacks %q:\n%s", want, out.String())
		}
	}
	// The demo's partner account follows, as RAMTUI_SIM_ACCOUNT2_*.
	partner := " export RAMTUI_SIM_ACCOUNT2_ID=1357924680135792\n export RAMTUI_SIM_ACCOUNT2_ACCESS_KEY_ID="
	if data, err := os.ReadFile(envFile); err != nil || !strings.HasPrefix(string(data), exports+partner) ||
		strings.Count(string(data), "\n") != 6 || !strings.Contains(out.String(), string(data)) {
		t.Errorf("--env-file wrote %q, %v", data, err)
	}
	if st, _ := os.Stat(envFile); st.Mode().Perm() != 0o600 {
		t.Errorf("--env-file mode %v", st.Mode().Perm())
	}
	f.envFile = ""
	out.Reset()
	f.rootKey = "LTAIotherKey:other"
	if err := runSim(ctx, &out, &errOut, f); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), state+" (loaded)") || !strings.Contains(out.String(), "=LTAIfirstKey\n") {
		t.Errorf("second banner:\n%s", out.String())
	}
	if !strings.Contains(errOut.String(), "--root-key ignored") {
		t.Errorf("no warning about the ignored --root-key: %s", errOut.String())
	}
}

// --accounts hosts one account per data set; the banner lists each with its id, alias and
// state file, and exports every root key.
func TestSimAccountsBanner(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	f := simFlags{listen: "127.0.0.1:0", seed: "demo", accounts: []string{"demo", "empty"}, state: state}
	if err := runSim(ctx, &out, io.Discard, f); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(alias acme-cloud)\n", "accounts:   3 on this endpoint",
		"  2  1357924680135792 (alias partner)  seed partner, " + state + ".account2 (new)\n",
		"seed empty, " + state + ".account3 (new)\n", " export RAMTUI_SIM_ACCOUNT3_ACCESS_KEY_SECRET="} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
	f.accounts = []string{"demo", "bogus"}
	if err := runSim(ctx, io.Discard, io.Discard, f); err == nil || !strings.Contains(err.Error(), "bogus") {
		t.Errorf("--accounts demo,bogus: %v", err)
	}
}

func TestSimTLSBanner(t *testing.T) {
	cert := filepath.Join(t.TempDir(), "sim.pem")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	f := simFlags{listen: "127.0.0.1:0", seed: "empty", tls: true, tlsCert: cert}
	if err := runSim(ctx, &out, io.Discard, f); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"RAM + STS on https://127.0.0.1:", " export SSL_CERT_FILE=" + cert + "\n",
		" export ALIBABA_CLOUD_STS_ENDPOINT=127.0.0.1:", "--secure", `WithScheme("HTTPS")`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
	if _, err := os.Stat(cert); err != nil {
		t.Fatalf("certificate not written: %v", err)
	}
}
