package ramclient

import (
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/ramtui/ramtui/ramsim"
)

// Under the service's flow control (40 calls a second per action here) a whole-account walk
// at 8 in flight and 10 ms a round trip offers 800 calls a second of one action. Without a pace
// nearly every attempt was throttled and calls ran out of attempts; paced, the walk finishes
// and only a few attempts are refused (the ones in flight when the pace was found).
func TestPacedUnderFlowControl(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "scale:150", Latency: 10 * time.Millisecond, FlowControl: 40},
		func(o *Options) { o.CallLogSize = 1000 })
	keys, err := c.AllAccessKeys(ctxT(t))
	mustOK(t, err)
	if len(keys) < 150 {
		t.Fatalf("%d keys for 150 users", len(keys))
	}
	calls, refused := 0, 0
	for _, e := range c.Log().Entries() {
		if e.Action == "ListAccessKeys" {
			calls++
			refused += e.Attempts - 1
		}
	}
	if calls != 150 || refused > calls/5 {
		t.Fatalf("%d ListAccessKeys calls, %d attempts refused: want 150 calls and at most a fifth refused", calls, refused)
	}
	t.Logf("%d calls, %d attempts refused", calls, refused)
}

// A Throttling that no pace avoids (random ones) slows an action to paceMinimum, no further.
func TestPaceFloor(t *testing.T) {
	var p pacer
	k := paceKey{svcRAM, "GetUser"}
	for range 50 {
		p.answered(k, time.Now(), true)
	}
	if got := float64(p.get(k).lim.Limit()); got != paceMinimum {
		t.Fatalf("pace after 50 throttles = %v, want the floor %v", got, paceMinimum)
	}
}

// Once an action has been throttled its calls are paced, but the rows of a screen still go out
// in one wave when the action has been quiet: the pace keeps a burst (up to a second's calls at
// its pace). Before, the pace let one call through at a time and a screen's 20 calls
// waited one after another (19 held back, spread over 20/pace seconds). Counted, not timed: the
// calls the pace held back, and the service refused none of the wave.
func TestPaceBurstAfterQuiet(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo", Latency: 20 * time.Millisecond, FlowControl: 50})
	c := f.client(t, "ops-admin", func(o *Options) { o.CallLogSize = 2000 })
	ctx := OnScreen(ctxT(t))
	wave := func(n int) {
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() { _, err := c.GetUser(ctx, "ops-admin"); mustOK(t, err) })
		}
		wg.Wait()
	}
	k := paceKey{svcRAM, "GetUser"}
	var lim *rate.Limiter
	for range 5 { // 64 in flight at 20 ms: up to 3,200 a second against 50 (slower under -race)
		wave(200)
		c.pace.mu.Lock()
		lim = c.pace.get(k).lim
		c.pace.mu.Unlock()
		if lim != nil {
			break
		}
	}
	if lim == nil {
		t.Fatal("GetUser was never throttled")
	}
	n := min(20, int(lim.Limit()))      // a second at the pace: at least paceMinimum
	time.Sleep(1100 * time.Millisecond) // quiet: the service's bucket and the pace's refill
	before, logged := c.pace.waited.Load(), len(c.Log().Entries())
	f.maxSeen.Store(0)
	wave(n)
	if held := c.pace.waited.Load() - before; held != 0 {
		t.Errorf("the pace (%.0f a second, burst %d) held back %d of %d calls after a quiet second, want none", lim.Limit(), lim.Burst(), held, n)
	}
	for _, e := range c.Log().Entries()[logged:] {
		if e.Attempts != 1 {
			t.Errorf("a call of the wave took %d attempts: the burst went over the service's flow control", e.Attempts)
		}
	}
	t.Logf("pace %.0f a second, burst %d; %d calls, at most %d in flight", lim.Limit(), lim.Burst(), n, f.maxSeen.Load())
}
