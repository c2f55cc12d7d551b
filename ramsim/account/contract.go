package account

// The methods below are the seam with package ramsim. Their bodies are placeholders until the
// account model lands; the signatures are the contract.

import (
	"errors"
	"net/http"
	"time"
)

// Account is one simulated Alibaba Cloud account. It is safe for concurrent use.
type Account struct {
	opts Options
}

var errNotBuilt = errors.New("account: not built yet")

// New creates an account with the data set named in opts.Seed.
func New(opts Options) (*Account, error) { return nil, errNotBuilt }

// ID is the account id (16 digits).
func (a *Account) ID() string { return "" }

// RootKey is the account root's AccessKey.
func (a *Account) RootKey() (id, secret string) { return "", "" }

// IssueAccessKey creates a fresh AccessKey for a RAM user outside the API (for --demo sign-in and
// test set-up), subject to the usual two-keys-per-user quota.
func (a *Account) IssueAccessKey(userName string) (id, secret string, err error) {
	return "", "", errNotBuilt
}

// Credential looks up an AccessKey id (permanent or STS). A nil *Error means found; expired STS
// keys are returned with their Expiration so ramsim can answer InvalidSecurityToken.Expired.
func (a *Account) Credential(accessKeyID string) (Credential, *Error) {
	return Credential{}, &Error{Status: http.StatusNotFound, Code: "InvalidAccessKeyId.NotFound", Message: "Specified access key is not found."}
}

// RecordKeyUse notes that a permanent AccessKey signed a request that passed authentication
// (feeds GetAccessKeyLastUsed).
func (a *Account) RecordKeyUse(accessKeyID string, at time.Time) {}

// Invoke runs one action. changed reports whether the account state changed (ramsim persists
// then). Unknown actions give InvalidAction.NotFound.
func (a *Account) Invoke(req Request) (resp any, changed bool, err *Error) {
	return nil, false, &Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: errNotBuilt.Error()}
}

// Snapshot is the whole state as JSON (for --state files).
func (a *Account) Snapshot() ([]byte, error) { return nil, errNotBuilt }

// Restore replaces the state with a Snapshot.
func (a *Account) Restore(data []byte) error { return errNotBuilt }
