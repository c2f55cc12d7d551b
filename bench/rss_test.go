package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// rssBound is issue 15's target for the whole program with 100,000 users and every policy
// loaded; the short mode (-check, 300 users) holds every scale to it, a loose sanity bound there.
const rssBound = 90 // MB

// BenchmarkPeakRSS is the real binary's peak resident memory (VmHWM) in a real terminal (tmux,
// 120x40) against `ramsim --seed scale:N` for each -scale: it waits until every user is
// listed, goes to the last one (G), opens the Policies tab (4) and waits until every policy,
// system and custom, is listed, then reads /proc/PID/status. Reported as peak-RSS-MB (the
// largest of the runs) and RSS-MB (resident at the end).
//
//	go test -run '^$' -bench PeakRSS -benchtime 1x ./bench/ -args -scale 100000
func BenchmarkPeakRSS(b *testing.B) {
	if _, err := exec.LookPath("tmux"); err != nil {
		b.Skip("tmux is not installed (.ci/run installs it)")
	}
	bin := filepath.Join(b.TempDir(), "ramtui")
	build(b, "", bin, "github.com/ramtui/ramtui")
	for _, n := range parseList(b, *scales, strconv.Atoi) {
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			// Memory does not depend on the round-trip time: no latency, the runs go faster.
			sim, err := ramsim.Start(ramsim.Options{Seed: fmt.Sprintf("scale:%d", n)}, "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { sim.Close() })
			id, secret := sim.Account().RootKey()
			home := b.TempDir()
			// The key goes through a 0600 file, not the command line (ps shows that).
			envFile := filepath.Join(home, "env")
			env := fmt.Sprintf("export HOME=%s XDG_CONFIG_HOME=%s XDG_CACHE_HOME=%s XDG_STATE_HOME=%s\n"+
				"export ALIBABA_CLOUD_ACCESS_KEY_ID=%s ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s ALIBABA_CLOUD_IGNORE_PROFILE=TRUE\n",
				home, home, home, home, id, secret)
			if err := os.WriteFile(envFile, []byte(env), 0o600); err != nil {
				b.Fatal(err)
			}
			command := fmt.Sprintf(". %s && exec %s --endpoint %s", envFile, bin, sim.Endpoint)
			var peak, last int
			for b.Loop() {
				hwm, rss := peakRSS(b, command, n)
				peak, last = max(peak, hwm), rss
			}
			b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
			b.ReportMetric(float64(last)/1024, "RSS-MB")
			if *check && peak > rssBound*1024 {
				b.Errorf("peak RSS %.1f MB with %d users and every policy, over %d MB", float64(peak)/1024, n, rssBound)
			}
		})
	}
}

// peakRSS runs command (the TUI) in a tmux session of its own, loads n users and every policy,
// and returns the process's VmHWM and VmRSS in kB.
func peakRSS(b *testing.B, command string, n int) (hwm, rss int) {
	// A socket of its own per run: the last run's server may still be going away.
	socket := fmt.Sprintf("ramtui-rss-%d-%d", os.Getpid(), time.Now().UnixNano())
	tmux := func(args ...string) string {
		out, _ := exec.Command("tmux", append([]string{"-L", socket}, args...)...).Output()
		return string(out)
	}
	if out, err := exec.Command("tmux", "-L", socket, "new-session", "-d", "-s", "rss", "-x", "120", "-y", "40",
		"sh", "-c", command).CombinedOutput(); err != nil {
		b.Fatalf("tmux: %v %s", err, out)
	}
	defer tmux("kill-server")
	// The tab line's title: "Users (N)" once all are listed, "All policies (M)" on tab 4.
	wait := func(done func(title string) bool, what string) {
		deadline := time.Now().Add(5 * time.Minute)
		for {
			screen := tmux("capture-pane", "-p", "-t", "rss")
			lines := strings.SplitN(screen, "\n", 3)
			if len(lines) > 1 && done(lines[1]) {
				return
			}
			if time.Now().After(deadline) {
				b.Fatalf("never saw %s:\n%s", what, screen)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	users := fmt.Sprintf("Users (%d)", n)
	wait(func(t string) bool { return strings.HasSuffix(strings.TrimSpace(t), users) }, users)
	tmux("send-keys", "-t", "rss", "G")
	time.Sleep(500 * time.Millisecond) // the last rows' MFA and KEYS
	tmux("send-keys", "-t", "rss", "4")
	wait(func(t string) bool {
		_, count, ok := strings.Cut(t, "All policies (")
		return ok && !strings.Contains(count, "loading")
	}, "every policy")
	time.Sleep(500 * time.Millisecond)
	pid := strings.TrimSpace(tmux("display-message", "-p", "-t", "rss", "#{pane_pid}"))
	status, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		name, value, _ := strings.Cut(line, ":")
		kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(value), " kB"))
		switch name {
		case "VmHWM":
			hwm = kb
		case "VmRSS":
			rss = kb
		}
	}
	if hwm == 0 {
		b.Fatalf("no VmHWM for pid %q", pid)
	}
	return hwm, rss
}
