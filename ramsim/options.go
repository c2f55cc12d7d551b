package ramsim

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Options configure a simulator. The zero value is a demo account in memory.
type Options struct {
	Seed string // "empty" | "demo" | "scale:N"; "" means "demo"
	// Accounts, when set, replaces Seed: one account per data set, served on one endpoint
	// ("demo", "empty", "scale:N", "partner"). The demo data set brings its partner account
	// along (a second account whose staff assume the demo's role vendor-monitoring), right after
	// it, unless "partner" is listed. The first account is the one Account returns.
	Accounts []string
	// StatePath: "" = in memory; else changes survive kill -9; an existing file wins over the
	// seed and root key. The first account lives in this file, the n-th (n >= 2) in
	// StatePath.accountN; each account's OSS in its file plus ".oss".
	StatePath    string
	Latency      time.Duration // added to every request (stands in for a real round trip)
	ThrottleRate float64       // 0..1: fraction of authenticated requests answered 400 Throttling.User
	// FlowControl, when > 0, is the real service's flow control: at most this many calls a
	// second of each action per account (a token bucket holding one second's calls); the
	// calls over it are answered 400 Throttling.User. 0 = off.
	FlowControl float64
	// ErrorRate is the fraction (0..1) of authenticated requests answered 500 InternalError or
	// 503 ServiceUnavailable (half each) before anything is applied.
	ErrorRate float64
	// ResetRate is the fraction (0..1) of authenticated requests that are handled (a change is
	// applied and saved) and then get no answer: the connection is closed.
	ResetRate     float64
	RootKeyID     string // fixed root AccessKey id of the first account; empty = generated
	RootKeySecret string // fixed root AccessKey secret of the first account; empty = generated
	// Clock is the account's clock (STS expiry, create dates); nil = time.Now. Request
	// Timestamp skew is always checked against real time, like the real gateway does.
	Clock func() time.Time

	// Log, when set, gets one line per request: time, action, caller key id, status, code,
	// duration. Never a secret, token or signature.
	Log io.Writer
	// TLSCertFile, when set, makes Start serve HTTPS with a fresh self-signed certificate
	// whose PEM is written to this path (point SSL_CERT_FILE at it).
	TLSCertFile string
	// AllowRemote lets Start listen on a non-loopback address.
	AllowRemote bool
}

// seedName returns the effective seed ("" means "demo").
func (o Options) seedName() string {
	if o.Seed == "" {
		return "demo"
	}
	return o.Seed
}

// seeds are the data sets of the accounts to host, in order: Accounts, or Seed alone, with the
// demo's partner added after the first demo unless listed.
func (o Options) seeds() []string {
	list := o.Accounts
	if len(list) == 0 {
		list = []string{o.seedName()}
	}
	if slices.Contains(list, "partner") || !slices.Contains(list, "demo") {
		return list
	}
	i := slices.Index(list, "demo")
	return slices.Insert(slices.Clone(list), i+1, "partner")
}

// statePath is the state file of the i-th account ("" in memory).
func (o Options) statePath(i int) string {
	if o.StatePath == "" || i == 0 {
		return o.StatePath
	}
	return o.StatePath + ".account" + strconv.Itoa(i+1)
}

// Validate reports an option value Start would refuse, so a command line can call it a usage
// error before starting anything.
func (o Options) Validate() error { return o.validate() }

// validate rejects option values that would make the simulator misbehave silently.
func (o Options) validate() error {
	partners := 0
	for _, seed := range o.seeds() {
		switch {
		case seed == "demo", seed == "empty":
		case seed == "partner":
			if partners++; partners > 1 {
				return fmt.Errorf("ramsim: the partner account can be hosted once (its id is fixed)")
			}
		case strings.HasPrefix(seed, "scale:"):
			n, err := strconv.Atoi(strings.TrimPrefix(seed, "scale:"))
			if err != nil || n < 0 {
				return fmt.Errorf("ramsim: seed %q: want scale:N with N a non-negative integer", seed)
			}
		default:
			return fmt.Errorf("ramsim: unknown seed %q (want demo, empty, partner or scale:N)", seed)
		}
	}
	if o.Latency < 0 {
		return fmt.Errorf("ramsim: latency %v is negative", o.Latency)
	}
	for _, r := range []struct {
		name string
		v    float64
	}{{"throttle", o.ThrottleRate}, {"error", o.ErrorRate}, {"reset", o.ResetRate}} {
		if !(r.v >= 0 && r.v <= 1) { // also rejects NaN
			return fmt.Errorf("ramsim: %s rate %v is not between 0 and 1", r.name, r.v)
		}
	}
	if !(o.FlowControl >= 0 && o.FlowControl <= 1e9) { // also rejects NaN and +Inf
		return fmt.Errorf("ramsim: flow control %v is not a rate between 0 and 1e9 calls a second", o.FlowControl)
	}
	if (o.RootKeyID == "") != (o.RootKeySecret == "") {
		return fmt.Errorf("ramsim: root key needs both an id and a secret")
	}
	return nil
}
