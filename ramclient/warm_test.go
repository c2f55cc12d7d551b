package ramclient

import (
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// waitFor polls cond until it holds, failing after a generous timeout (no timed assertion).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not after 20s: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A wave of calls for the rows on screen finds its connections and slots ready when Warm was
// asked for before the listing's call: it dials nothing and makes no slot. Before Warm the
// wave dialed a connection and made a slot per call, all at once, when the rows arrived.
func TestWarmReadiesTheWave(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "scale:100", Latency: 20 * time.Millisecond})
	ctx := ctxT(t)
	const wave = 20
	c.Warm(wave)
	if c.dial.live.Load() != 0 || c.made.Load() != 1 {
		t.Fatalf("Warm worked before a request went: %d connections, %d slots", c.dial.live.Load(), c.made.Load())
	}
	p, err := c.ListUsersPage(ctx, "") // the listing: Warm's work starts once it is written
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the wave's connections and slots ready", func() bool {
		c.dial.mu.Lock()
		ready := len(c.dial.ready)
		c.dial.mu.Unlock()
		return c.made.Load() >= wave && ready >= wave-1 // the listing's own connection is live
	})
	dialed, made := c.dial.dialed.Load(), c.made.Load()
	var wg sync.WaitGroup
	for _, u := range p.Items[:wave] {
		wg.Go(func() {
			if _, err := c.GetUser(OnScreen(ctx), u.UserName); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if d, m := c.dial.dialed.Load()-dialed, c.made.Load()-made; d != 0 || m != 0 {
		t.Errorf("the wave of %d dialed %d connections and made %d slots, want none", wave, d, m)
	}
	// Warmed again with the connections live (idle in the pool): nothing more is dialed.
	live := c.dial.live.Load()
	c.Warm(wave)
	if _, err := c.CallerIdentity(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // what a second warm would dial has had time to
	if c.dial.live.Load() != live || c.made.Load() > int32(cap(c.slots)) {
		t.Errorf("a second Warm with %d connections live: %d live now, %d slots", live, c.dial.live.Load(), c.made.Load())
	}
}

// Connections Warm dialed that no call took close after their time (before a server gives up
// on them), and at Close; one the server closed meanwhile is not handed out.
func TestWarmUnusedConnectionsClose(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	c.dial.maxAge = 200 * time.Millisecond
	c.Warm(5)
	if _, err := c.CallerIdentity(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "5 connections live", func() bool { return c.dial.live.Load() >= 5 })
	waitFor(t, "the unused ones closed", func() bool { return c.dial.live.Load() <= 1 })

	c.dial.maxAge = time.Minute
	c.Warm(5)
	if _, err := c.CallerIdentity(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "5 connections live again", func() bool { return c.dial.live.Load() >= 5 })
	c.Close()
	waitFor(t, "Close closes them", func() bool { return c.dial.live.Load() == 0 })
}

func TestWarmDoesNotHandOutAClosedConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 2)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- conn
		}
	}()
	dl := newDialer(&net.Dialer{}, endpoint{Scheme: "HTTP", Domain: ln.Addr().String()}, noProxy)
	dl.warm(2)
	first, second := <-accepted, <-accepted
	defer second.Close()
	first.Close() // the server gives up on one of them
	if dl.live.Load() != 2 {
		t.Fatalf("%d live, want the 2 warm dialed", dl.live.Load())
	}
	var got []net.Conn
	waitFor(t, "the closed one seen", func() bool {
		if c := dl.take(); c != nil {
			got = append(got, c)
		}
		return dl.live.Load() == 1
	})
	if c := dl.take(); c != nil {
		got = append(got, c)
	}
	if len(got) != 1 {
		t.Fatalf("handed out %d connections, want the open one", len(got))
	}
	if _, err := got[0].Write([]byte("x")); err != nil {
		t.Fatalf("the connection handed out: %v", err)
	}
	got[0].Close()
}

// With a proxy in the way the transport dials the proxy, not the endpoint: Warm dials nothing.
func TestWarmBehindAProxyDialsNothing(t *testing.T) {
	proxy := func(r *http.Request) (*url.URL, error) { return url.Parse("http://127.0.0.1:9") } // HTTPS_PROXY's
	dl := newDialer(&net.Dialer{}, endpoint{Scheme: "HTTPS"}, proxy)
	if dl.addr != "" {
		t.Fatalf("warm would dial %s behind a proxy", dl.addr)
	}
	if dl := newDialer(&net.Dialer{}, endpoint{Scheme: "HTTPS"}, noProxy); dl.addr != "ram.aliyuncs.com:443" {
		t.Fatalf("the real service's address: %q", dl.addr)
	}
}

func noProxy(*http.Request) (*url.URL, error) { return nil, nil }
