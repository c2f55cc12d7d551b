package ramclient

import (
	"testing"
	"time"

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
