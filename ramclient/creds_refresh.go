package ramclient

import (
	"context"
	"fmt"
	"time"
)

// RefreshMargin is how long before expiry a Client renews refreshable credentials. It leaves
// room for a slow STS round trip and for clock skew, and it is more than credentials-go's three
// minutes so a session is never used in its last minutes.
const RefreshMargin = 5 * time.Minute

// refreshRetry is how long a Client waits after a failed renewal, while the old credentials
// still work, before trying again: a broken helper must not run on every API call.
const refreshRetry = 30 * time.Second

// Refreshable reports whether a Client signing with c renews them before they expire (they
// were derived from a profile: a role, an ECS role, an External helper, OIDC, CloudSSO ...).
// Refreshable credentials with a zero Expiration come from a provider that keeps its own
// session (credentials-go's): the Client asks it before every call, and it answers from its
// cache until its session needs renewing.
func (c Credentials) Refreshable() bool { return c.refresh != nil }

// WithRefresh returns c with fn as the way to renew them: a Client signing with the result calls
// fn when c is within RefreshMargin of its Expiration, and signs with what fn returns from then
// on (which may carry its own refresh). A role session the UI assumed can be kept alive this way.
func (c Credentials) WithRefresh(fn func(context.Context) (Credentials, error)) Credentials {
	c.refresh = fn
	return c
}

// clock is the client's notion of now; tests move it instead of waiting an hour.
func (c *Client) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// fresh renews the client's credentials when they are refreshable and within RefreshMargin of
// their expiry, once for all concurrent callers. A failed renewal is an error only when the
// credentials have already expired; until then the old ones keep working and renewal is retried
// after refreshRetry.
func (c *Client) fresh(ctx context.Context) error {
	cur := c.creds.Load()
	if !cur.Refreshable() || (!cur.Expiration.IsZero() && c.clock().Before(cur.Expiration.Add(-RefreshMargin))) {
		return nil
	}
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	cur = c.creds.Load()
	if cur.Refreshable() && cur.Expiration.IsZero() {
		return c.askProvider(ctx, cur)
	}
	now := c.clock()
	if !cur.Refreshable() || now.Before(cur.Expiration.Add(-RefreshMargin)) {
		return nil // renewed (or replaced by SetCredentials) while we waited
	}
	expired := !now.Before(cur.Expiration)
	if !expired && now.Before(c.refreshFailed.Add(refreshRetry)) {
		return nil
	}
	next, err := cur.refresh(ctx)
	if err == nil && (next.AccessKeyID == "" || next.AccessKeySecret == "") {
		err = fmt.Errorf("no credentials")
	}
	if err != nil {
		c.refreshFailed = now
		if !expired {
			return nil
		}
		return &Error{Kind: KindCredentials, Message: fmt.Sprintf("the credentials from %s expired at %s and could not be renewed: %v",
			cur.Source, cur.Expiration.UTC().Format(time.RFC3339), err)}
	}
	c.refreshFailed = time.Time{}
	c.creds.CompareAndSwap(cur, &next) // a SetCredentials meanwhile wins
	return nil
}

// askProvider gets the current credentials of a provider that keeps its own session; it errs
// only when that session needed renewing and renewal failed.
func (c *Client) askProvider(ctx context.Context, cur *Credentials) error {
	next, err := cur.refresh(ctx)
	if err != nil {
		return &Error{Kind: KindCredentials, Message: fmt.Sprintf("the credentials from %s could not be renewed: %v", cur.Source, err)}
	}
	if next.AccessKeyID != cur.AccessKeyID || next.SecurityToken != cur.SecurityToken {
		c.creds.CompareAndSwap(cur, &next)
	}
	return nil
}
