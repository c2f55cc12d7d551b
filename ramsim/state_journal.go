package ramsim

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The state journal (STATE.journal beside the state file): with it a change costs one appended
// line and an fsync instead of the whole state rewritten (at 100,000 users, seconds a change).
// The account decides what a record holds and when the journal is folded into a new snapshot
// (account.SetJournal); this file only keeps the bytes: append+fsync per record, emptied after
// each snapshot is durable, read back at start.

// journalSuffix names the account's change journal beside its state file.
const journalSuffix = ".journal"

// maxJournalBytes caps the journal read at start (the account compacts it at a quarter of the
// snapshot, itself capped at maxStateBytes).
const maxJournalBytes = maxStateBytes

// readJournal returns the journal's content ("" when there is none).
func readJournal(path string) ([]byte, error) {
	data, err := readCapped(path, maxJournalBytes)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ramsim: read state journal: %w", err)
	}
	return data, nil
}

// snapshot replaces the state file with data, durably, then empties the journal: the account
// writes a snapshot only when it holds every record, so a crash between the two replays records
// the snapshot already has.
func (f *stateFile) snapshot(data []byte) error {
	if err := f.write(data); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.Remove(f.path + journalSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "ramsim: empty the state journal: %v\n", err) // harmless: replayed over the snapshot
	}
	return nil
}

// appendRecord appends one record and a newline and fsyncs. The file is opened for each record
// (microseconds beside the fsync), so a state directory that has gone away fails the change as
// a snapshot would. A failed append is cut back off, so the next record does not follow a torn
// one.
func (f *stateFile) appendRecord(rec []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	path := f.path + journalSuffix
	j, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return f.failed(fmt.Errorf("ramsim: state journal: %w", err))
	}
	defer j.Close()
	end, err := j.Seek(0, io.SeekEnd)
	if err == nil && end == 0 {
		err = syncDir(filepath.Dir(path)) // a new file's name must survive a crash too
	}
	if err == nil {
		_, err = j.Write(append(rec, '\n'))
	}
	if err == nil {
		err = j.Sync()
	}
	if err != nil {
		j.Truncate(end)
		return f.failed(fmt.Errorf("ramsim: state journal: %w", err))
	}
	return nil
}

func (f *stateFile) failed(err error) error {
	fmt.Fprintf(os.Stderr, "%v\n", err)
	return err
}
