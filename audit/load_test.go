package audit

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

// Without the credential report, a key's last use and a user's console access are read only
// where a finding can depend on them; at each edge the findings are those of reading everything.
func TestAuditReadsOnlyWhatAFindingCanDependOn(t *testing.T) {
	var at atomic.Int64 // the simulator's clock, moved to make entities of a given age
	now := time.Now()
	at.Store(now.UnixNano())
	sim, err := ramsim.Start(ramsim.Options{Clock: func() time.Time { return time.Unix(0, at.Load()) }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	id, secret := sim.Account().RootKey()
	root, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(root.Close)
	ctx := ctxT(t)
	day := 24 * time.Hour
	setAgo := func(d time.Duration) { at.Store(now.Add(-d).UnixNano()) }
	user := func(name string, age time.Duration) {
		t.Helper()
		setAgo(age)
		if _, err := root.CreateUser(ctx, ramclient.NewUser{UserName: name}); err != nil {
			t.Fatal(err)
		}
	}
	key := func(name string, age time.Duration) ramclient.NewAccessKey {
		t.Helper()
		setAgo(age)
		k, err := root.CreateAccessKey(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	user("key-91", 100*day) // an old key never used: key-unused
	k91 := key("key-91", 91*day)
	user("key-89", 89*day) // a young user's young key: nothing can depend on its use
	k89 := key("key-89", 89*day)
	user("edge", 100*day) // a key half an hour short of 90 days (within the margin): read
	kEdge := key("edge", 90*day-30*time.Minute)
	user("idle", 100*day) // an old user whose only key is young and unused: user-inactive
	kIdle := key("idle", 89*day)
	user("busy", 100*day) // an old user whose old key was used 10 days ago: its young key is not read
	kOld := key("busy", 95*day)
	kYoung := key("busy", 30*day)
	setAgo(10 * day)
	used, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: kOld.AccessKeyID, AccessKeySecret: kOld.Secret}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(used.Close)
	if _, err := used.CallerIdentity(ctx); err != nil {
		t.Fatal(err)
	}
	at.Store(now.UnixNano())
	// zhao.min has a virtual MFA device and no key (demo): console access is not read. zhou.jie
	// has one too, and gets an active key: then it is (console-and-keys depends on it).
	key("zhou.jie", 0)
	at.Store(now.UnixNano())

	c := noReportClient(t, sim, root)
	s := load(t, c)
	asked := map[string]bool{}
	for _, e := range c.Log().Entries() {
		switch e.Action {
		case "GetAccessKeyLastUsed":
			asked[e.Target[strings.LastIndexByte(e.Target, ' ')+1:]] = true
		case "GetLoginProfile":
			asked[e.Target] = true
		case "GetUser":
			asked["last sign-in of "+e.Target] = true
		}
	}
	for _, w := range []struct {
		what  string
		id    string
		asked bool
	}{
		{"a key 91 days old", k91.AccessKeyID, true},
		{"a young user's key 89 days old", k89.AccessKeyID, false},
		{"a key 89 days 23.5 hours old", kEdge.AccessKeyID, true},
		{"the young key of an old user otherwise idle", kIdle.AccessKeyID, true},
		{"the old key of an old user", kOld.AccessKeyID, true},
		{"the young key of a user seen active", kYoung.AccessKeyID, false},
		{"console access of a user with virtual MFA and no key", "zhao.min", false},
		{"console access of a user with virtual MFA and an active key", "zhou.jie", true},
		{"console access of a user without MFA", "key-89", true},
		// ListUsers has no last sign-in: GetUser where user-inactive depends on it.
		{"the last sign-in of an old user without keys", "last sign-in of zhao.min", true},
		{"the last sign-in of a user whose key was used lately", "last sign-in of busy", false},
		{"the last sign-in of a young user", "last sign-in of key-89", false},
	} {
		if asked[w.id] != w.asked {
			t.Errorf("%s: read %v, want %v", w.what, asked[w.id], w.asked)
		}
	}

	r := Check(s, time.Now())
	want := []struct{ check, entity string }{
		{CheckKeyUnused, "accesskey " + k91.AccessKeyID},
		{CheckUserInactive, "user idle"},
		{CheckKeyOld, "accesskey " + kOld.AccessKeyID},
		{CheckConsoleAndKeys, "user zhou.jie"},
	}
	for _, w := range want {
		if len(find(r, w.check, w.entity)) != 1 {
			t.Errorf("%s %s: not found", w.check, w.entity)
		}
	}
	for _, name := range []string{"key-89", "busy", "zhao.min", "li.na"} { // the demo's signed in lately
		if f := find(r, CheckUserInactive, "user "+name); len(f) != 0 {
			t.Errorf("%s: %v", name, f)
		}
	}
	for _, id := range []string{k89.AccessKeyID, kYoung.AccessKeyID, kIdle.AccessKeyID} {
		for _, f := range r.Findings {
			if f.Kind == "accesskey" && f.Name == id && f.Check != CheckKeysMultiple {
				t.Errorf("a young key has a finding: %+v", f)
			}
		}
	}
	// The same findings as when every key's last use and every console access is read.
	full := load(t, c)
	for i := range full.Users {
		u := &full.Users[i]
		_, err := c.GetLoginProfile(ctx, u.User.UserName)
		u.Console = err == nil
		for k := range u.Keys {
			u.Keys[k].LastUsed, _ = c.AccessKeyLastUsed(ctx, u.User.UserName, u.Keys[k].AccessKeyID)
		}
	}
	checkAt := time.Now()
	if got, want := findingLines(Check(s, checkAt)), findingLines(Check(full, checkAt)); got != want {
		t.Errorf("findings read where they depend:\n%s\nreading everything:\n%s", got, want)
	}
}

// spread keeps both lists' orders and puts b's jobs evenly among a's, so that no action's
// calls wait for the end of another's; nothing is lost at either end.
func TestSpread(t *testing.T) {
	for _, tc := range []struct {
		a, b []string
		want string
	}{
		{[]string{"u1", "u2", "u3", "u4"}, []string{"r1", "r2"}, "u1 r1 u2 u3 r2 u4"},
		{[]string{"u1", "u2"}, []string{"r1", "r2", "r3", "r4", "r5"}, "u1 r1 r2 r3 u2 r4 r5"},
		{nil, []string{"r1", "r2"}, "r1 r2"},
		{[]string{"u1", "u2"}, nil, "u1 u2"},
		{nil, nil, ""},
	} {
		if got := strings.Join(spread(tc.a, tc.b), " "); got != tc.want {
			t.Errorf("spread(%v, %v) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}
