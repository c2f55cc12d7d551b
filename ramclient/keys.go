package ramclient

import (
	"context"
	"errors"
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
// the secret: the only time it is ever available. A network error that leaves the outcome
// unknown is returned as is (KindUnreachable) and never retried: a retry could create a second
// key whose secret nobody saw. Throttling and connection failures before sending are retried.
func (c *Client) CreateAccessKey(ctx context.Context, user string) (NewAccessKey, error) {
	const action = "CreateAccessKey"
	if err := userOrSelf(action, user); err != nil {
		return NewAccessKey{}, err
	}
	resp, err := invoke(ctx, c, call{action: action, target: user, safety: once},
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
		return err
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
		return err
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
		return time.Time{}, err
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

// userKeys lists one user's keys with LastUsed filled, the last-used look-ups run concurrently.
func (c *Client) userKeys(ctx context.Context, user string) ([]AccessKey, error) {
	keys, err := c.AccessKeys(ctx, user)
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			keys[i].LastUsed, errs[i] = c.AccessKeyLastUsed(ctx, user, keys[i].AccessKeyID)
			if errors.Is(errs[i], ErrNotFound) { // deleted meanwhile: keep the row, no date
				errs[i] = nil
			}
		})
	}
	wg.Wait()
	return keys, errors.Join(errs...)
}

// StreamAllAccessKeys lists every user's AccessKeys with LastUsed filled, account-wide. fn gets
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
				keys, err := c.userKeys(ctx, u)
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
