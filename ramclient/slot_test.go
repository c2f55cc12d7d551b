package ramclient

import (
	"sync"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// A slot makes a service's SDK client when it first calls that service: a screen's wave of RAM
// calls makes a slot per call at once, before its first request goes out, and each slot made
// its STS and IMS clients too (219 allocations against 75 for RAM's alone). New's slot makes all
// three (a bad configuration fails in New). A slot made by a RAM call still answers STS and IMS.
func TestSlotsMakeAServiceClientOnFirstUse(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo", Latency: 20 * time.Millisecond})
	ctx := OnScreen(ctxT(t))
	var wg sync.WaitGroup
	for range 6 { // at once: New's slot and five new ones
		wg.Go(func() {
			if _, err := c.GetUser(ctx, "ops-admin"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var slots []*slot
	for len(c.slots) > 0 {
		slots = append(slots, <-c.slots)
	}
	full, ramOnly := 0, 0
	for _, s := range slots {
		switch {
		case s.sc[svcRAM] != nil && s.sc[svcSTS] != nil && s.sc[svcIMS] != nil:
			full++
		case s.sc[svcRAM] != nil && s.sc[svcSTS] == nil && s.sc[svcIMS] == nil:
			ramOnly++
		}
	}
	if len(slots) < 2 || full != 1 || ramOnly != len(slots)-1 {
		t.Fatalf("%d slots: %d with every client, %d with RAM's only; want New's whole and the rest RAM's only", len(slots), full, ramOnly)
	}
	for _, s := range slots {
		c.slots <- s
	}
	// Every slot can still call STS and IMS: the clients are made then.
	for range len(slots) {
		wg.Go(func() {
			if _, err := c.CallerIdentity(ctx); err != nil {
				t.Error(err)
			}
			if _, err := c.ListSAMLProviders(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
