package ramclient

import (
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

func TestCallLogRing(t *testing.T) {
	l := NewCallLog(3)
	for i := range 5 {
		l.add(CallEntry{Action: "A" + itoa(i)})
	}
	got := l.Entries()
	if len(got) != 3 || got[0].Action != "A2" || got[2].Action != "A4" || got[2].Seq != 5 {
		t.Fatalf("entries = %+v", got)
	}
}

func TestCallLogSubscribeNeverBlocks(t *testing.T) {
	l := NewCallLog(10)
	ch, stop := l.Subscribe(2)
	done := make(chan struct{})
	go func() {
		for range 100 {
			l.add(CallEntry{Action: "x"}) // nobody reads ch
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("a slow subscriber blocked the log")
	}
	if len(ch) != 2 || l.Dropped() != 98 {
		t.Fatalf("buffered %d, dropped %d", len(ch), l.Dropped())
	}
	stop()
	stop() // idempotent
	l.add(CallEntry{Action: "after"})
	for range ch { // closed: drains and ends
	}
}

func TestCallLogRecordsCalls(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ch, stop := c.Log().Subscribe(16)
	defer stop()
	ctx := ctxT(t)
	_, err := c.GetUser(ctx, "alice.wong")
	mustOK(t, err)
	_, _ = c.GetUser(ctx, "nobody")
	ok, fail := <-ch, <-ch
	if ok.Action != "GetUser" || ok.Target != "alice.wong" || !ok.OK() || ok.RequestID == "" || ok.Attempts != 1 || ok.Duration <= 0 || ok.Time.IsZero() {
		t.Fatalf("ok entry = %+v", ok)
	}
	if fail.Outcome != "EntityNotExist.User" || fail.Kind != KindNotFound || fail.RequestID == "" || fail.OK() {
		t.Fatalf("fail entry = %+v", fail)
	}
}

func TestCallLogShared(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "demo"})
	other := clientAs(t, sim, "alice.wong", func(o *Options) { o.CallLog = c.Log() })
	_, _ = c.CallerIdentity(ctxT(t))
	_, _ = other.CallerIdentity(ctxT(t))
	if n := len(c.Log().Entries()); n != 2 || other.Log() != c.Log() {
		t.Fatalf("shared log has %d entries", n)
	}
}
