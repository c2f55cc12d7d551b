package ramsim

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/google/renameio/v2"
)

// stateFile keeps the account's snapshot on disk. Every acknowledged change is written before
// the response goes out: snapshot to a temp file in the same directory, fsync, rename over the
// old file, fsync the directory. A crash at any point leaves either the old or the new file.
//
// Writers are serialized and numbered so an older snapshot never overwrites a newer one, and a
// writer whose change is already covered by a later snapshot skips its own write (group commit).
type stateFile struct {
	path  string
	gen   atomic.Uint64 // bumped after every acknowledged change
	mu    sync.Mutex    // serializes writes; guards saved
	saved uint64        // highest generation known to be on disk
}

// readState returns the file's content, or exists=false when there is no file yet.
func readState(path string) (data []byte, exists bool, err error) {
	data, err = os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("ramsim: read state file: %w", err)
	}
	return data, true, nil
}

// changed records one acknowledged change and returns its generation.
func (f *stateFile) changed() uint64 { return f.gen.Add(1) }

// saveThrough makes sure generation g (and everything before it) is on disk. snapshot is called
// under the write lock, after the generation to be written has been read, so it covers it.
func (f *stateFile) saveThrough(g uint64, snapshot func() ([]byte, error)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.saved >= g {
		return nil
	}
	return f.writeLocked(snapshot)
}

// flush writes the current state whatever the generation (on Close: key last-used dates and
// other bookkeeping change without being acknowledged changes).
func (f *stateFile) flush(snapshot func() ([]byte, error)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writeLocked(snapshot)
}

func (f *stateFile) writeLocked(snapshot func() ([]byte, error)) error {
	cur := f.gen.Load()
	data, err := snapshot()
	if err != nil {
		return fmt.Errorf("ramsim: snapshot: %w", err)
	}
	if err := writeFileDurably(f.path, data); err != nil {
		return err
	}
	f.saved = cur
	return nil
}

// writeFileDurably replaces path atomically with data, mode 0600, and fsyncs the directory so
// the rename itself survives a crash.
func writeFileDurably(path string, data []byte) error {
	dir := filepath.Dir(path)
	pf, err := renameio.NewPendingFile(path, renameio.WithTempDir(dir), renameio.WithStaticPermissions(0o600))
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
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("ramsim: sync state directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("ramsim: sync state directory: %w", err)
	}
	return nil
}
