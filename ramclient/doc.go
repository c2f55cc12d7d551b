// Package ramclient is ramtui's only door to Alibaba Cloud RAM and STS: a typed API over the
// official SDK (github.com/aliyun/alibaba-cloud-sdk-go, which nothing else imports). Callers see
// plain Go values with parsed times, and *Error values with a Kind.
//
// # Setting up
//
//	creds, err := ramclient.ResolveCredentials(ctx, ramclient.CredentialOptions{
//		Profile: flagProfile, Endpoint: flagEndpoint})       // flags, --profile, env, config.json, ini
//	c, err := ramclient.New(ramclient.Options{Endpoint: flagEndpoint, Region: region, Credentials: creds})
//
// Endpoint "" is the real service over HTTPS; "127.0.0.1:8787" is plain HTTP to a local
// `ramtui sim` (for RAM and STS alike); "http://h:p" / "https://h[:p]" are honoured as given.
// Loopback endpoints are never proxied. A failed resolution is a *CredentialsError whose Tried
// lists every source looked at; Credentials.Source says where good ones came from. ListProfiles
// lists config.json's profiles (never secrets) for a picker. Nothing here writes a file except
// SaveStsProfile, which writes atomically and keeps every other profile and field.
//
// # Calls
//
// Every call takes a context; cancelling it (the screen went away) aborts the HTTP request at
// once and returns ctx.Err(). At most Options.Concurrency (default 8) requests of one action
// are in flight client-wide, however many goroutines call, and Options.MaxInFlight (default
// 32) of all actions; calls under OnScreen (the columns of the rows a screen shows) have a
// lane of their own, Options.ScreenConcurrency (default 64). Throttling, 5xx and network
// errors are retried with exponential backoff and full jitter (Options.Retry; 4 sends by
// default); other 4xx never are. An action once throttled is paced from then on (pace.go).
// Creates whose answer was lost are looked up before being sent again (CreateUser, CreateGroup,
// CreateRole, CreatePolicy), so nothing is created twice; CreateAccessKey and
// CreatePolicyVersion are never re-sent after a lost answer (the error's Hint says to look).
// Input is validated before any call (names, lengths, JSON documents, durations): such errors
// are KindInvalidInput with no API call made.
//
// # Lists: the page-at-a-time pattern
//
// Lists come in three forms, at the largest page size each API allows (users, roles, policies
// 1000; groups 100; group members 1000):
//
//	ListUsersPage(ctx, marker) (Page[User], error)   // one page; "" = first page
//	StreamUsers(ctx, func([]User) error) error       // every page, as it arrives
//	AllUsers(ctx) ([]User, error)                    // everything
//
// (likewise Groups, Roles, Policies(typ), GroupMembers(group)). A Bubble Tea screen uses the
// page form: its Cmd fetches one page and returns a message with the page and its tag; on that
// message the screen appends the items and, if page.Truncated, returns the Cmd for
// page.NextMarker. The first rows show after one round trip and the screen stays responsive:
//
//	func fetchUsers(c *ramclient.Client, ctx context.Context, seq int, marker string) tea.Cmd {
//		return func() tea.Msg {
//			p, err := c.ListUsersPage(ctx, marker)
//			return usersPageMsg{seq: seq, page: p, err: err}
//		}
//	}
//
// StreamAllAccessKeys / AllAccessKeys walk every user's keys (one call per user, no last-used dates),
// concurrently under the client's bound.
//
// # Detail screens
//
// UserDetail, GroupDetail, RoleDetail and PolicyDetail fire their independent calls at once and
// cost about one round trip. A user without a login profile or MFA device has a nil field, not
// an error. The single calls (GetUser, PoliciesFor, GroupsForUser, AccessKeys, ...) are there for
// screens that fill parts as they land.
//
// # Errors
//
// Failed calls return *Error {Kind, Code, Message, RequestID, HTTPStatus, Action, Hint, Denied,
// Attempts}. Test the kind with errors.Is:
//
//	ErrNotFound       EntityNotExist.*
//	ErrAlreadyExists  EntityAlreadyExists.*
//	ErrConflict       DeleteConflict.* (still has keys, members, attachments, versions ...)
//	ErrLimitExceeded  LimitExceeded.* (2 keys per user, 5 policy versions ...)
//	ErrDenied         NoPermission: Denied holds the action, principal, and Explicit
//	ErrInvalidInput   InvalidParameter.*, MalformedPolicyDocument, or our own validation
//	ErrAuthFailed     bad key id, bad secret, disabled key, expired token: Hint says what to do
//	ErrThrottled      still throttled after the retries
//	ErrUnreachable    connection refused, DNS, timeout: Hint says what to check
//	ErrServer         5xx, or a body that is not a RAM/STS response (never a panic)
//	ErrCredentials    ResolveCredentials found nothing usable
//
// Error() reads "Action: Code: Message (RequestId ...)", fit for a footer flash.
//
// # Call log
//
// Client.Log() keeps the last Options.CallLogSize (default 1000) calls: time, action, target,
// duration, outcome (OK or the error code), RequestId, attempts, the error's message and hint,
// and the request's parameters. Calls refused by validation before sending are logged too
// (Outcome "Refused", the reason in Message, no parameters). Log().Entries() gives them
// oldest first; Log().Subscribe(n) gives a channel of new entries that never blocks a call (a
// subscriber more than n entries behind misses some; re-read Entries). No entry ever holds a
// secret: targets are names and ARNs, and parameters come from an unsigned copy of the request
// with every secret-named one (password, token, assertion, MFA code) left out. After a role switch, pass the old client's log as
// Options.CallLog so the log screen keeps one history.
package ramclient
