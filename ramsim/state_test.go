package ramsim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"

	"github.com/ramtui/ramtui/ramsim/account"
)

// startChild runs the test binary as a simulator process on the state file.
func startChild(t *testing.T, path string) (endpoint string, cmd *exec.Cmd) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childStateEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case endpoint = <-line:
	case <-time.After(20 * time.Second):
		t.Fatal("child simulator did not start")
	}
	if endpoint == "" {
		t.Fatal("child simulator failed to start")
	}
	return endpoint, cmd
}

// Every change the server acknowledged survives kill -9, even with writers racing the kill,
// and the file always parses.
func TestCrashDurability(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	endpoint, cmd := startChild(t, path)

	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := range 4 {
		c := ramClient(t, endpoint, rootID, rootSecret) // not concurrently: the SDK's lazy globals race
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				req := ram.CreateCreateUserRequest()
				req.UserName = fmt.Sprintf("u%d-%d", g, i)
				if _, err := c.CreateUser(req); err != nil {
					return // the server died under us: this one was not acknowledged
				}
				mu.Lock()
				acked = append(acked, req.UserName)
				mu.Unlock()
			}
		}()
	}
	// Kill once enough changes were acknowledged (or after a while on a very slow machine): a
	// fixed sleep proved nothing on a loaded machine, where fsync-per-change writers are slow.
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 40 {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to flush anything
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	cmd.Wait()
	if len(acked) < 10 {
		t.Fatalf("only %d changes acknowledged before the kill; the test proves little", len(acked))
	}

	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v, want 0600", info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil || !json.Valid(data) {
		t.Fatalf("state file does not parse after kill -9: %v", err)
	}

	endpoint, _ = startChild(t, path)
	client := ramClient(t, endpoint, rootID, rootSecret)
	have := map[string]bool{}
	for marker := ""; ; { // every page: how many changes get acknowledged depends on the machine
		req := ram.CreateListUsersRequest()
		req.MaxItems = requests.NewInteger(1000)
		req.Marker = marker
		resp, err := client.ListUsers(req)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range resp.Users.User {
			have[u.UserName] = true
		}
		if !resp.IsTruncated {
			break
		}
		marker = resp.Marker
	}
	for _, name := range acked {
		if !have[name] {
			t.Errorf("acknowledged change %s lost by kill -9", name)
		}
	}
	t.Logf("%d acknowledged changes, all present after kill -9 and restart", len(acked))
}

func TestCorruptStateFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	good, err := s.Account().Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{
		"garbage": []byte("not a state file"),
		"torn":    good[:len(good)/2],
		"empty":   {},
	} {
		path := filepath.Join(dir, name+".json")
		os.WriteFile(path, content, 0o600)
		_, err := New(Options{StatePath: path})
		if err == nil || !strings.Contains(err.Error(), "is not a valid simulator state") || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: err = %v", name, err)
		}
		if after, _ := os.ReadFile(path); string(after) != string(content) {
			t.Errorf("%s: the corrupt file was modified", name)
		}
	}
}

// The seeded state is on disk from the start (generated keys survive a crash before the first
// change), and Close flushes changes made around the API.
func TestStateFileSeededAndFlushedOnClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("seeded state not written at start: %v", err)
	}
	rootKey, _ := s.Account().RootKey()
	keyID, _, err := s.Account().IssueAccessKey("ops-admin") // not an API call: no save of its own
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := New(Options{StatePath: path, RootKeyID: "LTAIignored", RootKeySecret: "ignored"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := again.Account().RootKey(); got != rootKey {
		t.Errorf("root key %s after restart, want %s (the file wins over options)", got, rootKey)
	}
	if _, aerr := again.Account().Credential(keyID); aerr != nil {
		t.Errorf("key issued before Close lost: %v", aerr)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		switch e.Name() {
		case "state.json", "state.json" + nonceSuffix, "state.json" + ossSuffix,
			"state.json.account2", "state.json.account2" + ossSuffix: // the demo's partner account
		default:
			t.Fatalf("temp files left behind: %v", entries)
		}
	}
}

// Concurrent writers: once every response is in, the file on disk (read before any Close)
// already holds every acknowledged change, whatever order the snapshots were written in.
func TestConcurrentChangesAllOnDiskBeforeAck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	sim := startSim(t, Options{Seed: "empty", StatePath: path})
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	// One client per goroutine: an SDK client is not safe for concurrent use (its per-request
	// timeout is written to the shared client), and creating clients races on SDK globals.
	clients := make([]*ram.Client, 40)
	for i := range clients {
		clients[i] = ramClient(t, sim.Endpoint, rootID, rootSecret)
	}
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := ram.CreateCreateUserRequest()
			req.UserName = fmt.Sprintf("c%02d", i)
			_, err := clients[i%len(clients)].CreateUser(req)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	journal, err := os.ReadFile(path + journalSuffix)
	if err != nil {
		t.Fatal(err)
	}
	// A second simulator restores the files as they are now, without the first one's Close.
	again, err := New(Options{StatePath: filepath.Join(t.TempDir(), "copy.json")})
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Account().RestoreJournal(data, journal); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		name := fmt.Sprintf("c%02d", i)
		if _, _, aerr := again.Account().Invoke(account.Request{Product: account.RAM, Action: "GetUser",
			Params: map[string]string{"UserName": name},
			Caller: account.Identity{Type: account.IdentityRoot, AccountID: again.Account().ID()}}); aerr != nil {
			t.Errorf("%s acknowledged but not on disk: %v", name, aerr)
		}
	}
}

func TestRunningCloseTwice(t *testing.T) {
	sim, err := Start(Options{Seed: "empty"}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	go func() { done <- sim.Close(); done <- sim.Close() }()
	for range 2 {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("second Close hangs")
		}
	}
}
