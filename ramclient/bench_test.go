package ramclient

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// The benchmarks run against ramsim with a 50ms latency standing in for a real round trip. Each
// reports latency-x: ns/op divided by the latency. Targets: first page of a streamed list <= 1.2,
// user detail (6 calls) <= 1.5, all of 10,000 users (10 pages) <= 11.
//
//	go test ./ramclient/ -run '^$' -bench . -benchtime 20x

const benchLatency = 50 * time.Millisecond

var errFirstPage = errors.New("first page is enough")

func reportRatio(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(benchLatency), "latency-x")
}

func BenchmarkStreamFirstPage(b *testing.B) {
	_, c := startSim(b, ramsim.Options{Seed: "demo", Latency: benchLatency})
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		err := c.StreamUsers(ctx, func([]User) error { return errFirstPage })
		if err != errFirstPage {
			b.Fatal(err)
		}
	}
	reportRatio(b)
}

func BenchmarkUserDetail(b *testing.B) {
	_, c := startSim(b, ramsim.Options{Seed: "demo", Latency: benchLatency})
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.UserDetail(ctx, "ops-admin"); err != nil {
			b.Fatal(err)
		}
	}
	reportRatio(b)
}

func BenchmarkAllUsers10k(b *testing.B) {
	_, c := startSim(b, ramsim.Options{Seed: "scale:10000", Latency: benchLatency})
	ctx := context.Background()
	for b.Loop() {
		us, err := c.AllUsers(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(us) < 10000 {
			b.Fatalf("%d users", len(us))
		}
	}
	reportRatio(b)
}
