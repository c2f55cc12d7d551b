package account

import (
	"fmt"
	"net/http"
	"time"
)

// Durability: with a commit function set, a change is visible only once it is saved. Invoke
// applies a write action under the write lock, then saves it and hands it to commit while still
// holding the lock, so no reader can see the change before it is on disk. Saved means a whole
// snapshot (SetCommit), or with a journal (SetJournal) one appended record of what the change
// touched (journal.go), with a whole snapshot now and then to keep the journal short. When
// saving fails, the state goes back to the last saved snapshot and the records after it (kept
// as the bytes already written, so nothing is copied per change) and the caller gets
// errNotSaved: the account is exactly what the files hold.

// errNotSaved answers a change that was applied but could not be saved, and so was undone.
func errNotSaved() *Error {
	return &Error{Status: http.StatusInternalServerError, Code: "InternalError.StateNotSaved",
		Message: "The change could not be saved to the simulator's state file, so it was not applied; retry once the file can be written."}
}

// SetCommit makes every later change durable before it is visible: commit gets the whole new
// state (a Snapshot) and must return only once it is on disk (it reports its own failures; the
// account only rolls back). The current state is committed
// at once, so a state directory that cannot be written is found at start.
func (a *Account) SetCommit(commit func(snapshot []byte) error) error {
	return a.SetJournal(commit, nil)
}

// SetJournal is SetCommit with a journal: a change is saved by appendRecord (one line, no
// newline: the caller adds it; durable when it returns), and now and then, when the journal has
// grown to a quarter of the snapshot, by commit instead, which must also empty the journal (the
// snapshot holds every record). The current state is committed at once. appendRecord nil is
// SetCommit.
func (a *Account) SetJournal(commit func(snapshot []byte) error, appendRecord func(record []byte) error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.saveLocked(commit); err != nil {
		return err
	}
	a.commit, a.appendRecord = commit, appendRecord
	return nil
}

// saveLocked encodes the state and commits it (a.mu held for writing).
func (a *Account) saveLocked(commit func([]byte) error) error {
	data, err := encodeState(a.s)
	if err != nil {
		return fmt.Errorf("account: snapshot: %w", err)
	}
	if err := commit(data); err != nil {
		return err
	}
	a.saved, a.journal = data, a.journal[:0]
	clear(a.keyUsed)
	a.keyUseDirty = false
	return nil
}

// commitLocked saves the state after a change (a.mu held for writing): one journal record when
// there is a journal, else a whole snapshot. On failure the state is rolled back to what was
// last saved and errNotSaved is returned.
func (a *Account) commitLocked() *Error {
	d := a.s.dirty
	a.s.dirty = nil
	if a.commit == nil {
		return nil
	}
	if a.appendRecord == nil || d == nil {
		if a.saveLocked(a.commit) == nil {
			return nil
		}
	} else if a.appendLocked(d) == nil {
		a.compactLocked()
		return nil
	}
	prev, derr := restoreState(a.saved, a.journal)
	if derr != nil { // cannot happen: these bytes were encoded from a valid state
		panic(fmt.Sprintf("account: last saved state does not decode: %v", derr))
	}
	a.s = prev
	return errNotSaved()
}

// appendLocked appends the record of a change that touched d, with the key uses since the last
// record (their own record, journalKeyUses, may not have been written yet).
func (a *Account) appendLocked(d *dirtySet) error {
	for k := range a.keyUsed {
		if d[colUsers] == nil {
			d[colUsers] = map[string]struct{}{}
		}
		d[colUsers][k] = struct{}{}
	}
	rec, err := encodeRecord(a.s, d)
	if err == nil {
		err = a.appendRecord(rec)
	}
	if err != nil {
		return err
	}
	a.journal = append(append(a.journal, rec...), '\n')
	clear(a.keyUsed)
	a.keyUseDirty = false
	if checkJournal != nil {
		checkJournal(a)
	}
	return nil
}

// keyUseDelay is how long a new key last-used date may wait to be journaled: the uses of a
// busy simulator make one record (and fsync) a second at most, and a crash loses a second of
// them at most. (A variable: the tests shorten it.)
var keyUseDelay = time.Second

// journalKeyUses appends a record of the key last-used dates changed since the last record, if
// no change has carried them since (RecordKeyUse queues it). A failure leaves them to the next
// change or the next use.
func (a *Account) journalKeyUses() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keyUseQueued = false
	if a.appendRecord == nil || !a.keyUseDirty {
		return
	}
	if a.appendLocked(&dirtySet{}) == nil {
		a.compactLocked()
	}
}

// compactLocked folds the journal into a whole snapshot once it has grown to a quarter of the
// snapshot (journalFloor at least). The change is already durable in the journal, and the
// snapshot is written before the journal is emptied, so a crash in between replays records
// whose values the snapshot already holds: the same state. A failure is not the change's: the
// journal just goes on growing until a later compaction succeeds.
func (a *Account) compactLocked() {
	if len(a.journal) < max(journalFloor, len(a.saved)/4) {
		return
	}
	_ = a.saveLocked(a.commit) // commit reports its own failures
}

// restoreState decodes a snapshot and applies the journal records after it.
func restoreState(snapshot, journal []byte) (*state, error) {
	s, err := decodeState(snapshot)
	if err != nil || len(journal) == 0 {
		return s, err
	}
	s, _, err = replay(s, journal)
	if err != nil {
		return nil, err
	}
	if err := s.reindex(); err != nil {
		return nil, err
	}
	s.warm()
	return s, nil
}

// Test hooks, nil outside this package's tests: testJournal gives every new account an
// in-memory journal, and checkJournal is called after every journaled change to check that the
// saved snapshot and records give back the live state.
var (
	testJournal  func(a *Account)
	checkJournal func(a *Account)
)

// Flush commits the current state whatever changed (on Close: key last-used dates change
// without being acknowledged changes). Without a commit function it does nothing.
func (a *Account) Flush() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.commit == nil {
		return nil
	}
	if a.appendRecord != nil && a.keyUseDirty {
		// Journal the key uses first: the snapshot below must hold nothing the journal lacks,
		// or a crash before the journal is emptied would replay older values over it.
		if err := a.appendLocked(&dirtySet{}); err != nil {
			return err
		}
	}
	return a.saveLocked(a.commit)
}
