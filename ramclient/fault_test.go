package ramclient

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ramtui/ramtui/ramsim"
)

// faultSim is a real ramsim behind a handler that can break chosen requests, the way a network
// or a gateway would: after the simulator handled a request (so its effect happened) the
// connection is dropped, or a 5xx is answered instead. It also counts requests in flight.
type faultSim struct {
	sim      *ramsim.Server
	srv      *httptest.Server
	mu       sync.Mutex
	drop     map[string]int // action -> how many more to drop after handling
	fail5xx  map[string]int // action -> how many more to answer 500 without handling
	inFlight atomic.Int32
	maxSeen  atomic.Int32
}

func startFaultSim(t testing.TB, opts ramsim.Options) *faultSim {
	t.Helper()
	s, err := ramsim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	f := &faultSim{sim: s, drop: map[string]int{}, fail5xx: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(func() { f.srv.Close(); s.Close() })
	return f
}

func (f *faultSim) endpoint() string { return strings.TrimPrefix(f.srv.URL, "http://") }

func (f *faultSim) take(m map[string]int, action string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m[action] > 0 {
		m[action]--
		return true
	}
	return false
}

func (f *faultSim) serve(w http.ResponseWriter, r *http.Request) {
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		m := f.maxSeen.Load()
		if n <= m || f.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	action := r.URL.Query().Get("Action")
	if f.take(f.fail5xx, action) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"RequestId":"FAULT-500","HostId":"ram.aliyuncs.com","Code":"InternalError","Message":"An internal error occurred."}`))
		return
	}
	if f.take(f.drop, action) {
		f.sim.ServeHTTP(httptest.NewRecorder(), r) // the work is done ...
		conn, _, err := w.(http.Hijacker).Hijack() // ... but the answer is lost
		if err == nil {
			conn.Close()
		}
		return
	}
	f.sim.ServeHTTP(w, r)
}

func (f *faultSim) client(t testing.TB, user string, copts ...func(*Options)) *Client {
	t.Helper()
	id, secret, err := f.sim.Account().IssueAccessKey(user)
	if err != nil {
		t.Fatal(err)
	}
	return newClient(t, f.endpoint(), Credentials{AccessKeyID: id, AccessKeySecret: secret}, copts...)
}
