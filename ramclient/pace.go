package ramclient

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// The service's flow control is per action and per account (OnScreen's comment): about 100
// calls a second for RAM's reads, fewer for writes, and a call over it is answered Throttling.
// A whole-account walk at 8 in flight goes over it as soon as a round trip is under 80 ms, and
// retrying throttled calls alone would keep hammering the action until some call ran out of
// attempts (a 1,000-user listing at 50 ms failed so against the simulator's --flow-control 100).
// So each action that has been throttled is paced: its calls go out no faster than the rate the
// service was seen to let through, found the way TCP finds a window: at the first Throttling the
// pace starts at a little under the rate the action had just been answered at, is cut again on
// a Throttling of a call sent since the last cut, and rises slowly while calls pass. An action
// never throttled is not paced at all, so against a simulator without flow control nothing
// changes. The wait happens before a call takes its place in a lane, so an action waiting for
// its pace holds no place another action could use.
const (
	paceCut  = 0.8  // the pace after a Throttling, as a fraction of the rate before
	paceRise = 0.05 // calls a second the pace rises per call let through (5 % a second at full pace)
	// paceMinimum (calls a second) is the lowest pace: the service's lowest limits, on writes,
	// are 10-20 a second. A Throttling that no pace avoids (--throttle's random ones, another
	// client spending the same action's budget) then slows calls no further than that.
	paceMinimum = 10
)

type paceKey struct {
	svc    service
	action string
}

// pacer holds each action's pace; the zero value paces nothing until a Throttling.
type pacer struct {
	mu      sync.Mutex
	actions map[paceKey]*pace
}

type pace struct {
	lim *rate.Limiter // nil while the action has never been throttled
	cut time.Time     // when the pace was last set or cut
	// passed counts the calls the service let through in the current second (since sec) and
	// the one before: the rate the first pace starts from.
	sec       time.Time
	cur, prev int
}

func (p *pacer) get(k paceKey) *pace {
	if p.actions == nil {
		p.actions = map[paceKey]*pace{}
	}
	a := p.actions[k]
	if a == nil {
		a = &pace{}
		p.actions[k] = a
	}
	return a
}

// wait holds a call of k until its action's pace lets it go: at once for an action never
// throttled. It returns ctx's error when ctx ends first.
func (p *pacer) wait(ctx context.Context, k paceKey) error {
	p.mu.Lock()
	lim := p.get(k).lim
	p.mu.Unlock()
	if lim == nil {
		return nil
	}
	r := lim.Reserve()
	if err := sleep(ctx, r.Delay()); err != nil {
		r.Cancel()
		return err
	}
	return nil
}

// answered records the service's answer to a call of k sent at sent: throttled, or let through
// (any other answer, an error included, passed the flow control).
func (p *pacer) answered(k paceKey, sent time.Time, throttled bool) {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	a := p.get(k)
	if d := now.Sub(a.sec); d >= time.Second {
		a.prev = a.cur
		if d >= 2*time.Second {
			a.prev = 0
		}
		a.sec, a.cur = now, 0
	}
	if !throttled {
		a.cur++
		if a.lim != nil {
			a.lim.SetLimitAt(now, a.lim.Limit()+paceRise)
		}
		return
	}
	switch {
	case a.lim == nil:
		// The rate it was just answered at: the last second's calls, the current one's share.
		frac := 1 - float64(now.Sub(a.sec))/float64(time.Second)
		seen := float64(a.cur) + frac*float64(a.prev)
		a.lim = rate.NewLimiter(rate.Limit(max(paceMinimum, paceCut*seen)), 1)
		a.cut = now
	case !sent.Before(a.cut): // sent at the current pace: it is still too fast
		a.lim.SetLimitAt(now, max(paceMinimum, paceCut*a.lim.Limit()))
		a.cut = now
	}
}
