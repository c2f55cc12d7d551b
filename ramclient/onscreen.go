package ramclient

import "context"

// defaultScreenConcurrency is Options.ScreenConcurrency's default: more rows than a tall
// terminal shows, so a screen's columns are one wave of calls.
const defaultScreenConcurrency = 64

type onScreenKey struct{}

// OnScreen marks ctx's calls as work for the rows a person sees (the Users tab's KEYS column,
// the role picker's trust checks, a key's last use): they run in a lane of their own, bounded
// by Options.ScreenConcurrency (64) instead of sharing Concurrency (8) with whole-account jobs.
// The rows on screen then cost one round trip, not rows/8, and a listing or the Keys tab's
// walk running meanwhile neither delays them nor is delayed by them.
//
// Why this is safe for RAM's rate limits: RAM and STS throttle per action and per account
// (the flow-control tables, "API speed limit dimension: regionId, API, ParentUid"), at 100
// calls a second for the reads a screen makes (ListAccessKeys, GetRole, GetUserMFAInfo,
// ListVirtualMFADevices, GetAccessKeyLastUsed; IMS's GetAccessKeyLastUsed 350) and 10-20 for
// writes, which never go through this lane. What the lane sends is bounded by the screen: each
// row is asked once (the screens remember what they asked), so a screen of up to 64 rows is one
// burst of up to 64 calls of one action, under that action's 100 a second. Only a person paging
// through new rows at more than 100 a second could go over; the answer is then Throttling,
// which every call retries with exponential backoff and jitter (retry.go), so the rows still
// fill, just slower, and from then on the action is paced (pace.go: a screen still goes out in
// one wave once the action has been quiet a second). The whole-account walks
// (the Keys tab, the audit) stay in the whole-account lanes: Concurrency per action, MaxInFlight
// in all.
func OnScreen(ctx context.Context) context.Context {
	return context.WithValue(ctx, onScreenKey{}, true)
}

func onScreen(ctx context.Context) bool {
	v, _ := ctx.Value(onScreenKey{}).(bool)
	return v
}
