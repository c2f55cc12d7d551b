package ramsim

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// stateFile keeps the account's snapshot on disk. The account calls write after every change,
// before the change becomes visible (account.SetCommit): snapshot to a temp file in the same
// directory, fsync, rename over the old file, fsync the directory. A crash at any point leaves
// either the old or the new file, and at worst a stray temp file, removed at the next start.
type stateFile struct {
	path string
	mu   sync.Mutex // serializes writes (of the state file and its journal, state_journal.go)
}

// maxStateBytes caps the state file read at start (100,000 users with keys take about 60 MB).
const maxStateBytes = 1 << 30

// readState returns the file's content, or exists=false when there is no file yet.
func readState(path string) (data []byte, exists bool, err error) {
	data, err = readCapped(path, maxStateBytes)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("ramsim: read state file: %w", err)
	}
	return data, true, nil
}

// write replaces the file with data, durably. Failures are reported on stderr too: the client
// only hears that the change was not saved.
func (f *stateFile) write(data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := writeFileDurably(f.path, data); err != nil {
		fmt.Fprintf(os.Stderr, "%v\n", err)
		return err
	}
	return nil
}

// removeStrayTemps deletes the temp files a killed writer left beside path: renameio names them
// "." + the base name of the file it replaces + a random decimal number, and the files kept
// beside the state (STATE.nonces, STATE.oss, ...) have theirs too. So a stray is "." + base +
// an optional ".suffix" of letters + at least 9 digits. It returns how many it removed.
func removeStrayTemps(path string) (int, error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 0, nil
		}
		return 0, fmt.Errorf("ramsim: state directory: %w", err)
	}
	n := 0
	for _, e := range entries {
		if !e.Type().IsRegular() || !isStrayTemp(e.Name(), base) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, fmt.Errorf("ramsim: remove stray temp file: %w", err)
		}
		n++
	}
	return n, nil
}

func isStrayTemp(name, base string) bool {
	rest, ok := strings.CutPrefix(name, "."+base)
	if !ok {
		return false
	}
	suffix := strings.TrimRight(rest, "0123456789")
	if len(rest)-len(suffix) < 9 {
		return false
	}
	if suffix == "" {
		return true
	}
	return suffix[0] == '.' && len(suffix) > 1 && strings.Trim(suffix[1:], "abcdefghijklmnopqrstuvwxyz") == ""
}

// writeFileDurably replaces path atomically with data, mode 0600, and fsyncs the directory so
// the rename itself survives a crash.
func writeFileDurably(path string, data []byte) error {
	dir := filepath.Dir(path)
	pf, err := newPendingFile(path, dir)
	if err != nil {
		return fmt.Errorf("ramsim: write state file: %w", err)
	}
	defer pf.Cleanup()
	if _, err := pf.Write(data); err != nil {
		return fmt.Errorf("ramsim: write state file: %w", err)
	}
	if err := pf.CloseAtomicallyReplace(); err != nil { // fsyncs the file, then renames
		return fmt.Errorf("ramsim: write state file: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("ramsim: sync state directory: %w", err)
	}
	return nil
}

// pendingFile is the temp file writeFileDurably fills; newPendingFile is per OS.
type pendingFile interface {
	Write([]byte) (int, error)
	CloseAtomicallyReplace() error
	Cleanup() error
}
