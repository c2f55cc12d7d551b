package ramclient

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// userOrSelf checks a user name where "" means the caller's own user.
func userOrSelf(action, user string) error {
	if user == "" {
		return nil
	}
	return lookupName(action, "UserName", user)
}

// AccessKeys lists a user's AccessKeys ("" = the caller's own user). LastUsed is not filled.
func (c *Client) AccessKeys(ctx context.Context, user string) ([]AccessKey, error) {
	const action = "ListAccessKeys"
	if err := userOrSelf(action, user); err != nil {
		return nil, err
	}
	resp, err := invoke(ctx, c, call{action: action, target: user},
		func() (requests.AcsRequest, *ram.ListAccessKeysResponse) {
			req := ram.CreateListAccessKeysRequest()
			req.UserName = user
			return req, ram.CreateListAccessKeysResponse()
		})
	if err != nil {
		return nil, err
	}
	return mapSlice(resp.AccessKeys.AccessKey, func(k ram.AccessKey) AccessKey { return toAccessKey(user, k) }), nil
}

// CreateAccessKey creates an AccessKey for user ("" = the caller's own user). The result holds
// the secret: the only time it is ever available.
//
// A lost answer is the dangerous case: the key may exist while its secret went nowhere. So the
// user's keys are listed first, and after an unknown outcome listed again: no new key means the
// create did not happen and it is sent again; one new key is the orphan of the lost answer, and
// it is deleted (nobody can ever use it) before the create is sent again; anything else is
// reported with the key ids, never silently left active. (A caller who may create keys but not
// list them gets the old behaviour: a lost answer is reported, not repeated.)
func (c *Client) CreateAccessKey(ctx context.Context, user string) (NewAccessKey, error) {
	const action = "CreateAccessKey"
	if err := userOrSelf(action, user); err != nil {
		return NewAccessKey{}, err
	}
	cl := call{action: action, target: user, safety: checked}
	before, err := c.AccessKeys(ctx, user)
	switch {
	case errors.Is(err, ErrDenied): // may create but not list: a lost answer is only reported
		cl.safety = once
	case err != nil:
		return NewAccessKey{}, err
	}
	cl.check = func(ctx context.Context) (bool, error) {
		return false, c.removeOrphanKey(ctx, user, before)
	}
	resp, err := invoke(ctx, c, cl,
		func() (requests.AcsRequest, *ram.CreateAccessKeyResponse) {
			req := ram.CreateCreateAccessKeyRequest()
			req.UserName = user
			return req, ram.CreateCreateAccessKeyResponse()
		})
	if err != nil {
		return NewAccessKey{}, err
	}
	k := resp.AccessKey
	return NewAccessKey{AccessKey: toAccessKey(user, k), Secret: k.AccessKeySecret}, nil
}

// removeOrphanKey deletes the key a CreateAccessKey whose answer was lost left behind: the one
// key listed now that was not listed before. It fails, naming the keys, when it cannot tell
// which key that is or cannot delete it.
func (c *Client) removeOrphanKey(ctx context.Context, user string, before []AccessKey) error {
	const action = "CreateAccessKey"
	after, err := c.AccessKeys(ctx, user)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, k := range before {
		known[k.AccessKeyID] = true
	}
	var added []string
	for _, k := range after {
		if !known[k.AccessKeyID] {
			added = append(added, k.AccessKeyID)
		}
	}
	switch len(added) {
	case 0:
		return nil
	case 1:
		if err := c.DeleteAccessKey(ctx, user, added[0]); err != nil {
			return &Error{Action: action, Kind: KindOther,
				Message: "the answer was lost, so the secret of the new key " + added[0] + " is unknown, and deleting that key failed: " + err.Error(),
				Hint:    "delete key " + added[0] + " (it cannot be used), then create a new one"}
		}
		return nil
	}
	return &Error{Action: action, Kind: KindOther,
		Message: "the answer was lost, and several new keys appeared meanwhile (" + strings.Join(added, ", ") + "): their secrets are unknown here",
		Hint:    "delete the keys nobody has the secret of, then create a new one"}
}

// Access key statuses.
const (
	KeyActive   = "Active"
	KeyInactive = "Inactive"
)

// SetAccessKeyStatus enables (KeyActive) or disables (KeyInactive) a key.
func (c *Client) SetAccessKeyStatus(ctx context.Context, user, keyID, status string) error {
	const action = "UpdateAccessKey"
	if err := userOrSelf(action, user); err != nil {
		return err
	}
	if err := accessKeyID(action, keyID); err != nil {
		return c.refuse(err)
	}
	if status != KeyActive && status != KeyInactive {
		return invalidInput(action, "Status", "%q: want Active or Inactive", status)
	}
	_, err := invoke(ctx, c, call{action: action, target: user + " " + keyID + " " + status},
		func() (requests.AcsRequest, *ram.UpdateAccessKeyResponse) {
			req := ram.CreateUpdateAccessKeyRequest()
			req.UserName, req.UserAccessKeyId, req.Status = user, keyID, status
			return req, ram.CreateUpdateAccessKeyResponse()
		})
	return err
}

// DeleteAccessKey deletes a key.
func (c *Client) DeleteAccessKey(ctx context.Context, user, keyID string) error {
	const action = "DeleteAccessKey"
	if err := userOrSelf(action, user); err != nil {
		return err
	}
	if err := accessKeyID(action, keyID); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: user + " " + keyID, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ram.DeleteAccessKeyResponse) {
			req := ram.CreateDeleteAccessKeyRequest()
			req.UserName, req.UserAccessKeyId = user, keyID
			return req, ram.CreateDeleteAccessKeyResponse()
		})
	return err
}

// AccessKeyLastUsed returns when a key was last used (zero: never).
func (c *Client) AccessKeyLastUsed(ctx context.Context, user, keyID string) (time.Time, error) {
	const action = "GetAccessKeyLastUsed"
	if err := userOrSelf(action, user); err != nil {
		return time.Time{}, err
	}
	if err := accessKeyID(action, keyID); err != nil {
		return time.Time{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: user + " " + keyID},
		func() (requests.AcsRequest, *ram.GetAccessKeyLastUsedResponse) {
			req := ram.CreateGetAccessKeyLastUsedRequest()
			req.UserName, req.UserAccessKeyId = user, keyID
			return req, ram.CreateGetAccessKeyLastUsedResponse()
		})
	if err != nil {
		return time.Time{}, err
	}
	return parseTime(resp.AccessKeyLastUsed.LastUsedDate), nil
}

// StreamAllAccessKeys lists every user's AccessKeys account-wide, one ListAccessKeys call per
// user; LastUsed is not filled (AccessKeyLastUsed is a call per key: the Keys tab asks it for
// the rows on screen, the audit reads the credential report). fn gets
// one user's keys at a time (users without keys are skipped), in no particular order, always
// from the calling goroutine. Users are worked on concurrently, bounded by the client's
// concurrency; a user deleted meanwhile is skipped. fn's error stops the listing.
func (c *Client) StreamAllAccessKeys(ctx context.Context, fn func([]AccessKey) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		keys []AccessKey
		err  error
	}
	users := make(chan string)
	results := make(chan result)
	var listErr error
	go func() {
		defer close(users)
		listErr = c.StreamUsers(ctx, func(page []User) error {
			for _, u := range page {
				select {
				case users <- u.UserName:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}()
	var wg sync.WaitGroup
	for range c.conc {
		wg.Go(func() {
			for u := range users {
				keys, err := c.AccessKeys(ctx, u)
				if errors.Is(err, ErrNotFound) {
					continue
				}
				select {
				case results <- result{keys, err}:
				case <-ctx.Done():
				}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()
	var firstErr error
	for r := range results {
		if firstErr != nil {
			continue // drain so the workers finish
		}
		if r.err == nil && len(r.keys) > 0 {
			r.err = fn(r.keys)
		}
		if r.err != nil {
			firstErr = r.err
			cancel()
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if listErr != nil {
		return listErr
	}
	return ctx.Err()
}

// AllAccessKeys collects StreamAllAccessKeys.
func (c *Client) AllAccessKeys(ctx context.Context) ([]AccessKey, error) {
	out := []AccessKey{}
	err := c.StreamAllAccessKeys(ctx, func(k []AccessKey) error {
		out = append(out, k...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
