package ramclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// The soak: the TUI's client flows (create users, groups, roles, policies and keys; attach,
// add to group, detach, remove, delete) against a simulator that throttles, fails and drops
// connections after applying (--throttle 0.2 --errors 0.2 --resets 0.1), then the account as
// the simulator holds it is checked against what the client reported:
//   - lost: the client reported success, the account disagrees;
//   - duplicated: a user holds more keys than the client created for it;
//   - phantom: the client reported a definite failure (not "outcome unknown") of a change that
//     the account shows anyway.
//
// All three must be 0. A call may fail (four sends all faulted); it must then say so.
//
//	go test -run '^$' -bench Soak -benchtime 1x ./ramclient/
func BenchmarkSoak(b *testing.B) {
	for range b.N {
		r := soak(b, 40, 4)
		b.ReportMetric(float64(r.ops), "ops")
		b.ReportMetric(float64(r.failed), "failed")
		b.ReportMetric(float64(r.faults), "faults")
		b.ReportMetric(float64(r.lost+r.duplicated+r.phantom), "lost+dup+phantom")
		b.Logf("%s", r)
	}
}

// A short soak in the default run: few flows, same checks.
func TestSoakShort(t *testing.T) {
	if testing.Short() {
		t.Skip("soak")
	}
	r := soak(t, 6, 3)
	t.Logf("%s", r)
}

type soakResult struct {
	ops, failed, unknown, faults int
	lost, duplicated, phantom    int
	orphans                      int // keys whose secret was lost, each after a failure that said so
	faultCodes                   map[string]int
	elapsed                      time.Duration
}

func (r soakResult) String() string {
	return fmt.Sprintf("%d operations in %v: %d failed (%d with the outcome unknown); faults met %d %v; lost %d, duplicated %d, phantom %d; keys left by an unknown outcome (reported) %d",
		r.ops, r.elapsed.Round(time.Millisecond), r.failed, r.unknown, r.faults, r.faultCodes, r.lost, r.duplicated, r.phantom, r.orphans)
}

// faultLog counts the simulator's injected faults from its request log.
type faultLog struct {
	mu    sync.Mutex
	codes map[string]int
}

func (l *faultLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range strings.Split(strings.TrimSpace(string(p)), "\n") {
		f := strings.Fields(line)
		if len(f) < 5 {
			continue
		}
		switch {
		case f[3] == "0":
			l.codes["reset"]++
		case f[4] == "Throttling.User", f[4] == "InternalError", f[4] == "ServiceUnavailable":
			l.codes[f[4]]++
		}
	}
	return len(p), nil
}

// expectation is one change the client reported on: done, definitely not done, or unknown.
type expectation struct {
	what  string // e.g. "user u3", "user u3 in group g3", "policy p3 on role r3"
	want  bool   // the state the change leads to: present (create, attach) or absent (delete, detach)
	state outcome
	err   error
}

type outcome int

const (
	done outcome = iota
	notDone
	unknown
)

func soak(t testing.TB, flows, workers int) soakResult {
	t.Helper()
	flog := &faultLog{codes: map[string]int{}}
	sim, err := ramsim.Start(ramsim.Options{Seed: "empty", ThrottleRate: 0.2, ErrorRate: 0.2, ResetRate: 0.1, Log: flog}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	id, secret := sim.Account().RootKey()
	c := newClient(t, sim.Endpoint, Credentials{AccessKeyID: id, AccessKeySecret: secret})
	acct := sim.Account().ID()

	var mu sync.Mutex
	var res soakResult
	var exps []expectation
	versionsAllowed := map[string]int{} // policy -> versions it may have (v1, and v2 unless refused)
	keysSeen := map[string]bool{}       // keys the client reported created (and so has the secret of)
	keysUnsure := map[string]bool{}     // users whose CreateAccessKey failed saying the outcome is unknown
	record := func(what string, want bool, err error) bool {
		mu.Lock()
		defer mu.Unlock()
		res.ops++
		st := done
		if err != nil {
			res.failed++
			st = notDone
			if e, ok := err.(*Error); ok && (e.Kind == KindUnreachable || e.HTTPStatus >= 500 || strings.Contains(e.Hint, "unknown")) {
				st = unknown
				res.unknown++
			} else if !ok {
				t.Errorf("%s: not a *Error: %v", what, err)
			}
		}
		exps = append(exps, expectation{what, want, st, err})
		return err == nil
	}

	start := time.Now()
	ctx := context.Background()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				u, g, r, p := fmt.Sprintf("u%d", i), fmt.Sprintf("g%d", i), fmt.Sprintf("r%d", i), fmt.Sprintf("p%d", i)
				_, err := c.CreateUser(ctx, NewUser{UserName: u, DisplayName: "User " + u})
				uOK := record("user "+u, true, err)
				_, err = c.CreateGroup(ctx, g, "soak")
				gOK := record("group "+g, true, err)
				_, err = c.CreatePolicy(ctx, NewPolicy{PolicyName: p, Document: docV1, Description: "soak"})
				pOK := record("policy "+p, true, err)
				_, err = c.CreateRole(ctx, NewRole{RoleName: r, TrustPolicy: trustAccount(acct)})
				rOK := record("role "+r, true, err)
				if pOK { // a second version: never two after a lost answer
					_, err := c.CreatePolicyVersion(ctx, p, NewPolicyVersion{Document: docV2, SetDefault: true})
					mu.Lock()
					versionsAllowed[p] = 1
					if e, ok := err.(*Error); err == nil || ok && strings.Contains(e.Error()+e.Hint, "unknown") {
						versionsAllowed[p] = 2
					}
					mu.Unlock()
					record("a version of policy "+p, true, err)
				}
				inGroup := uOK && gOK && record("user "+u+" in group "+g, true, c.AddUserToGroup(ctx, u, g))
				onUser := uOK && pOK && record("policy "+p+" on user "+u, true, c.AttachPolicy(ctx, UserPrincipal(u), p, PolicyCustom))
				onRole := rOK && pOK && record("policy "+p+" on role "+r, true, c.AttachPolicy(ctx, RolePrincipal(r), p, PolicyCustom))
				if gOK {
					record("policy ReadOnlyAccess on group "+g, true, c.AttachPolicy(ctx, GroupPrincipal(g), "ReadOnlyAccess", PolicySystem))
				}
				if uOK {
					k, err := c.CreateAccessKey(ctx, u)
					if err == nil {
						record("key "+k.AccessKeyID, true, nil)
						mu.Lock()
						keysSeen[k.AccessKeyID] = true
						mu.Unlock()
						if i%2 == 0 {
							record("key "+k.AccessKeyID, false, c.DeleteAccessKey(ctx, u, k.AccessKeyID))
						}
					} else {
						record("a key of user "+u, true, err)
						if e, ok := err.(*Error); ok && strings.Contains(e.Error()+e.Hint, "unknown") {
							mu.Lock()
							keysUnsure[u] = true
							mu.Unlock()
						} else {
							t.Logf("CreateAccessKey %s failed plainly: %v (hint %q)", u, err, e.Hint)
						}
					}
				}
				if i%2 == 1 { // tear half of it down again
					if onUser {
						record("policy "+p+" on user "+u, false, c.DetachPolicy(ctx, UserPrincipal(u), p, PolicyCustom))
					}
					if inGroup {
						record("user "+u+" in group "+g, false, c.RemoveUserFromGroup(ctx, u, g))
					}
					if onRole && record("policy "+p+" on role "+r, false, c.DetachPolicy(ctx, RolePrincipal(r), p, PolicyCustom)) {
						record("role "+r, false, c.DeleteRole(ctx, r))
					}
				}
			}
		}()
	}
	for i := range flows {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	res.elapsed = time.Since(start)

	// The account as the simulator holds it (its snapshot: no fault injection on this path).
	have := soakFacts(t, sim.Account().Snapshot)
	final := map[string]expectation{} // the last reported change decides each fact
	for _, e := range exps {
		final[e.what] = e
	}
	for what, e := range final {
		if strings.HasPrefix(what, "a key of user ") || strings.HasPrefix(what, "a version of policy ") {
			continue // a failed create: its keys are checked below
		}
		present := have.is[what]
		switch {
		case e.state == done && present != e.want:
			res.lost++
			t.Errorf("lost: the client reported %q done (present=%v), the account disagrees", what, e.want)
		case e.state == notDone && present == e.want:
			res.phantom++
			t.Errorf("phantom: the client reported %q failed (%v), the account shows it done", what, e.err)
		}
	}
	for p, n := range have.versions {
		if allowed, ok := versionsAllowed[p]; ok && n > allowed {
			res.duplicated++
			t.Errorf("duplicated: policy %s has %d versions, the client made at most %d", p, n, allowed)
		}
	}
	for what, owner := range have.keys {
		switch {
		case keysSeen[what]:
		case keysUnsure[owner]:
			res.orphans++ // reported: the failure said the outcome is unknown
		default:
			res.duplicated++
			t.Errorf("duplicated: key %s of %s exists, but the client never returned it and said nothing", what, owner)
		}
	}
	flog.mu.Lock()
	res.faultCodes = flog.codes
	for _, n := range flog.codes {
		res.faults += n
	}
	flog.mu.Unlock()
	return res
}

// facts are the simulator's account as the soak's "what" strings, and its keys by owner.
type facts struct {
	is       map[string]bool
	versions map[string]int    // custom policy -> how many versions
	keys     map[string]string // AccessKeyId -> user
}

func soakFacts(t testing.TB, snapshot func() ([]byte, error)) facts {
	t.Helper()
	data, err := snapshot()
	if err != nil {
		t.Fatal(err)
	}
	type attached struct{ Name string }
	var st struct {
		Users map[string]struct {
			Name     string
			Keys     []struct{ ID string }
			Groups   []struct{ Group string }
			Attached []attached
		}
		Groups map[string]struct {
			Name     string
			Attached []attached
		}
		Roles map[string]struct {
			Name     string
			Attached []attached
		}
		Policies map[string]struct {
			Name, Type string
			Versions   []struct{ ID string }
		}
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&st); err != nil {
		t.Fatal(err)
	}
	f := facts{is: map[string]bool{}, keys: map[string]string{}, versions: map[string]int{}}
	for _, u := range st.Users {
		f.is["user "+u.Name] = true
		for _, k := range u.Keys {
			f.is["key "+k.ID] = true
			f.keys[k.ID] = u.Name
		}
		for _, g := range u.Groups {
			f.is["user "+u.Name+" in group "+g.Group] = true
		}
		for _, a := range u.Attached {
			f.is["policy "+a.Name+" on user "+u.Name] = true
		}
	}
	for _, g := range st.Groups {
		f.is["group "+g.Name] = true
		for _, a := range g.Attached {
			f.is["policy "+a.Name+" on group "+g.Name] = true
		}
	}
	for _, r := range st.Roles {
		f.is["role "+r.Name] = true
		for _, a := range r.Attached {
			f.is["policy "+a.Name+" on role "+r.Name] = true
		}
	}
	for _, p := range st.Policies {
		if p.Type == "Custom" {
			f.versions[p.Name] = len(p.Versions)
			f.is["policy "+p.Name] = true
		}
	}
	return f
}
