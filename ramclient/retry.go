package ramclient

import (
	"context"
	"math/rand/v2"
	"time"
)

// RetryPolicy bounds retries of Throttling*, 5xx and network errors (4xx are never retried).
// Waits are exponential with full jitter: a random duration in [0, min(MaxDelay, BaseDelay*2^n)).
type RetryPolicy struct {
	MaxAttempts int           // sends per call, first one included; default 4; 1 disables retries
	BaseDelay   time.Duration // default 100ms
	MaxDelay    time.Duration // cap of one wait; default 2s
	MaxElapsed  time.Duration // no retry starts after this much time since the first send; default 15s
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 100 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 2 * time.Second
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 15 * time.Second
	}
	return p
}

// backoff is the wait before retry number n (n = 1 for the first retry).
func (p RetryPolicy) backoff(n int) time.Duration {
	ceil := p.BaseDelay << (n - 1)
	if ceil > p.MaxDelay || ceil <= 0 {
		ceil = p.MaxDelay
	}
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

// safety says what may be done when a call's outcome is unknown (a network error after the
// request may have reached the server, or a 5xx).
type safety int

const (
	// idempotent calls (reads, updates to a given value) are simply sent again.
	idempotent safety = iota
	// settled calls are sent again, and an answer of Call.settledKind after an unknown outcome
	// means the earlier attempt did the work: delete/detach/remove answer NotFound, attach/add
	// answer AlreadyExists.
	settled
	// checked creates run Call.check before sending again: if the entity exists, the earlier
	// attempt created it and the call returns errDoneEarlier (the caller fetches the entity).
	checked
	// once calls are never sent again after an unknown outcome (CreateAccessKey: a second key
	// could be created and its secret lost; CreatePolicyVersion: a duplicate version).
	once
)

// retryDecision is what to do after a failed attempt.
type retryDecision int

const (
	giveUp retryDecision = iota
	retrySafe
	retryAfterUnknown // the failed attempt may have done the work
)

// decide classifies a failed attempt's error for retrying.
func decide(e *Error, s safety) retryDecision {
	switch {
	case e.Kind == KindThrottled:
		return retrySafe
	case e.Kind == KindUnreachable && neverSent(e.Err):
		return retrySafe
	case e.Kind == KindUnreachable, e.Kind == KindServer && e.HTTPStatus >= 500:
		if s == idempotent {
			return retrySafe
		}
		return retryAfterUnknown
	}
	return giveUp
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
