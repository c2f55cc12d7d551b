package ramclient

import (
	"cmp"
	"context"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Warm readies what a wave of n calls for the rows on screen (OnScreen) will need, so that the
// wave can go out the moment the rows are known: a screen calls it just before the call that
// lists those rows. Without it the wave's calls each opened their connection and made their
// slot at once, when the rows arrived: ~58 dials, server accepts and SDK clients in one burst
// (a cold wave's requests reached ramsim over ~60-150 ms on a loaded 2-core machine, against
// ~5-30 warm), and on the real service each waited for a TCP handshake, a round trip, before
// its request could go.
//
// The work starts once the client's next request is on the wire (the listing's): started
// before, its dials and slots held that request back. It is bounded and harmless if unused:
// n is cut to Options.ScreenConcurrency; connections are dialed only as far as the client's
// live connections to the RAM endpoint fall short of n, and one not taken within warmMaxAge
// is closed (before a server gives up on a new connection that sends nothing: ramsim after
// 10 s); slots are made only as far as the client has fewer than n. It sends no request. With
// a proxy in the way (HTTPS_PROXY for the real service) it dials nothing: the transport dials
// the proxy. TLS is left to the transport (it handshakes on a connection warm dialed).
func (c *Client) Warm(n int) {
	n = min(n, cap(c.lanes[1]))
	if n > 0 {
		c.warmWant.Store(&warmWish{n: n, at: time.Now()})
	}
}

// warmWish is a Warm waiting for the client's next request to be written.
type warmWish struct {
	n  int
	at time.Time
}

// warmTrace is the trace that starts a waiting Warm's work when req is written, or nil.
func (c *Client) warmTrace() *httptrace.ClientTrace {
	if c.warmWant.Load() == nil { // every call asks: a read, not a write, when none waits
		return nil
	}
	w := c.warmWant.Swap(nil)
	if w == nil || time.Since(w.at) > warmMaxAge { // long forgotten: no wave is coming
		return nil
	}
	return &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) {
		go c.warmSlots(w.n)
		if c.dial.addr != "" {
			go c.dial.warm(w.n)
		}
	}}
}

// warmMaxAge is how long a connection Warm dialed waits to be taken before it is closed.
const warmMaxAge = 5 * time.Second

// warmSlots makes slots, each with its RAM client, until the client has n.
func (c *Client) warmSlots(n int) {
	for {
		made := c.made.Load()
		if int(made) >= n {
			return
		}
		if !c.made.CompareAndSwap(made, made+1) {
			continue
		}
		s, err := c.newSlots()
		if err == nil {
			_, _, err = s.client(svcRAM)
		}
		if err != nil { // New made one the same way: not expected
			c.made.Add(-1)
			return
		}
		c.putSlot(s)
	}
}

// dialer is the transport's dial: it counts the live connections to the RAM endpoint and hands
// out the ones warm dialed ahead.
type dialer struct {
	d *net.Dialer
	// addr is the RAM endpoint's host:port as the transport dials it; "" when Warm must not
	// dial (a proxy in the way).
	addr string
	live atomic.Int32 // connections to addr open now, busy or idle
	// dialed counts the connections dialed for a call (none ready): what a wave warmed needs none of.
	dialed atomic.Int32
	// maxAge is how long a ready connection waits to be taken (warmMaxAge; tests shorten it).
	maxAge time.Duration
	mu     sync.Mutex
	ready  []warmConn // dialed by warm, not taken yet
	// warming counts warm's dials in flight (they will be live), so two Warms do not both dial
	// the shortfall.
	warming int
}

type warmConn struct {
	conn *countedConn
	at   time.Time
}

// newDialer is the dial of an endpoint's transport: proxy is the transport's, to tell whether
// the RAM endpoint's connections are its own.
func newDialer(d *net.Dialer, ep endpoint, proxy func(*http.Request) (*url.URL, error)) *dialer {
	dl := &dialer{d: d, maxAge: warmMaxAge}
	scheme, host, port := "https", "ram.aliyuncs.com", "443"
	if ep.Domain != "" {
		scheme, host, port = strings.ToLower(ep.Scheme), ep.Domain, "80"
		if scheme == "https" {
			port = "443"
		}
		if h, p, err := net.SplitHostPort(ep.Domain); err == nil {
			host, port = h, p
		}
	}
	addr := net.JoinHostPort(host, port)
	req := &http.Request{URL: &url.URL{Scheme: scheme, Host: addr}}
	if p, err := proxy(req); err == nil && p == nil {
		dl.addr = addr
	}
	return dl
}

// DialContext is the transport's: a connection warm dialed to addr if one is ready, else a new
// one.
func (dl *dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if addr != dl.addr || dl.addr == "" {
		return dl.d.DialContext(ctx, network, addr)
	}
	if c := dl.take(); c != nil {
		return c, nil
	}
	dl.dialed.Add(1)
	conn, err := dl.d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return dl.counted(conn), nil
}

func (dl *dialer) counted(conn net.Conn) *countedConn {
	dl.live.Add(1)
	return &countedConn{Conn: conn, live: &dl.live}
}

// take hands out the newest ready connection that is fresh and still open; stale ones close.
func (dl *dialer) take() net.Conn {
	for {
		dl.mu.Lock()
		if len(dl.ready) == 0 {
			dl.mu.Unlock()
			return nil
		}
		w := dl.ready[len(dl.ready)-1]
		dl.ready = dl.ready[:len(dl.ready)-1]
		dl.mu.Unlock()
		if time.Since(w.at) < dl.maxAge && open(w.conn.Conn) {
			return w.conn
		}
		w.conn.Close()
	}
}

// warm dials the connections n calls need that are neither live nor being dialed.
func (dl *dialer) warm(n int) {
	dl.mu.Lock()
	short := n - int(dl.live.Load()) - dl.warming
	if short <= 0 {
		dl.mu.Unlock()
		return
	}
	dl.warming += short
	dl.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), cmp.Or(dl.d.Timeout, 5*time.Second))
	defer cancel()
	var wg sync.WaitGroup
	for range short {
		wg.Go(func() {
			conn, err := dl.d.DialContext(ctx, "tcp", dl.addr)
			dl.mu.Lock()
			dl.warming--
			if err == nil {
				dl.ready = append(dl.ready, warmConn{dl.counted(conn), time.Now()})
			}
			dl.mu.Unlock()
		})
	}
	wg.Wait()
	time.AfterFunc(dl.maxAge, dl.expire)
}

// expire closes the ready connections older than maxAge.
func (dl *dialer) expire() {
	dl.mu.Lock()
	var stale []warmConn
	keep := dl.ready[:0]
	for _, w := range dl.ready {
		if time.Since(w.at) >= dl.maxAge {
			stale = append(stale, w)
		} else {
			keep = append(keep, w)
		}
	}
	dl.ready = keep
	dl.mu.Unlock()
	for _, w := range stale {
		w.conn.Close()
	}
}

// closeReady closes every ready connection (Client.Close).
func (dl *dialer) closeReady() {
	dl.mu.Lock()
	ready := dl.ready
	dl.ready = nil
	dl.mu.Unlock()
	for _, w := range ready {
		w.conn.Close()
	}
}

// countedConn is a connection to the RAM endpoint: closing it (the transport does, when it
// drops a connection) counts it out of the live ones.
type countedConn struct {
	net.Conn
	live   *atomic.Int32
	closed atomic.Bool
}

func (c *countedConn) Close() error {
	if c.closed.CompareAndSwap(false, true) {
		c.live.Add(-1)
	}
	return c.Conn.Close()
}
