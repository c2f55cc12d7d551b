package ramsim

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/ramtui/ramtui/ramsim/account"
)

// flowControl is the real service's flow control (Options.FlowControl): RAM, STS and IMS limit
// each action per account ("API speed limit dimension: regionId, API, ParentUid"), about 100
// calls a second for the reads; a call over the limit is answered Throttling.User. Each
// (account, product, action) has a token bucket of the rate, holding one second's calls, so a
// client that keeps to the rate is never refused, and one that sends three actions gets three
// actions' worth.
type flowControl struct {
	rate float64
	mu   sync.Mutex
	lims map[flowKey]*rate.Limiter
}

type flowKey struct {
	m       *member
	product account.Product
	action  string
}

func newFlowControl(perSecond float64) *flowControl {
	if perSecond <= 0 {
		return nil
	}
	return &flowControl{rate: perSecond, lims: map[flowKey]*rate.Limiter{}}
}

// allow takes a token of k's bucket, or reports that the call is over the limit. A nil
// flowControl (the option off) allows everything.
func (f *flowControl) allow(k flowKey, now time.Time) bool {
	if f == nil {
		return true
	}
	f.mu.Lock()
	l := f.lims[k]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(f.rate), max(1, int(f.rate)))
		f.lims[k] = l
	}
	f.mu.Unlock()
	return l.AllowN(now, 1)
}
