package ramsim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// BenchmarkListUsersSDK: signed ListUsers over loopback from 10 concurrent real SDK clients.
//
//	go test -run '^$' -bench ListUsersSDK -benchtime 5s ./ramsim/
func BenchmarkListUsersSDK(b *testing.B) {
	sim := startSim(b, Options{})
	benchSDK(b, sim.Endpoint, rootID, rootSecret)
}

func benchSDK(b *testing.B, endpoint, id, secret string) {
	const clients = 10
	pool := make(chan *ram.Client, clients)
	for range clients {
		pool <- ramClient(b, endpoint, id, secret)
	}
	if _, err := (<-pool).ListUsers(ram.CreateListUsersRequest()); err != nil {
		b.Fatal(err)
	}
	pool <- ramClient(b, endpoint, id, secret)
	b.SetParallelism((clients + 1) / 2) // x GOMAXPROCS (2 here) goroutines
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c := <-pool
		defer func() { pool <- c }()
		for pb.Next() {
			if _, err := c.ListUsers(ram.CreateListUsersRequest()); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkServeHTTP is the server's share alone: parse, verify, dispatch to the real account,
// render, without the network or the SDK. Requests are signed in batches outside the timer
// (each needs a fresh nonce).
//
//	go test -run '^$' -bench ServeHTTP -benchmem ./ramsim/
func BenchmarkServeHTTP(b *testing.B) {
	s := startSim(b, Options{}).Server
	const batch = 1000
	reqs := make([]*http.Request, 0, batch)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%batch == 0 {
			b.StopTimer()
			reqs = reqs[:0]
			for range min(batch, b.N-i) {
				p := commonV1(rootID, "ListUsers", versionRAM)
				p["Signature"] = testSign(rootSecret, "POST", p)
				q := url.Values{}
				for k, v := range p {
					q.Set(k, v)
				}
				reqs = append(reqs, httptest.NewRequest("POST", "http://127.0.0.1/?"+q.Encode(), nil))
			}
			b.StartTimer()
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, reqs[i%batch])
		if w.Code != 200 {
			b.Fatal(w.Body.String())
		}
	}
}

// BenchmarkListUsersRawHTTP: the same signed ListUsers over loopback from 10 concurrent
// connections, but with a lean client (net/http + the test signer) instead of the SDK, to show
// the server's own capacity.
//
//	go test -run '^$' -bench ListUsersRawHTTP -benchtime 5s ./ramsim/
func BenchmarkListUsersRawHTTP(b *testing.B) {
	sim := startSim(b, Options{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	b.SetParallelism(5) // x GOMAXPROCS (2 here) = 10 clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p := commonV1(rootID, "ListUsers", versionRAM)
			p["Signature"] = testSign(rootSecret, "POST", p)
			q := url.Values{}
			for k, v := range p {
				q.Set(k, v)
			}
			resp, err := client.Post("http://"+sim.Endpoint+"/?"+q.Encode(), "application/x-www-form-urlencoded", nil)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkListUsersPages is the server's share of paging through all users at scale, 1,000 a
// page, each page asked with the marker of the one before (as the client chains them): parse,
// verify the signature, dispatch, render. One op is every page; ns/page is what a client's
// all-users load waits for in the simulator per page, cpu-ns/page the process's CPU time for it
// (GC included), which a shared machine's load does not inflate. The markers are learnt once
// before the timer, and each op's requests are signed outside it (each needs a fresh nonce).
//
//	go test -run '^$' -bench ListUsersPages -benchmem -benchtime 10x ./ramsim/
func BenchmarkListUsersPages(b *testing.B) {
	const users = 100000
	s := startSim(b, Options{Seed: fmt.Sprintf("scale:%d", users)}).Server
	page := func(marker string) *http.Request {
		p := commonV1(rootID, "ListUsers", versionRAM)
		p["MaxItems"] = "1000"
		if marker != "" {
			p["Marker"] = marker
		}
		p["Signature"] = testSign(rootSecret, "POST", p)
		q := url.Values{}
		for k, v := range p {
			q.Set(k, v)
		}
		return httptest.NewRequest("POST", "http://127.0.0.1/?"+q.Encode(), nil)
	}
	markers := []string{""}
	for {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, page(markers[len(markers)-1]))
		var resp struct {
			IsTruncated bool
			Marker      string
		}
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || w.Code != 200 {
			b.Fatalf("%d %v: %.200s", w.Code, err, w.Body.String())
		}
		if !resp.IsTruncated {
			break
		}
		markers = append(markers, resp.Marker)
	}
	if len(markers) < users/1000 {
		b.Fatalf("%d pages, want %d at least", len(markers), users/1000)
	}
	reqs := make([]*http.Request, len(markers))
	var cpu time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		for i, m := range markers {
			reqs[i] = page(m)
		}
		var before, after syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
		b.StartTimer()
		for _, r := range reqs {
			var w discardWriter
			s.ServeHTTP(&w, r)
			if w.status != 200 {
				b.Fatalf("status %d", w.status)
			}
		}
		b.StopTimer()
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
		cpu += time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
		b.StartTimer()
	}
	pages := float64(b.N * len(markers))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/pages, "ns/page")
	b.ReportMetric(float64(cpu.Nanoseconds())/pages, "cpu-ns/page")
}

// discardWriter is a ResponseWriter that keeps only the status: what the server does, without a
// recorder's buffer growing in the measurement.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header {
	if w.h == nil {
		w.h = http.Header{}
	}
	return w.h
}
func (w *discardWriter) WriteHeader(status int)      { w.status = status }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
