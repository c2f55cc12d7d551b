package ramsim

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim/account"
)

// A change is one line appended to STATE.journal, not a rewrite of the state file; the next
// start replays the journal, folds it into the state file and empties it. A record cut short
// at the end (a crash during an append) is dropped; a bad record before the last refuses to
// start, leaving both files as they were.
func TestStateJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	jpath := path + journalSuffix
	create := func(s *Server, name string) {
		t.Helper()
		root := account.Identity{Type: account.IdentityRoot, AccountID: s.Account().ID()}
		if _, _, e := s.Account().Invoke(account.Request{Product: account.RAM, Action: "CreateUser",
			Params: map[string]string{"UserName": name}, Caller: root}); e != nil {
			t.Fatal(e)
		}
	}
	has := func(s *Server, name string) bool {
		root := account.Identity{Type: account.IdentityRoot, AccountID: s.Account().ID()}
		_, _, e := s.Account().Invoke(account.Request{Product: account.RAM, Action: "GetUser",
			Params: map[string]string{"UserName": name}, Caller: root})
		return e == nil
	}
	s, err := New(Options{Seed: "empty", StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	create(s, "journaled-1")
	create(s, "journaled-2")
	after, _ := os.ReadFile(path)
	journal, _ := os.ReadFile(jpath)
	if !bytes.Equal(before, after) {
		t.Error("a change rewrote the state file")
	}
	if n := bytes.Count(journal, []byte("\n")); n != 2 || !bytes.Contains(journal, []byte("journaled-2")) {
		t.Fatalf("journal has %d lines, want 2 naming the users:\n%.300s", n, journal)
	}
	if info, err := os.Stat(jpath); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("journal mode: %v %v, want 0600", info, err)
	}

	// No Close (as after kill -9), and a third record torn half-way.
	lines := bytes.SplitAfter(journal, []byte("\n"))
	os.WriteFile(jpath, append(journal, lines[1][:len(lines[1])/2]...), 0o600)
	s2, err := New(Options{Seed: "empty", StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	if !has(s2, "journaled-1") || !has(s2, "journaled-2") {
		t.Fatal("journaled changes lost at restart")
	}
	if _, err := os.Stat(jpath); !os.IsNotExist(err) {
		t.Errorf("journal not emptied after it was folded into the state file: %v", err)
	}
	if data, _ := os.ReadFile(path); !bytes.Contains(data, []byte("journaled-2")) {
		t.Error("state file lacks the replayed changes")
	}

	// A bad record followed by a good one: refused, nothing modified.
	create(s2, "journaled-3")
	good, _ := os.ReadFile(jpath)
	bad := append([]byte("{not json\n"), good...)
	os.WriteFile(jpath, bad, 0o600)
	state, _ := os.ReadFile(path)
	if _, err := New(Options{Seed: "empty", StatePath: path}); err == nil || !strings.Contains(err.Error(), "not a valid simulator state") {
		t.Fatalf("a bad journal record: err = %v", err)
	}
	if j, _ := os.ReadFile(jpath); !bytes.Equal(j, bad) {
		t.Error("the bad journal was modified")
	}
	if st, _ := os.ReadFile(path); !bytes.Equal(st, state) {
		t.Error("the state file was modified")
	}
}

// A key's last-used date survives a crash without any change after the use: it is journaled
// on its own within a second (it used to wait for the next change).
func TestKeyUseSurvivesACrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	sim := startSim(t, Options{Seed: "demo", StatePath: path})
	id, secret := userKey(t, sim, "ops-admin")
	p := commonV1(id, "GetUser", versionRAM)
	p["UserName"] = "ops-admin"
	if r := doV1(t, sim.Endpoint, http.MethodGet, secret, p); r.Status != 200 {
		t.Fatalf("GetUser: %d %s", r.Status, r.Raw)
	}
	// What a start after kill -9 would read: the files as they are, no Close.
	lastUsed := func() string {
		state, _ := os.ReadFile(path)
		journal, _ := os.ReadFile(path + journalSuffix)
		a, err := account.New(account.Options{Seed: "empty"})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.RestoreJournal(state, journal); err != nil {
			t.Fatal(err)
		}
		root := account.Identity{Type: account.IdentityRoot, AccountID: a.ID()}
		resp, _, e := a.Invoke(account.Request{Product: account.RAM, Action: "GetAccessKeyLastUsed",
			Params: map[string]string{"UserName": "ops-admin", "UserAccessKeyId": id}, Caller: root})
		if e != nil {
			t.Fatal(e)
		}
		return resp.(map[string]any)["AccessKeyLastUsed"].(map[string]string)["LastUsedDate"]
	}
	deadline := time.Now().Add(10 * time.Second)
	for lastUsed() == "" {
		if time.Now().After(deadline) {
			t.Fatal("the key's use was not saved without a change after it")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
