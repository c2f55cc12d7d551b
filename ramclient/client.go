package ramclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ims"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// Options configure a Client. Only Credentials is required.
type Options struct {
	// Endpoint: "" = the real service over HTTPS (ram.aliyuncs.com, sts.<Region>.aliyuncs.com);
	// "host:port" = plain HTTP to that host for RAM and STS (a local `ramtui sim`);
	// "http://host:port" or "https://host[:port]" = that scheme and host.
	Endpoint    string
	Region      string // for STS's regional endpoint; default "cn-hangzhou"
	Credentials Credentials

	ConnectTimeout time.Duration // default 5s
	ReadTimeout    time.Duration // per attempt; default 10s
	// Concurrency bounds the calls of one action in flight at once, client-wide; default 8.
	// Calls of different actions do not wait for one another's places: the service limits
	// each action on its own (OnScreen), so a walk reading three actions per user gets three
	// actions' worth. All actions together: at most MaxInFlight.
	Concurrency int
	// MaxInFlight bounds the calls of all actions in flight at once (outside OnScreen); default
	// 4 × Concurrency. 1 makes every call wait for the one before (an engine's naive way).
	MaxInFlight int
	// ScreenConcurrency bounds, apart from Concurrency, the calls made under OnScreen: the
	// columns a screen fills for the rows a person sees. Default 64; see OnScreen.
	ScreenConcurrency int
	Retry             RetryPolicy
	CallLogSize       int      // entries kept; default 1000 (ignored when CallLog is set)
	CallLog           *CallLog // share one log between clients (e.g. after a role switch); nil = a new one
	// Clock is the client's notion of now for renewing credentials before they expire; nil =
	// time.Now. Tests move it with the simulator's clock instead of waiting an hour.
	Clock func() time.Time
}

// Client talks to RAM and STS. It is safe for concurrent use; at most Options.Concurrency calls
// of one action are in flight at once, however many goroutines use it, and MaxInFlight of all
// actions, plus at most Options.ScreenConcurrency calls made under OnScreen.
type Client struct {
	ep     endpoint
	region string
	creds  atomic.Pointer[Credentials] // swapped by SetCredentials and renewals; read on every request
	// refreshMu serialises renewals (creds_refresh.go); refreshFailed is the last failed one.
	refreshMu     sync.Mutex
	refreshFailed time.Time
	now           func() time.Time // nil = time.Now; a test hook
	retry         RetryPolicy
	log           *CallLog
	pace          pacer // each throttled action's pace (pace.go)
	// lanes bound the calls in flight: lanes[0] every action's together (MaxInFlight),
	// lanes[1] the calls under OnScreen; actionLanes each action's (Concurrency), taken first.
	lanes       [2]chan struct{}
	laneMu      sync.Mutex
	actionLanes map[paceKey]chan struct{}
	// slots are the SDK client sets not in use. The first is made by New (so a bad
	// configuration fails there), the others when a call finds none free; at most
	// MaxInFlight + ScreenConcurrency ever exist.
	slots    chan *slot
	newSlots func() (*slot, error)
	made     atomic.Int32 // slots made so far (Warm makes them up to a wave's worth)
	warmWant atomic.Pointer[warmWish]
	base     *http.Transport
	dial     *dialer // base's dial: live connections to the RAM endpoint, Warm's ready ones
	conc     int
}

// A slot is one SDK client set. The SDK mutates its client on every call (timeouts, transport),
// so a client must not serve two calls at once: a call takes a slot from the pool and gives it
// back. A slot's client for a service is made when the slot first calls it: a screen's wave of
// RAM calls makes up to 64 slots at once, before its first request can go, and the STS and IMS
// clients were two thirds of that work.
type slot struct {
	sc   [3]*sdk.Client   // by service; nil until first used
	rt   [3]*ctxTransport // each client's transport
	make func(service) (*sdk.Client, *ctxTransport, error)
}

// client is the slot's SDK client for svc and its transport, made on first use.
func (s *slot) client(svc service) (*sdk.Client, *ctxTransport, error) {
	if s.sc[svc] == nil {
		sc, rt, err := s.make(svc)
		if err != nil {
			return nil, nil, err
		}
		s.sc[svc], s.rt[svc] = sc, rt
	}
	return s.sc[svc], s.rt[svc], nil
}

// DefaultRegion is used when Options.Region is empty.
const DefaultRegion = "cn-hangzhou"

// New creates a Client. It makes no network call.
func New(opts Options) (*Client, error) {
	ep, err := parseEndpoint(opts.Endpoint)
	if err != nil {
		return nil, &Error{Kind: KindInvalidInput, Message: err.Error()}
	}
	if opts.Credentials.AccessKeyID == "" || opts.Credentials.AccessKeySecret == "" {
		return nil, &Error{Kind: KindCredentials, Message: "no AccessKey id/secret given"}
	}
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if !validRegion(opts.Region) {
		return nil, &Error{Kind: KindInvalidInput, Message: fmt.Sprintf("region %q: only letters, digits, '-' and '_'", opts.Region)}
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 5 * time.Second
	}
	if opts.ReadTimeout <= 0 {
		opts.ReadTimeout = 10 * time.Second
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.ScreenConcurrency <= 0 {
		opts.ScreenConcurrency = defaultScreenConcurrency
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = inFlightPerAction * opts.Concurrency
	}
	slots := opts.MaxInFlight + opts.ScreenConcurrency
	c := &Client{
		ep:          ep,
		region:      opts.Region,
		retry:       opts.Retry.withDefaults(),
		log:         opts.CallLog,
		lanes:       [2]chan struct{}{make(chan struct{}, opts.MaxInFlight), make(chan struct{}, opts.ScreenConcurrency)},
		actionLanes: map[paceKey]chan struct{}{},
		slots:       make(chan *slot, slots),
		conc:        opts.Concurrency,
		now:         opts.Clock,
	}
	c.base, c.dial = newBaseTransport(ep, opts.ConnectTimeout, slots)
	creds := opts.Credentials
	c.creds.Store(&creds)
	if c.log == nil {
		c.log = NewCallLog(opts.CallLogSize)
	}
	c.newSlots = func() (*slot, error) { return c.newSlot(opts, false) }
	s, err := c.newSlot(opts, true)
	if err != nil {
		return nil, err
	}
	c.made.Add(1)
	c.slots <- s
	return c, nil
}

// newSlot makes a slot. The first (New's) makes all its clients, so a bad configuration fails
// in New; the others make theirs when first used.
func (c *Client) newSlot(opts Options, all bool) (*slot, error) {
	s := &slot{make: func(svc service) (*sdk.Client, *ctxTransport, error) { return c.newSDKClient(opts, svc) }}
	if all {
		for svc := range s.sc {
			if _, _, err := s.client(service(svc)); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// newSDKClient is one service's SDK client with a transport of its own over the shared pool.
func (c *Client) newSDKClient(opts Options, svc service) (*sdk.Client, *ctxTransport, error) {
	rt := &ctxTransport{base: c.base, c: c}
	cfg := sdk.NewConfig().WithScheme(c.ep.Scheme)
	cfg.Transport = rt
	prov := liveCredentials{c}
	var sc *sdk.Client
	switch svc {
	case svcSTS:
		cl, err := sts.NewClientWithOptions(c.region, cfg, prov)
		if err != nil {
			return nil, nil, fmt.Errorf("ramclient: STS client: %w", err)
		}
		sc = &cl.Client
	case svcIMS:
		cl, err := ims.NewClientWithOptions(c.region, cfg, prov)
		if err != nil {
			return nil, nil, fmt.Errorf("ramclient: IMS client: %w", err)
		}
		sc = &cl.Client
	default:
		cl, err := ram.NewClientWithOptions(c.region, cfg, prov)
		if err != nil {
			return nil, nil, fmt.Errorf("ramclient: RAM client: %w", err)
		}
		sc = &cl.Client
	}
	sc.SetConnectTimeout(opts.ConnectTimeout)
	sc.SetReadTimeout(opts.ReadTimeout)
	if c.ep.Domain != "" {
		sc.Domain = c.ep.Domain
	}
	return sc, rt, nil
}

// Log is the client's call log.
func (c *Client) Log() *CallLog { return c.log }

// Concurrency is the client-wide bound on calls of one action in flight (Options.Concurrency):
// a caller with thousands of calls of one action to make runs about that many workers rather
// than a goroutine per call.
func (c *Client) Concurrency() int { return c.conc }

// inFlightPerAction is Options.MaxInFlight's default, in actions' worth of calls: a walk rarely
// mixes more (the audit reads three actions per user).
const inFlightPerAction = 4

// MaxInFlight is the client-wide bound on calls in flight of all actions together (outside
// OnScreen, Options.MaxInFlight): a caller whose thousands of calls mix several actions runs
// about that many workers.
func (c *Client) MaxInFlight() int { return cap(c.lanes[0]) }

// Credentials returns the credentials the client signs with now: Source says where they came
// from, Expiration when they end (refreshable ones are renewed before that, so both can change
// from one call to the next: the header should ask again after each refresh of the screen).
func (c *Client) Credentials() Credentials { return *c.creds.Load() }

// SetCredentials replaces the credentials the client signs with, for every call from now on:
// a renewed role session keeps the same client, so every screen using it keeps working.
// Credentials made with WithRefresh are renewed before expiry from then on.
func (c *Client) SetCredentials(creds Credentials) error {
	if creds.AccessKeyID == "" || creds.AccessKeySecret == "" {
		return &Error{Kind: KindCredentials, Message: "no AccessKey id/secret given"}
	}
	c.creds.Store(&creds)
	return nil
}

// liveCredentials hands the SDK the client's current credentials on every request.
type liveCredentials struct{ c *Client }

func (l liveCredentials) GetCredentials() (*credentials.Credentials, error) {
	cur := l.c.creds.Load()
	return &credentials.Credentials{AccessKeyId: cur.AccessKeyID, AccessKeySecret: cur.AccessKeySecret,
		SecurityToken: cur.SecurityToken, ProviderName: l.GetProviderName()}, nil
}

func (l liveCredentials) GetProviderName() string {
	if l.c.creds.Load().SecurityToken != "" {
		return "static_sts"
	}
	return "static_ak"
}

// Endpoint describes where requests go, e.g. "http://127.0.0.1:8787".
func (c *Client) Endpoint() string { return c.ep.String() }

// Region is the region used for STS.
func (c *Client) Region() string { return c.region }

// Close releases idle connections (and those Warm dialed). Calls after Close still work (they
// open new connections).
func (c *Client) Close() {
	c.dial.closeReady()
	c.base.CloseIdleConnections()
}

func validRegion(r string) bool {
	for _, ch := range r {
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
			return false
		}
	}
	return r != ""
}

type service int

const (
	svcRAM service = iota
	svcSTS
	svcIMS // identity providers (IMS 2019-08-15, same endpoint as RAM)
)

// call describes one API call for invoke.
type call struct {
	action      string
	target      string
	svc         service
	safety      safety
	settledKind Kind                                    // for safety == settled
	check       func(ctx context.Context) (bool, error) // for safety == checked: does the entity exist?
}

// errDoneEarlier reports that a checked create's earlier attempt created the entity.
var errDoneEarlier = errors.New("ramclient: created by an earlier attempt")

// held are the lanes a call holds a place in.
type held [2]chan struct{}

func (h held) release() {
	for _, l := range h {
		if l != nil {
			<-l
		}
	}
}

// actionLane is k's own lane, made on its first call.
func (c *Client) actionLane(k paceKey) chan struct{} {
	c.laneMu.Lock()
	defer c.laneMu.Unlock()
	l := c.actionLanes[k]
	if l == nil {
		l = make(chan struct{}, c.conc)
		c.actionLanes[k] = l
	}
	return l
}

// acquire takes a place in the call's lanes, waiting while one is full (its action's first, so
// a call waiting for its action holds no place another action could use), then a free slot
// (or a new one: the lanes bound how many exist).
func (c *Client) acquire(ctx context.Context, k paceKey) (*slot, held, error) {
	lanes := held{c.actionLane(k), c.lanes[0]}
	if onScreen(ctx) {
		lanes = held{c.lanes[1]}
	}
	var h held
	for i, l := range lanes {
		if l == nil {
			continue
		}
		select {
		case l <- struct{}{}:
			h[i] = l
		case <-ctx.Done():
			h.release()
			return nil, held{}, ctx.Err()
		}
	}
	select {
	case s := <-c.slots:
		return s, h, nil
	default:
	}
	s, err := c.newSlots()
	if err != nil { // New made one the same way: not expected
		h.release()
		return nil, held{}, &Error{Kind: KindOther, Message: err.Error()}
	}
	c.made.Add(1)
	return s, h, nil
}

func (c *Client) release(s *slot, h held) {
	c.putSlot(s)
	h.release()
}

// putSlot makes s free. The pool holds as many slots as the lanes let calls hold at once; one
// more (Warm made it while a call made its own) is dropped.
func (c *Client) putSlot(s *slot) {
	select {
	case c.slots <- s:
	default:
		c.made.Add(-1)
	}
}

// send makes one attempt on a slot. Errors are *Error, or ctx's error.
func (c *Client) send(ctx context.Context, cl call, req requests.AcsRequest, resp responses.AcsResponse) (err error) {
	s, h, err := c.acquire(ctx, paceKey{cl.svc, cl.action})
	if err != nil {
		return err
	}
	defer c.release(s, h)
	sc, rt, err := s.client(cl.svc)
	if err != nil { // New made each the same way: not expected
		return &Error{Kind: KindOther, Message: err.Error()}
	}
	rt.ctx = ctx
	defer func() {
		rt.ctx = nil
		// The SDK panics on some malformed bodies (a number where a string is due ...).
		if v := recover(); v != nil {
			err = panicError(cl.action, v)
		}
	}()
	if err := sc.DoAction(req, resp); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fromSDK(cl.action, err)
	}
	return nil
}

// invoke runs one API call with retries, logs it, and returns the decoded response. build must
// return a fresh request each time: every attempt is signed anew with a fresh nonce.
func invoke[R responses.AcsResponse](ctx context.Context, c *Client, cl call, build func() (requests.AcsRequest, R)) (R, error) {
	start := time.Now()
	entry := CallEntry{Time: start, Action: cl.action, Target: cl.target}
	finish := func(outcome string, kind Kind, reqID string) {
		entry.Duration, entry.Outcome, entry.Kind, entry.RequestID = time.Since(start), outcome, kind, reqID
		req, _ := build()
		entry.Params = loggedParams(req)
		c.log.add(entry)
	}
	finishErr := func(e *Error, reqID string) { // the message and hint the call ends with
		entry.Message, entry.Hint = e.Message, e.Hint
		finish(outcomeOf(e), e.Kind, reqID)
	}
	var zero R
	pk := paceKey{cl.svc, cl.action}
	unknown := false // an earlier attempt may have done the work
	maybe := false   // ... and nothing has shown since that it did not (for the final error's hint)
	giveUpWith := func(e *Error) (R, error) {
		e.afterLost = maybe
		if maybe && !readOnly(cl.action) && !strings.Contains(e.Hint, "unknown") {
			e.Hint = "the outcome is unknown (an earlier attempt's answer was lost): check whether it took effect before trying again"
		}
		finishErr(e, e.RequestID)
		return zero, e
	}
	for {
		entry.Attempts++
		if err := c.fresh(ctx); err != nil {
			e := err.(*Error)
			e.Action = cl.action
			finishErr(e, "")
			return zero, e
		}
		if err := c.pace.wait(ctx, pk); err != nil {
			finish("Canceled", KindOther, "")
			return zero, err
		}
		req, resp := build()
		sent := time.Now()
		err := c.send(ctx, cl, req, resp)
		if err == nil {
			c.pace.answered(pk, sent, false)
			finish("OK", KindOther, requestID(resp))
			return resp, nil
		}
		var e *Error
		if !errors.As(err, &e) { // ctx is done
			finish("Canceled", KindOther, "")
			return zero, err
		}
		if e.Kind != KindUnreachable { // the service answered
			c.pace.answered(pk, sent, e.Kind == KindThrottled)
		}
		e.Attempts = entry.Attempts
		if e.Kind == KindUnreachable && !neverSent(e.Err) || e.Kind == KindServer && e.HTTPStatus >= 500 {
			maybe = true
		}
		if unknown && cl.safety == settled && e.Kind == cl.settledKind {
			finish("OK", KindOther, e.RequestID)
			return resp, nil
		}
		d := decide(e, cl.safety)
		if unknown && cl.safety == checked && e.Kind == KindAlreadyExists {
			d = retryAfterUnknown // our earlier attempt may be what exists: read it back
		}
		if d == retryAfterUnknown {
			switch cl.safety {
			case settled:
				unknown = true
			case checked:
				unknown = true
				exists, cerr := cl.check(ctx)
				if cerr == nil && exists {
					finish("OK", KindOther, e.RequestID)
					return zero, errDoneEarlier
				}
				var ce *Error
				switch {
				case errors.As(cerr, &ce) && ce.Action == cl.action: // the check's own verdict (someone else's entity, an orphan key)
					ce.Attempts = entry.Attempts
					finishErr(ce, e.RequestID)
					return zero, ce
				case cerr != nil:
					e.Hint = "the outcome is unknown and reading it back failed (" + cerr.Error() + "): check whether it took effect before trying again"
					d = giveUp
				case e.Kind == KindAlreadyExists: // exists, then gone: not ours to explain
					d = giveUp
				default: // not there: no earlier attempt did it
					maybe = false
				}
			case once:
				e.Hint = "the outcome is unknown, so the call was not repeated: check whether it took effect before trying again"
				d = giveUp
			}
		}
		if d == giveUp || entry.Attempts >= c.retry.MaxAttempts {
			return giveUpWith(e)
		}
		wait := c.retry.backoff(entry.Attempts)
		if time.Since(start)+wait > c.retry.MaxElapsed {
			return giveUpWith(e)
		}
		if err := sleep(ctx, wait); err != nil {
			finish("Canceled", KindOther, "")
			return zero, err
		}
	}
}

// readOnly reports whether an action only reads (Get*, List*): its retries change nothing.
func readOnly(action string) bool {
	return strings.HasPrefix(action, "Get") || strings.HasPrefix(action, "List")
}

func outcomeOf(e *Error) string {
	if e.Code != "" {
		return e.Code
	}
	switch e.Kind {
	case KindUnreachable:
		return "Unreachable"
	case KindServer:
		return "BadResponse"
	}
	return e.Kind.String()
}

// requestID reads the RequestId field every RAM/STS response struct has.
func requestID(resp any) string {
	if r, ok := resp.(*responses.CommonResponse); ok { // an undecoded page (deferredPage)
		return rawRequestID(r)
	}
	v := reflect.ValueOf(resp)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	if f := v.FieldByName("RequestId"); f.IsValid() && f.Kind() == reflect.String {
		return f.String()
	}
	return ""
}
