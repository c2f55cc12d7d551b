package ramclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

func TestRetriesUnderThrottling(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo", ThrottleRate: 0.5}, func(o *Options) { o.Retry.MaxAttempts = 30 })
	ctx := ctxT(t)
	for range 20 {
		_, err := c.GetUser(ctx, "alice.wong")
		mustOK(t, err)
	}
	retried := 0
	for _, e := range c.Log().Entries() {
		if !e.OK() {
			t.Fatalf("entry %+v failed", e)
		}
		if e.Attempts > 1 {
			retried++
		}
	}
	if retried == 0 {
		t.Fatal("no call was retried at ThrottleRate 0.5")
	}
}

func TestThrottledAfterMaxAttempts(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo", ThrottleRate: 1})
	_, err := c.GetUser(ctxT(t), "alice.wong")
	e := wantKind(t, err, KindThrottled)
	if e.Attempts != 4 || !strings.HasPrefix(e.Code, "Throttling") {
		t.Fatalf("throttled: %+v", e)
	}
	last := c.Log().Entries()[0]
	if last.Attempts != 4 || last.Outcome != e.Code || last.Kind != KindThrottled {
		t.Fatalf("log entry %+v", last)
	}
}

func TestRetryOn5xx(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo"})
	c := f.client(t, "ops-admin")
	f.fail5xx["GetUser"] = 2
	u, err := c.GetUser(ctxT(t), "alice.wong")
	mustOK(t, err)
	if u.UserName != "alice.wong" || c.Log().Entries()[0].Attempts != 3 {
		t.Fatalf("user %+v, entry %+v", u, c.Log().Entries()[0])
	}
	// 4xx are never retried.
	_, err = c.GetUser(ctxT(t), "nobody")
	if e := wantKind(t, err, KindNotFound); e.Attempts != 1 {
		t.Fatalf("4xx retried: %+v", e)
	}
}

// A create whose answer is lost is looked up, not sent again: one user, no AlreadyExists.
func TestAmbiguousCreateIsCheckedNotRepeated(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo"})
	c := f.client(t, "ops-admin")
	ctx := ctxT(t)
	f.drop["CreateUser"] = 1
	u, err := c.CreateUser(ctx, NewUser{UserName: "lost.answer", DisplayName: "Lost"})
	mustOK(t, err)
	if u.UserName != "lost.answer" || u.DisplayName != "Lost" {
		t.Fatalf("user = %+v", u)
	}
	var actions []string
	for _, e := range c.Log().Entries() {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, ","); got != "GetUser,CreateUser" {
		t.Fatalf("calls = %s", got)
	}
	f.drop["CreateRole"] = 1
	_, err = c.CreateRole(ctx, NewRole{RoleName: "lost-role", TrustPolicy: trustAccount(f.sim.Account().ID())})
	mustOK(t, err)
	f.drop["CreateGroup"] = 1
	_, err = c.CreateGroup(ctx, "lost-group", "")
	mustOK(t, err)
	f.drop["CreatePolicy"] = 1
	_, err = c.CreatePolicy(ctx, NewPolicy{PolicyName: "lost-policy", Document: docV1})
	mustOK(t, err)
}

// A CreateAccessKey whose answer is lost leaves no orphan: the key whose secret nobody saw is
// deleted and the create sent again, so the caller gets a key with its secret and the user has
// exactly that one key.
func TestAmbiguousCreateAccessKeyLeavesNoOrphan(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo"})
	c := f.client(t, "ops-admin")
	ctx := ctxT(t)
	_, err := c.CreateUser(ctx, NewUser{UserName: "k.user"})
	mustOK(t, err)
	f.drop["CreateAccessKey"] = 1
	k, err := c.CreateAccessKey(ctx, "k.user")
	mustOK(t, err)
	if k.Secret == "" {
		t.Fatal("no secret")
	}
	keys, err := c.AccessKeys(ctx, "k.user")
	mustOK(t, err)
	if len(keys) != 1 || keys[0].AccessKeyID != k.AccessKeyID {
		t.Fatalf("keys = %+v, want only %s (the orphan of the lost answer deleted)", keys, k.AccessKeyID)
	}
}

// A lost answer on a create whose name turns out to belong to a different entity is reported as
// the conflict, not taken for our own create.
func TestAmbiguousCreateOfSomeoneElsesEntityIsAConflict(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo"})
	c := f.client(t, "ops-admin")
	ctx := ctxT(t)
	_, err := c.CreateUser(ctx, NewUser{UserName: "taken", DisplayName: "First"})
	mustOK(t, err)
	f.drop["CreateUser"] = 1
	_, err = c.CreateUser(ctx, NewUser{UserName: "taken", DisplayName: "Second"})
	e := wantKind(t, err, KindAlreadyExists)
	if !strings.Contains(e.Message, "not created by this call") {
		t.Fatalf("error = %+v", e)
	}
}

// A delete whose answer is lost is sent again; the NotFound that follows means done.
func TestAmbiguousDeleteSettles(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo"})
	c := f.client(t, "ops-admin")
	ctx := ctxT(t)
	_, err := c.CreateUser(ctx, NewUser{UserName: "gone.soon"})
	mustOK(t, err)
	f.drop["DeleteUser"] = 1
	mustOK(t, c.DeleteUser(ctx, "gone.soon"))
	f.drop["AttachPolicyToUser"] = 1
	mustOK(t, c.AttachPolicy(ctx, UserPrincipal("alice.wong"), "ReadOnlyAccess", PolicySystem))
}

func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	mustOK(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c := newClient(t, addr, Credentials{AccessKeyID: "STS.xxxxxxxxxxxxxxxxxxxx", AccessKeySecret: "s", SecurityToken: "tok-very-secret"})
	_, err = c.GetUser(ctxT(t), "x")
	e := wantKind(t, err, KindUnreachable)
	// A network error quotes the URL, and the SDK puts the token in the query.
	if s := fmt.Sprintf("%v %+v %v", err, *e, e.Err); strings.Contains(s, "tok-very-secret") || strings.Contains(s, "Signature=") {
		t.Fatalf("the query leaked into the error: %s", s)
	}
	if e.Attempts != 4 || !strings.Contains(e.Hint, "ramtui sim") || !errors.Is(err, ErrUnreachable) {
		t.Fatalf("error = %+v", e)
	}
	// The DNS form.
	c = newClient(t, "no-such-host.invalid:80", Credentials{AccessKeyID: "LTAIxxxxxxxxxxxxxxxxxxxx", AccessKeySecret: "s"},
		func(o *Options) { o.Retry.MaxAttempts = 1 })
	_, err = c.GetUser(ctxT(t), "x")
	wantKind(t, err, KindUnreachable)
}

// Cancelling ctx abandons a call at once, even with a slow server, and frees its slot.
func TestCancelAbandonsCall(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo", Latency: 3 * time.Second}, func(o *Options) { o.Concurrency = 1 })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { _, err := c.GetUser(ctx, "alice.wong"); done <- err }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("call returned after %v", d)
		}
	case <-time.After(2500 * time.Millisecond):
		t.Fatal("cancel did not abandon the call")
	}
	if e := c.Log().Entries(); len(e) != 1 || e[0].Outcome != "Canceled" {
		t.Fatalf("log = %+v", e)
	}
	// The only slot is free again: a deadline-bound call gets through to the server.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	_, err := c.GetUser(ctx2, "alice.wong")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second call: %v", err)
	}
}

// The concurrency bound is client-wide and per action: many goroutines never put more than
// Concurrency requests of one action in flight.
func TestConcurrencyBound(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo", Latency: 20 * time.Millisecond})
	c := f.client(t, "ops-admin", func(o *Options) { o.Concurrency = 3 })
	ctx := ctxT(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := c.GetUser(ctx, "ops-admin"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if m := f.maxSeen.Load(); m > 3 || m < 2 {
		t.Fatalf("max in flight = %d, bound 3", m)
	}
}

// Calls of different actions do not wait for one another's places (the service limits each
// action on its own), and all together stay under MaxInFlight. Before, UserDetail's five
// actions shared Concurrency's places.
func TestConcurrencyPerAction(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo", Latency: 200 * time.Millisecond})
	c := f.client(t, "ops-admin", func(o *Options) { o.Concurrency, o.MaxInFlight = 2, 5 })
	ctx := ctxT(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := c.GetUser(ctx, "ops-admin"); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			if _, err := c.AccessKeys(ctx, "ops-admin"); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			if _, err := c.GetRole(ctx, "ecs-reader"); err != nil && KindOf(err) != KindNotFound {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if m := f.maxSeen.Load(); m <= 2 || m > 5 {
		t.Fatalf("max in flight = %d, want more than one action's 2 and at most MaxInFlight 5", m)
	}
	if c.MaxInFlight() != 5 {
		t.Fatalf("MaxInFlight() = %d", c.MaxInFlight())
	}
}

// Calls under OnScreen have a lane of their own: a screen's rows go out in one wave beside a
// full lane of the same action (Concurrency), and the two bounds add up, never more.
func TestOnScreenLane(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo", Latency: 200 * time.Millisecond})
	c := f.client(t, "ops-admin", func(o *Options) { o.Concurrency, o.ScreenConcurrency = 2, 10 })
	ctx := ctxT(t)
	var wg sync.WaitGroup
	call := func(ctx context.Context) {
		if _, err := c.GetUser(ctx, "ops-admin"); err != nil {
			t.Error(err)
		}
	}
	for range 4 {
		wg.Go(func() { call(ctx) })
	}
	for range 16 {
		wg.Go(func() { call(OnScreen(ctx)) })
	}
	wg.Wait()
	if m := f.maxSeen.Load(); m <= 2 || m > 12 {
		t.Fatalf("max in flight = %d, want more than the action's lane of 2 and at most 2 + 10", m)
	}
}

// A server slower than the read timeout is Unreachable (with a timeout hint), after retries.
func TestReadTimeout(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo", Latency: time.Second}, func(o *Options) {
		o.ReadTimeout = 100 * time.Millisecond
		o.Retry.MaxAttempts = 2
	})
	start := time.Now()
	_, err := c.GetUser(ctxT(t), "alice.wong")
	e := wantKind(t, err, KindUnreachable)
	if e.Attempts != 2 || !strings.Contains(e.Hint, "in time") || time.Since(start) > 900*time.Millisecond {
		t.Fatalf("error %+v after %v", e, time.Since(start))
	}
}

// A trust-policy denial's hint names the trust policy, not a missing permission (ops-admin has
// AdministratorAccess; security-audit does not trust it).
func TestTrustDenialHint(t *testing.T) {
	sim, _ := startSim(t, ramsim.Options{Seed: "demo"})
	c := clientAs(t, sim, "ops-admin")
	_, err := c.AssumeRole(ctxT(t), AssumeRoleInput{RoleArn: "acs:ram::" + sim.Account().ID() + ":role/security-audit", SessionName: "try"})
	e := wantKind(t, err, KindDenied)
	if !strings.Contains(e.Hint, "trust policy") || strings.Contains(e.Hint, "no policy allows") {
		t.Fatalf("hint = %q", e.Hint)
	}
}

// A rename or a new policy version whose answer is lost is recognised on retry: the renamed
// entity is returned, and the policy has one new version, not two.
func TestAmbiguousRenameAndPolicyVersion(t *testing.T) {
	f := startFaultSim(t, ramsim.Options{Seed: "demo"})
	c := f.client(t, "ops-admin")
	ctx := ctxT(t)
	_, err := c.CreateUser(ctx, NewUser{UserName: "old.name"})
	mustOK(t, err)
	f.drop["UpdateUser"] = 1
	u, err := c.UpdateUser(ctx, "old.name", UserUpdate{NewUserName: "new.name"})
	mustOK(t, err)
	if u.UserName != "new.name" {
		t.Fatalf("user = %+v", u)
	}
	_, err = c.CreateGroup(ctx, "old-group", "")
	mustOK(t, err)
	f.drop["UpdateGroup"] = 1
	g, err := c.UpdateGroup(ctx, "old-group", "new-group", "")
	mustOK(t, err)
	if g.GroupName != "new-group" {
		t.Fatalf("group = %+v", g)
	}

	_, err = c.CreatePolicy(ctx, NewPolicy{PolicyName: "versioned", Document: docV1})
	mustOK(t, err)
	doc2 := strings.Replace(docV1, "oss:GetObject", "oss:PutObject", 1)
	f.drop["CreatePolicyVersion"] = 1
	v, err := c.CreatePolicyVersion(ctx, "versioned", NewPolicyVersion{Document: doc2})
	mustOK(t, err)
	versions, err := c.PolicyVersions(ctx, "versioned", PolicyCustom)
	mustOK(t, err)
	if len(versions) != 2 || v.VersionID != "v2" {
		t.Fatalf("version %+v, versions %+v: want exactly v1 and v2", v, versions)
	}
}
