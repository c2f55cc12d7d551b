package ramsim

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

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
