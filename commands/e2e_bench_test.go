package commands

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// BenchmarkStartToFirstRows times the real binary in a real terminal (tmux) from the moment it
// is started until the first users are on screen, against ramsim with 10,000 users and a
// 100 ms simulated round trip (GetCallerIdentity and the first ListUsers page are one round
// trip each). Budget: 250 ms. It then loads every user and every policy (system and custom)
// and reports the process's resident memory (budget: 80 MB).
//
//	go test -run '^$' -bench StartToFirstRows -benchtime 5x .
func BenchmarkStartToFirstRows(b *testing.B) {
	if _, err := exec.LookPath("tmux"); err != nil {
		b.Skip("tmux is not installed")
	}
	bin := ramtuiBinary(b)
	sim, err := ramsim.Start(ramsim.Options{Seed: "scale:10000", Latency: 100 * time.Millisecond}, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	id, secret := sim.Account().RootKey()
	home := b.TempDir()
	command := fmt.Sprintf("env HOME=%s ALIBABA_CLOUD_ACCESS_KEY_ID=%s ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s %s --endpoint %s",
		home, id, secret, bin, sim.Endpoint)

	var total time.Duration
	var s *tmuxSession
	for i := 0; i < b.N; i++ {
		s = &tmuxSession{t: &testing.T{}, socket: fmt.Sprintf("ramtui-bench-%d-%d", os.Getpid(), i)}
		start := time.Now()
		if out, err := exec.Command("tmux", "-L", s.socket, "new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", command).CombinedOutput(); err != nil {
			b.Fatalf("tmux: %v %s", err, out)
		}
		for {
			out, _ := exec.Command("tmux", "-L", s.socket, "capture-pane", "-p", "-t", "e2e").Output()
			if strings.Contains(string(out), "user00001") {
				break
			}
			if time.Since(start) > 10*time.Second {
				b.Fatalf("no rows after 10s:\n%s", out)
			}
			time.Sleep(2 * time.Millisecond)
		}
		total += time.Since(start)
		if i < b.N-1 {
			exec.Command("tmux", "-L", s.socket, "kill-server").Run()
		}
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-first-rows")

	// Memory with everything loaded, in the last session.
	defer exec.Command("tmux", "-L", s.socket, "kill-server").Run()
	wait := func(text string) {
		deadline := time.Now().Add(60 * time.Second)
		for {
			out, _ := exec.Command("tmux", "-L", s.socket, "capture-pane", "-p", "-t", "e2e").Output()
			if strings.Contains(string(out), text) {
				return
			}
			if time.Now().After(deadline) {
				b.Fatalf("never saw %q:\n%s", text, out)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	keys := func(k ...string) {
		for _, x := range k {
			exec.Command("tmux", "-L", s.socket, "send-keys", "-t", "e2e", x).Run()
			time.Sleep(50 * time.Millisecond)
		}
	}
	wait("Users (10000)")
	keys("4")
	wait("All policies (")
	keys("t")
	wait("Custom policies (2000)")
	keys("t")
	wait("System policies (")
	pid, err := exec.Command("tmux", "-L", s.socket, "display-message", "-p", "-t", "e2e", "#{pane_pid}").Output()
	if err != nil {
		b.Fatal(err)
	}
	rss := rssKB(b, strings.TrimSpace(string(pid)))
	b.ReportMetric(float64(rss)/1024, "RSS-MB")
}

// rssKB reads VmRSS of a process from /proc.
func rssKB(b *testing.B, pid string) int {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
