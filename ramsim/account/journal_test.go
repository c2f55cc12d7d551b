package account

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var checked sync.Map // *Account -> *atomic.Int32: changes checked

// Every account this package's tests make keeps an in-memory journal (up to a few thousand
// users: checking re-encodes the whole state after every change), and its journaled changes are
// checked: the last snapshot plus the records must give back the live state, byte for byte. So
// every write the tests make (all the actions, their error paths, renames, group and key
// changes) proves that the journal records what it touched.
func init() {
	journalFloor = 16 << 10
	keyUseDelay = 20 * time.Millisecond
	testJournal = func(a *Account) {
		if len(a.s.Users) > 3000 {
			return
		}
		if err := a.SetJournal(func([]byte) error { return nil }, func([]byte) error { return nil }); err != nil {
			panic(err)
		}
	}
	checkJournal = func(a *Account) {
		// The first 100 changes of each account are checked: the tests that make more repeat
		// the same few actions (concurrency, quotas), and a check re-encodes the whole state.
		n, _ := checked.LoadOrStore(a, new(atomic.Int32))
		if n.(*atomic.Int32).Add(1) > 100 {
			return
		}
		live, err := encodeState(a.s)
		if err != nil {
			panic(err)
		}
		s, err := restoreState(a.saved, a.journal)
		if err != nil {
			panic(fmt.Sprintf("journal does not replay: %v", err))
		}
		back, err := encodeState(s)
		if err != nil {
			panic(err)
		}
		if !bytes.Equal(live, back) {
			panic(fmt.Sprintf("journal lost a change: replayed state differs from the live one at byte %d:\n live %s\n back %s",
				diffAt(live, back), around(live, diffAt(live, back)), around(back, diffAt(live, back))))
		}
	}
}

func diffAt(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, i int) string { return string(b[max(0, i-200):min(len(b), i+200)]) }

// A write that changes an entity without marking it is caught by the check above; this test
// shows the check itself works: a change made behind the journal's back fails it.
func TestJournalCheckCatchesAnUnmarkedChange(t *testing.T) {
	a, err := New(Options{Seed: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	root := Identity{Type: IdentityRoot, AccountID: a.ID()}
	if _, _, e := a.Invoke(Request{Product: RAM, Action: "CreateUser", Params: map[string]string{"UserName": "j1"}, Caller: root}); e != nil {
		t.Fatal(e)
	}
	if len(a.journal) == 0 {
		t.Fatal("a change left no journal record")
	}
	for _, u := range a.s.Users {
		u.Comments = "changed behind the journal's back"
		break
	}
	// Invoke turns a panic into InternalError (a bug must not take the server down).
	_, _, e := a.Invoke(Request{Product: RAM, Action: "CreateUser", Params: map[string]string{"UserName": "j2"}, Caller: root})
	if e == nil || !strings.Contains(e.Message, "journal lost a change") {
		t.Fatalf("the check did not catch it: %v", e)
	}
}

// A record cut short at the end of the journal (a crash during its append) is left out; a bad
// record before the last is an error.
func TestJournalTornTail(t *testing.T) {
	a, err := New(Options{Seed: "empty"})
	if err != nil {
		t.Fatal(err)
	}
	root := Identity{Type: IdentityRoot, AccountID: a.ID()}
	for _, n := range []string{"t1", "t2"} {
		if _, _, e := a.Invoke(Request{Product: RAM, Action: "CreateUser", Params: map[string]string{"UserName": n}, Caller: root}); e != nil {
			t.Fatal(e)
		}
	}
	lines := bytes.SplitAfter(a.journal, []byte("\n"))
	torn := append(append([]byte{}, lines[0]...), lines[1][:len(lines[1])/2]...)
	s, err := restoreState(a.saved, torn)
	if err != nil {
		t.Fatal(err)
	}
	if s.user("t1") == nil || s.user("t2") != nil {
		t.Fatalf("torn tail: t1 %v, t2 %v (want t1 only)", s.user("t1") != nil, s.user("t2") != nil)
	}
	bad := append(append(append([]byte{}, lines[0][:10]...), '\n'), lines[1]...)
	if _, err := restoreState(a.saved, bad); err == nil {
		t.Fatal("a bad record before the last was accepted")
	}
}

// lastRecord journals a's changes and returns a function decoding the last record appended.
func lastRecord(t *testing.T, a *Account) func() map[string]json.RawMessage {
	t.Helper()
	var last []byte
	if err := a.SetJournal(func([]byte) error { return nil }, func(rec []byte) error {
		last = append(last[:0], rec...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return func() map[string]json.RawMessage {
		t.Helper()
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(last, &rec); err != nil {
			t.Fatalf("last record: %v: %s", err, last)
		}
		return rec
	}
}

// A record carries the STS sessions its change issued or pruned, not every session (there are
// as many as AssumeRole calls of the last day); the replay check above proves they come back.
func TestJournalRecordsOnlyTouchedSessions(t *testing.T) {
	a, clk := newTestAccount(t, "demo")
	ops := userIdentity(t, a, "ops-admin")
	record := lastRecord(t, a)
	assume := func() string {
		out := mustCall(t, a, ops, "AssumeRole", map[string]string{"RoleArn": roleARN(a.ID(), "prod-admin"), "RoleSessionName": "jj"})
		return dig(out, "Credentials", "AccessKeyId").(string)
	}
	first := assume()
	for range 3 {
		assume()
	}
	last := assume()
	var sessions map[string]json.RawMessage
	if err := json.Unmarshal(record()["sessions"], &sessions); err != nil || len(sessions) != 1 || sessions[last] == nil {
		t.Fatalf("AssumeRole's record has sessions %v (%v), want only %s", keys(sessions), err, last)
	}
	var small struct{ Sessions map[string]any }
	if err := json.Unmarshal(record()["small"], &small); err != nil || small.Sessions != nil {
		t.Fatalf("the small part holds sessions: %v %v", small.Sessions, err)
	}
	mustCall(t, a, a.rootIdentity(), "CreateUser", map[string]string{"UserName": "no-sessions"})
	if rec := record(); rec["sessions"] != nil {
		t.Fatalf("CreateUser's record has sessions: %s", rec["sessions"])
	}
	// A day and more later, the next AssumeRole prunes the expired ones: its record says so.
	clk.t = clk.t.Add(50 * time.Hour)
	now := assume()
	sessions = nil
	if err := json.Unmarshal(record()["sessions"], &sessions); err != nil || len(sessions) != 6 ||
		string(sessions[first]) != "null" || sessions[now] == nil {
		t.Fatalf("pruning AssumeRole's record: %v", sessions)
	}
	s, err := restoreState(a.saved, a.journal)
	if err != nil || len(s.Sessions) != 1 || s.Sessions[now] == nil {
		t.Fatalf("replayed sessions %v (%v), want only %s", keys(s.Sessions), err, now)
	}
}

// A journal written before sessions were journaled by key (every session in each record's
// small part) still replays: a crash of the old binary is opened by the new one.
func TestJournalOldRecordWithSessionsInSmall(t *testing.T) {
	a, _ := newTestAccount(t, "demo")
	ops := userIdentity(t, a, "ops-admin")
	out := mustCall(t, a, ops, "AssumeRole", map[string]string{"RoleArn": roleARN(a.ID(), "prod-admin"), "RoleSessionName": "old"})
	id := dig(out, "Credentials", "AccessKeyId").(string)
	a.mu.Lock()
	small, err := json.Marshal(a.s) // the old format's small part: sessions included
	a.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	var smallOnly map[string]json.RawMessage
	json.Unmarshal(small, &smallOnly)
	for _, k := range []string{"users", "groups", "roles", "policies"} {
		smallOnly[k] = json.RawMessage("null")
	}
	small, _ = json.Marshal(smallOnly)
	old, _ := json.Marshal(map[string]any{"small": json.RawMessage(small)})
	s, err := restoreState(a.saved, append(old, '\n'))
	if err != nil || s.Sessions[id] == nil {
		t.Fatalf("old record: session %s lost (%v)", id, err)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A key's new last-used date is journaled on its own, shortly (no change needs to follow it: a
// crash before the next change lost it), and the uses of a busy moment make one record.
func TestJournalKeyUseWithoutAChange(t *testing.T) {
	a, _ := newTestAccount(t, "demo")
	id, _, err := a.IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	records := 0
	if err := a.SetJournal(func([]byte) error { return nil }, func([]byte) error {
		mu.Lock()
		defer mu.Unlock()
		records++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rootID, _ := a.RootKey()
	used := testStart.Add(90 * time.Minute)
	for i := range 20 { // 20 new dates, two keys, well within keyUseDelay
		a.RecordKeyUse(id, used.Add(time.Duration(i)*time.Second))
		a.RecordKeyUse(rootID, used.Add(time.Duration(i)*time.Second))
	}
	last := used.Add(19 * time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := records
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the key uses were not journaled")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(3 * keyUseDelay) // nothing more to come
	a.mu.Lock()
	defer a.mu.Unlock()
	if records > 3 { // 1, unless the load stretched the loop over keyUseDelay
		t.Errorf("%d records for 40 uses in a busy moment, want 1", records)
	}
	s, err := restoreState(a.saved, a.journal)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := s.accessKey(id)
	if k == nil || !k.LastUsed.Equal(last) || !s.RootKey.LastUsed.Equal(last) {
		t.Fatalf("replayed last-used dates: user key %v, root %v, want %v", k, s.RootKey.LastUsed, last)
	}
}

// Restore with a journal: a crash between writing the new snapshot and emptying the journal
// (or before either) gives back the restored state or the old one, never the old journal's
// records replayed over the new snapshot (another account's id, users it never had).
func TestJournalRestoreCrash(t *testing.T) {
	for _, crashAt := range []string{"after the snapshot", "before the snapshot"} {
		t.Run(crashAt, func(t *testing.T) {
			a, _ := newTestAccount(t, "demo")
			var disk struct{ snap, journal []byte }
			crashed := false
			if err := a.SetJournal(func(snap []byte) error {
				if crashed && crashAt == "before the snapshot" {
					return errors.New("crashed")
				}
				disk.snap = append([]byte(nil), snap...)
				if !crashed { // a crash right after the state file was renamed into place
					disk.journal = nil
				}
				return nil
			}, func(rec []byte) error {
				disk.journal = append(append(disk.journal, rec...), '\n')
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for _, n := range []string{"before-restore-1", "before-restore-2"} {
				mustCall(t, a, a.rootIdentity(), "CreateUser", map[string]string{"UserName": n})
			}
			other, _ := newTestAccount(t, "empty")
			snap, err := other.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			crashed = true
			if err := a.Restore(snap); err != nil {
				t.Fatal(err)
			}
			s, err := restoreState(disk.snap, disk.journal)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := encodeState(s)
			want, _ := encodeState(other.s)
			if !bytes.Equal(got, want) {
				t.Fatalf("after a crash the files give another state than the restored one at byte %d:\n got %s\nwant %s",
					diffAt(got, want), around(got, diffAt(got, want)), around(want, diffAt(got, want)))
			}
		})
	}
}
