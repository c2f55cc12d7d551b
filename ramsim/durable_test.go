package ramsim

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// v1 sends one signed RAM call as root.
func v1(t *testing.T, sim *Running, action string, params map[string]string) rawResult {
	t.Helper()
	p := commonV1(rootID, action, versionRAM)
	for k, v := range params {
		p[k] = v
	}
	return doV1(t, sim.Endpoint, http.MethodGet, rootSecret, p)
}

// breakDir makes dir unusable in a way root also sees (chmod does not stop root): the
// directory is moved away and a plain file takes its name. It returns the repair.
func breakDir(t *testing.T, dir string) (repair func()) {
	t.Helper()
	if err := os.Rename(dir, dir+".away"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	return func() {
		if err := os.Remove(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(dir+".away", dir); err != nil {
			t.Fatal(err)
		}
	}
}

// A change whose save fails is never visible: the answer is a 500 that says so, reads show the
// account as before, a key whose secret went nowhere does not exist, and the same call works
// once the file can be written again.
func TestFailedSaveLeavesNoTrace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "st")
	path := filepath.Join(dir, "state.json")
	sim := startSim(t, Options{Seed: "empty", StatePath: path})
	if r := v1(t, sim, "CreateUser", map[string]string{"UserName": "before"}); r.Status != 200 {
		t.Fatalf("CreateUser: %d %s", r.Status, r.Raw)
	}

	repair := breakDir(t, dir)
	r := v1(t, sim, "CreateUser", map[string]string{"UserName": "ghost"})
	if r.Status != 500 || r.code() != "InternalError.StateNotSaved" {
		t.Fatalf("CreateUser with an unwritable state: %d %s, want 500 InternalError.StateNotSaved", r.Status, r.Raw)
	}
	if r := v1(t, sim, "GetUser", map[string]string{"UserName": "ghost"}); r.Status != 404 {
		t.Fatalf("the unsaved user is visible: %d %s", r.Status, r.Raw)
	}
	if r := v1(t, sim, "CreateAccessKey", map[string]string{"UserName": "before"}); r.Status != 500 {
		t.Fatalf("CreateAccessKey with an unwritable state: %d %s", r.Status, r.Raw)
	}
	if r := v1(t, sim, "ListAccessKeys", map[string]string{"UserName": "before"}); strings.Contains(r.Raw, "AccessKeyId") {
		t.Fatalf("a key whose secret was never returned exists: %s", r.Raw)
	}
	if r := v1(t, sim, "DeleteUser", map[string]string{"UserName": "before"}); r.Status != 500 {
		t.Fatalf("DeleteUser with an unwritable state: %d %s", r.Status, r.Raw)
	}
	if r := v1(t, sim, "GetUser", map[string]string{"UserName": "before"}); r.Status != 200 {
		t.Fatalf("the unsaved delete is visible: %d %s", r.Status, r.Raw)
	}

	repair()
	if r := v1(t, sim, "CreateUser", map[string]string{"UserName": "ghost"}); r.Status != 200 {
		t.Fatalf("retry once writable: %d %s", r.Status, r.Raw)
	}
	data := readStateAndJournal(t, path)
	if !strings.Contains(string(data), `"ghost"`) || !strings.Contains(string(data), `"before"`) {
		t.Fatalf("state file lacks the acknowledged users:\n%.400s", data)
	}
}

// A request captured before a restart is refused after it, even when the simulator was killed
// (no chance to save anything at exit): the nonce journal is written before each answer.
func TestReplayRefusedAfterKillAndRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	endpoint, cmd := startChild(t, path)
	captured := commonV1(rootID, "CreateUser", versionRAM)
	captured["UserName"] = "once"
	captured["Signature"] = testSign(rootSecret, http.MethodGet, captured)
	resend := func(endpoint string) rawResult {
		p := map[string]string{}
		for k, v := range captured {
			p[k] = v
		}
		delete(p, "Signature") // doV1 signs again: the same parameters give the same signature
		return doV1(t, endpoint, http.MethodGet, rootSecret, p)
	}
	if r := resend(endpoint); r.Status != 200 {
		t.Fatalf("first send: %d %s", r.Status, r.Raw)
	}
	if r := v1(t, &Running{Endpoint: endpoint}, "DeleteUser", map[string]string{"UserName": "once"}); r.Status != 200 {
		t.Fatalf("DeleteUser: %d %s", r.Status, r.Raw)
	}
	cmd.Process.Kill()
	cmd.Wait()

	endpoint, _ = startChild(t, path)
	if r := resend(endpoint); r.Status != 400 || r.code() != "SignatureNonceUsed" {
		t.Fatalf("replay after kill -9 and restart: %d %s, want 400 SignatureNonceUsed", r.Status, r.Raw)
	}
	if r := v1(t, &Running{Endpoint: endpoint}, "GetUser", map[string]string{"UserName": "once"}); r.Status != 404 {
		t.Fatalf("the replay re-created the user: %d %s", r.Status, r.Raw)
	}
}

// Temp files that a killed writer left beside the state file (and its nonce journal) are
// removed at start; other files are left alone.
func TestStrayTempFilesRemovedAtStart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	stray := []string{".state.json1234567890", ".state.json.nonces4242424242", ".state.json.oss8787878787878"}
	keep := []string{".state.jsonx1", ".state.json.bak2", "state.json.bak", "notes.txt"}
	for _, name := range append(append([]string{}, stray...), keep...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(Options{Seed: "empty", StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, name := range stray {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("stray temp file %s not removed (%v)", name, err)
		}
	}
	for _, name := range keep {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
}

// readStateAndJournal is the state file followed by its journal (the changes since the last
// snapshot), for tests that look for what was saved.
func readStateAndJournal(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	journal, err := os.ReadFile(path + journalSuffix)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return append(data, journal...)
}
