package commands

import (
	"os/exec"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// BenchmarkAssumeProcess times the real binary from process start to output against ramsim
// with a 100 ms simulated round trip: `ramtui assume ARN --session-name S` (one AssumeRole) and
// `ramtui assume NAME` after the first run (identity remembered: still one call).
// The budget is one round trip + 100 ms; the benchmark reports "overhead-ms" (time - latency).
//
//	go test -run '^$' -bench AssumeProcess -benchtime 20x .
func BenchmarkAssumeProcess(b *testing.B) {
	const latency = 100 * time.Millisecond
	bin := ramtuiBinary(b)
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo", Latency: latency}, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		b.Fatal(err)
	}
	env := []string{"HOME=" + b.TempDir(), "XDG_CACHE_HOME=" + b.TempDir(), "PATH=/usr/bin:/bin",
		"ALIBABA_CLOUD_ACCESS_KEY_ID=" + id, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + secret}
	arn := "acs:ram::" + sim.Account().ID() + ":role/ops-readonly"
	for _, bc := range []struct {
		name string
		args []string
	}{
		{"arn", []string{"assume", arn, "--session-name", "bench", "--endpoint", sim.Endpoint}},
		{"name-remembered", []string{"assume", "ops-readonly", "--endpoint", sim.Endpoint}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			run := func() {
				cmd := exec.Command(bin, bc.args...)
				cmd.Env = env
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
			run() // warm: page cache, identity cache
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				run()
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(per-latency)/1e6, "overhead-ms")
		})
	}
}
