package account

import (
	"fmt"
	"net/http"
)

// Durability: with a commit function set, a change is visible only once it is saved. Invoke
// applies a write action under the write lock, encodes the new state and hands it to commit
// while still holding the lock, so no reader can see the change before it is on disk. When
// commit fails, the state goes back to the last saved snapshot (kept as the bytes already
// written, so nothing is copied per change) and the caller gets errNotSaved: the account is
// exactly what the file holds.

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
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.saveLocked(commit); err != nil {
		return err
	}
	a.commit = commit
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
	a.saved = data
	return nil
}

// commitLocked saves the state after a change (a.mu held for writing). On failure the state is
// rolled back to the last saved snapshot and errNotSaved is returned.
func (a *Account) commitLocked() *Error {
	if a.commit == nil {
		return nil
	}
	if a.saveLocked(a.commit) == nil {
		return nil
	}
	prev, derr := decodeState(a.saved)
	if derr != nil { // cannot happen: these bytes were encoded from a valid state
		panic(fmt.Sprintf("account: last saved state does not decode: %v", derr))
	}
	a.s = prev
	return errNotSaved()
}

// Flush commits the current state whatever changed (on Close: key last-used dates change
// without being acknowledged changes). Without a commit function it does nothing.
func (a *Account) Flush() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.commit == nil {
		return nil
	}
	return a.saveLocked(a.commit)
}
