package ramclient

import (
	"context"
	"sync"
	"sync/atomic"
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
//
// A paced action keeps a burst (paceBurst): the calls it did not make while quiet, up to a
// screen's worth and never more than one second's calls at its pace, go out at once. Without
// it a throttled action's 64 rows on screen were spread over 64/pace seconds (0.8 s at 80 a
// second) instead of one round trip, long after the service's bucket had room again. One
// second's calls is what the service's flow control holds ("calls a second", the simulator's
// bucket of one second); more would be refused, and the pace cut. A Throttling says the
// service's bucket is empty, so the burst the client saved is spent then, not sent into it.
const (
	paceCut  = 0.8  // the pace after a Throttling, as a fraction of the rate before
	paceRise = 0.05 // calls a second the pace rises per call let through (5 % a second at full pace)
	// paceMinimum (calls a second) is the lowest pace: the service's lowest limits, on writes,
	// are 10-20 a second. A Throttling that no pace avoids (--throttle's random ones, another
	// client spending the same action's budget) then slows calls no further than that.
	paceMinimum = 10
	// paceBurst is the most calls a paced action sends at once after a quiet time: a screen's
	// rows (OnScreen).
	paceBurst = defaultScreenConcurrency
)

type paceKey struct {
	svc    service
	action string
}

// pacer holds each action's pace; the zero value paces nothing until a Throttling.
type pacer struct {
	mu      sync.Mutex
	actions map[paceKey]*pace
	waited  atomic.Int64 // calls the pace held back: what the tests count instead of time
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
	if r.Delay() > 0 {
		p.waited.Add(1)
	}
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
			setPace(a.lim, now, a.lim.Limit()+paceRise)
		}
		return
	}
	switch {
	case a.lim == nil:
		// The rate it was just answered at: the last second's calls, the current one's share.
		frac := 1 - float64(now.Sub(a.sec))/float64(time.Second)
		seen := float64(a.cur) + frac*float64(a.prev)
		a.lim = rate.NewLimiter(1, 1)
		setPace(a.lim, now, rate.Limit(max(paceMinimum, paceCut*seen)))
		a.cut = now
	case !sent.Before(a.cut): // sent at the current pace: it is still too fast
		setPace(a.lim, now, max(paceMinimum, paceCut*a.lim.Limit()))
		a.cut = now
	}
	spend(a.lim, now)
}

// setPace sets lim's pace and its burst with it: a screen's worth, at most one second's calls.
func setPace(lim *rate.Limiter, now time.Time, pace rate.Limit) {
	lim.SetLimitAt(now, pace)
	if b := min(paceBurst, max(1, int(pace))); b != lim.Burst() {
		lim.SetBurstAt(now, b)
	}
}

// spend takes the calls lim has saved (after a Throttling: the service has no room for them).
func spend(lim *rate.Limiter, now time.Time) {
	if t := lim.TokensAt(now); t >= 1 {
		lim.ReserveN(now, int(t))
	}
}
