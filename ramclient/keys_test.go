package ramclient

import (
	"errors"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramsim"
)

func TestAccessKeys(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	_, err := c.CreateUser(ctx, NewUser{UserName: "keyholder"})
	mustOK(t, err)
	k, err := c.CreateAccessKey(ctx, "keyholder")
	mustOK(t, err)
	if k.AccessKeyID == "" || k.Secret == "" || k.Status != KeyActive || k.UserName != "keyholder" {
		t.Fatalf("new key: id %q status %q user %q secret set %v", k.AccessKeyID, k.Status, k.UserName, k.Secret != "")
	}
	if strings.Contains(k.String(), k.Secret) || strings.Contains(k.GoString(), k.Secret) {
		t.Fatal("NewAccessKey's String shows the secret")
	}
	_, err = c.CreateAccessKey(ctx, "keyholder")
	mustOK(t, err)
	_, err = c.CreateAccessKey(ctx, "keyholder")
	wantKind(t, err, KindLimitExceeded)

	keys, err := c.AccessKeys(ctx, "keyholder")
	mustOK(t, err)
	if len(keys) != 2 {
		t.Fatalf("keys = %+v", keys)
	}
	mustOK(t, c.SetAccessKeyStatus(ctx, "keyholder", k.AccessKeyID, KeyInactive))
	keys, err = c.AccessKeys(ctx, "keyholder")
	mustOK(t, err)
	for _, kk := range keys {
		if kk.AccessKeyID == k.AccessKeyID && kk.Status != KeyInactive {
			t.Fatalf("status = %s", kk.Status)
		}
	}
	wantKind(t, c.SetAccessKeyStatus(ctx, "keyholder", k.AccessKeyID, "Paused"), KindInvalidInput)
	if _, err := c.AccessKeyLastUsed(ctx, "keyholder", k.AccessKeyID); err != nil {
		t.Fatal(err)
	}
	mustOK(t, c.DeleteAccessKey(ctx, "keyholder", k.AccessKeyID))
	wantKind(t, c.DeleteAccessKey(ctx, "keyholder", k.AccessKeyID), KindNotFound)
	wantKind(t, c.DeleteUser(ctx, "keyholder"), KindConflict)

	noSecrets(t, c, k.Secret)
}

func TestStreamAllAccessKeys(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "scale:300"})
	ctx := ctxT(t)
	users, err := c.AllUsers(ctx)
	mustOK(t, err)
	want := 0
	for _, u := range users {
		ks, err := c.AccessKeys(ctx, u.UserName)
		mustOK(t, err)
		want += len(ks)
	}
	seen := map[string]bool{}
	mustOK(t, c.StreamAllAccessKeys(ctx, func(ks []AccessKey) error {
		for _, k := range ks {
			if k.UserName == "" || seen[k.AccessKeyID] {
				t.Errorf("key %+v", k)
			}
			seen[k.AccessKeyID] = true
		}
		return nil
	}))
	if len(seen) != want || want == 0 {
		t.Fatalf("streamed %d keys, want %d", len(seen), want)
	}
	stop := errors.New("stop")
	if err := c.StreamAllAccessKeys(ctx, func([]AccessKey) error { return stop }); err != stop {
		t.Fatalf("stop: %v", err)
	}
}

// The account-wide listing is one ListAccessKeys call per user (it made a GetAccessKeyLastUsed
// call per key too, doubling the Keys tab's calls); the last use is asked per key, for the rows
// a screen shows.
func TestStreamAllAccessKeysOneCallPerUser(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	user := clientAs(t, sim, "alice.wong")
	_, _ = user.CallerIdentity(ctx) // alice.wong's key is used now
	users, err := c.AllUsers(ctx)
	mustOK(t, err)
	before := len(c.Log().Entries())
	keys, err := c.AllAccessKeys(ctx)
	mustOK(t, err)
	calls := map[string]int{}
	for _, e := range c.Log().Entries()[before:] {
		calls[e.Action]++
	}
	if calls["ListAccessKeys"] != len(users) || calls["GetAccessKeyLastUsed"] != 0 {
		t.Fatalf("calls %v for %d users, want one ListAccessKeys each and no GetAccessKeyLastUsed", calls, len(users))
	}
	for _, k := range keys {
		if k.UserName != "alice.wong" {
			continue
		}
		used, err := c.AccessKeyLastUsed(ctx, k.UserName, k.AccessKeyID)
		mustOK(t, err)
		if used.IsZero() {
			t.Fatalf("alice.wong's used key %s has no last use", k.AccessKeyID)
		}
		return
	}
	t.Fatalf("alice.wong's key not listed: %+v", keys)
}
