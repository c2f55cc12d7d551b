package commands

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// BenchmarkStartToFirstRows times the real binary in a real terminal (tmux) from the moment it
// is started until the first users are on screen, against ramsim with 10,000 users and a
// 100 ms simulated round trip (GetCallerIdentity and the first ListUsers page are one round
// trip each). Budget: 250 ms. Memory with every user and policy loaded is bench's
// BenchmarkPeakRSS (every scale, bounded in .ci/run), not measured here a second time.
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
	for i := 0; i < b.N; i++ {
		socket := fmt.Sprintf("ramtui-bench-%d-%d", os.Getpid(), i)
		b.Cleanup(func() { exec.Command("tmux", "-L", socket, "kill-server").Run() })
		start := time.Now()
		if out, err := exec.Command("tmux", "-L", socket, "new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", command).CombinedOutput(); err != nil {
			b.Fatalf("tmux: %v %s", err, out)
		}
		for {
			out, _ := exec.Command("tmux", "-L", socket, "capture-pane", "-p", "-t", "e2e").Output()
			if strings.Contains(string(out), "user00001") {
				break
			}
			if time.Since(start) > 10*time.Second {
				b.Fatalf("no rows after 10s:\n%s", out)
			}
			time.Sleep(2 * time.Millisecond)
		}
		total += time.Since(start)
		exec.Command("tmux", "-L", socket, "kill-server").Run()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-first-rows")
}
