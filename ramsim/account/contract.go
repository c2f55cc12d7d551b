package account

// The methods below are the seam with package ramsim; the signatures are the contract.

import (
	"fmt"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// Account is one simulated Alibaba Cloud account. It is safe for concurrent use: one RWMutex
// guards the whole state (reads share it, every change holds it exclusively).
type Account struct {
	opts Options
	mu   sync.RWMutex
	s    *state

	commit func(snapshot []byte) error // see SetCommit; nil = in memory only
	saved  []byte                      // the last committed snapshot: what a failed commit rolls back to

	appendRecord func(record []byte) error // see SetJournal; nil = every change is a whole snapshot
	journal      []byte                    // the records appended since saved, one a line
	keyUsed      map[string]struct{}       // users whose key last-used date changed since the last record
	keyUseDirty  bool                      // a key's last-used date (the root's too) changed since the last record
	keyUseQueued bool                      // a record of the key uses is due (journalKeyUses, keyUseDelay)
}

// New creates an account with the data set named in opts.Seed ("" means "empty").
func New(opts Options) (*Account, error) {
	a := &Account{opts: opts}
	s, err := a.seed(opts.Seed)
	if err != nil {
		return nil, err
	}
	a.s = s
	if testJournal != nil {
		testJournal(a)
	}
	return a, nil
}

// now is the account clock in UTC, whole seconds (the service reports seconds).
func (a *Account) now() time.Time {
	t := time.Now()
	if a.opts.Clock != nil {
		t = a.opts.Clock()
	}
	return t.UTC().Truncate(time.Second)
}

// ID is the account id (16 digits).
func (a *Account) ID() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.s.AccountID
}

// Alias is the account alias ("" when none is set).
func (a *Account) Alias() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.s.Alias
}

// RootKey is the account root's AccessKey.
func (a *Account) RootKey() (id, secret string) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.s.RootKey.ID, a.s.RootKey.Secret
}

// IssueAccessKey creates a fresh AccessKey for a RAM user outside the API (for --demo sign-in and
// test set-up), subject to the usual two-keys-per-user quota.
func (a *Account) IssueAccessKey(userName string) (id, secret string, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.s.user(userName)
	if u == nil {
		return "", "", errNoUser()
	}
	a.s.dirty = &dirtySet{}
	a.s.touch(colUsers, key(u.Name))
	k, e := a.s.addKey(u, a.now())
	if e != nil {
		return "", "", e
	}
	if e := a.commitLocked(); e != nil {
		return "", "", e
	}
	return k.ID, k.Secret, nil
}

// Credential looks up an AccessKey id (permanent or STS). A nil *Error means found; expired STS
// keys are returned with their Expiration so ramsim can answer InvalidSecurityToken.Expired.
func (a *Account) Credential(accessKeyID string) (Credential, *Error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	s := a.s
	if k := s.RootKey; k != nil && k.ID == accessKeyID {
		return Credential{AccessKeyID: k.ID, Secret: k.Secret, Active: k.Active, Identity: Identity{
			Type: IdentityRoot, AccountID: s.AccountID, AccessKeyID: k.ID,
		}}, nil
	}
	if u := s.keyOwner[accessKeyID]; u != nil {
		for _, k := range u.Keys {
			if k.ID == accessKeyID {
				return Credential{AccessKeyID: k.ID, Secret: k.Secret, Active: k.Active, Identity: Identity{
					Type: IdentityUser, AccountID: s.AccountID, AccessKeyID: k.ID, UserName: u.Name, UserID: u.ID,
				}}, nil
			}
		}
	}
	if ss := s.Sessions[accessKeyID]; ss != nil {
		return Credential{AccessKeyID: ss.KeyID, Secret: ss.Secret, Active: true, SecurityToken: ss.Token,
			Expiration: ss.Expiration, Identity: Identity{
				Type: IdentityAssumedRole, AccountID: s.AccountID, AccessKeyID: ss.KeyID,
				RoleName: ss.RoleName, RoleID: ss.RoleID, SessionName: ss.SessionName,
			}}, nil
	}
	return Credential{}, errNotFound("InvalidAccessKeyId.NotFound", "Specified access key is not found.")
}

// RecordKeyUse notes that a permanent AccessKey signed a request that passed authentication
// (feeds GetAccessKeyLastUsed). Most requests fall in the second the key was last used in: they
// are told so under the read lock, and only a new date takes the write lock. With a journal, a
// new date is journaled within keyUseDelay (journalKeyUses), with the uses of other keys since.
func (a *Account) RecordKeyUse(accessKeyID string, at time.Time) {
	at = at.UTC().Truncate(time.Second)
	a.mu.RLock()
	k, _ := a.s.accessKey(accessKeyID)
	same := k == nil || k.LastUsed.Equal(at)
	a.mu.RUnlock()
	if same {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	k, u := a.s.accessKey(accessKeyID)
	if k == nil {
		return
	}
	k.LastUsed = at
	if a.appendRecord == nil {
		return // saved whole with the next change (or at Flush)
	}
	if u != nil {
		if a.keyUsed == nil {
			a.keyUsed = map[string]struct{}{}
		}
		a.keyUsed[key(u.Name)] = struct{}{}
	}
	a.keyUseDirty = true
	if !a.keyUseQueued {
		a.keyUseQueued = true
		time.AfterFunc(keyUseDelay, a.journalKeyUses)
	}
}

// accessKey finds a permanent AccessKey (the root's or a user's) and the user owning it (nil
// for the root's).
func (s *state) accessKey(id string) (*accessKey, *user) {
	if k := s.RootKey; k != nil && k.ID == id {
		return k, nil
	}
	if u := s.keyOwner[id]; u != nil {
		for _, k := range u.Keys {
			if k.ID == id {
				return k, u
			}
		}
	}
	return nil, nil
}

// Invoke runs one action. changed reports whether the account state changed (ramsim persists
// then). Unknown actions give InvalidAction.NotFound.
func (a *Account) Invoke(req Request) (resp any, changed bool, err *Error) {
	act, ok := actions()[actionKey{req.Product, req.Action}]
	if !ok {
		return nil, false, errNotFound("InvalidAction.NotFound",
			"Specified api is not found, please check your url and method.")
	}
	if req.Params == nil {
		req.Params = map[string]string{}
	}
	if err := validUTF8(req.Params); err != nil {
		return nil, false, err
	}
	if act.write {
		a.mu.Lock()
		defer a.mu.Unlock()
	} else {
		a.mu.RLock()
		defer a.mu.RUnlock()
	}
	defer func() {
		// A bug must not take the server down with it; report it as the service would.
		if r := recover(); r != nil {
			resp, changed, err = nil, false, errInternal("An internal error occurred: %v", r)
		}
	}()
	c := &call{a: a, s: a.s, req: req, now: a.now()}
	if act.write {
		a.s.dirty = &dirtySet{}
		defer func() { a.s.dirty = nil }()
	}
	resp, err = act.run(c)
	if err != nil {
		return nil, false, err
	}
	if act.write {
		if err := a.commitLocked(); err != nil {
			return nil, false, err
		}
	}
	return resp, act.write, nil
}

// Snapshot is the whole state as JSON (for --state files).
func (a *Account) Snapshot() ([]byte, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return encodeState(a.s)
}

// Restore replaces the state with a Snapshot, durably before visibly as for any change.
func (a *Account) Restore(data []byte) error {
	s, err := decodeState(data)
	if err != nil {
		return fmt.Errorf("account: restore: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.commit == nil:
	case a.appendRecord != nil:
		// The journal holds records of the state being replaced, and a snapshot of another
		// state written before the journal is emptied would have them replayed over it after a
		// crash. So the new state goes into the journal first, as one record that sets every
		// entity of either state, and is then folded into a snapshot as usual.
		var d dirtySet
		d.markAll(a.s)
		d.markAll(s)
		old := a.s
		a.s = s
		if err := a.appendLocked(&d); err != nil {
			a.s = old
			return err
		}
		_ = a.saveLocked(a.commit) // a failure leaves the journal to replay: the same state
	default:
		if err := a.commit(data); err != nil {
			return err
		}
		a.saved = append([]byte(nil), data...)
		a.journal = a.journal[:0]
	}
	a.s = s
	return nil
}

// RestoreJournal replaces the state with a Snapshot and the journal records appended after it
// (SetJournal), as they were read from disk at start. A record cut short at the end (a crash
// during its append, so never acknowledged) is left out. It does not save: SetJournal, called
// next, writes the result as one snapshot and empties the journal.
func (a *Account) RestoreJournal(snapshot, journal []byte) error {
	s, err := restoreState(snapshot, journal)
	if err != nil {
		return fmt.Errorf("account: restore: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.s = s
	return nil
}

// validUTF8 refuses a request with a parameter that is not valid UTF-8: the account stores only
// valid text. Control characters are kept: no documentation says the service refuses them, and
// clients must be testable against hostile text (their defence never depends on the server).
func validUTF8(params map[string]string) *Error {
	for name, v := range params {
		if !utf8.ValidString(v) || !utf8.ValidString(name) {
			return errBadRequest("InvalidParameter.Encoding", "The parameter %s is not valid UTF-8.", strconv.Quote(name))
		}
	}
	return nil
}
