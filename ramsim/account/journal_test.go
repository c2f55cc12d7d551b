package account

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

var checked sync.Map // *Account -> *atomic.Int32: changes checked

// Every account this package's tests make keeps an in-memory journal (up to a few thousand
// users: checking re-encodes the whole state after every change), and its journaled changes are
// checked: the last snapshot plus the records must give back the live state, byte for byte. So
// every write the tests make (all the actions, their error paths, renames, group and key
// changes) proves that the journal records what it touched.
func init() {
	journalFloor = 16 << 10
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
