package userdata

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Identity is who a permanent AccessKey belongs to, as GetCallerIdentity said.
type Identity struct {
	Type      string    `json:"type"` // "Account" | "RAMUser"
	AccountID string    `json:"account_id"`
	ARN       string    `json:"arn"`
	Seen      time.Time `json:"seen"`
}

// identityTTL bounds how long a remembered identity is trusted. A permanent AccessKey never
// moves to another user, but a deleted user's name can be reused by a new one.
const identityTTL = 7 * 24 * time.Hour

type identityFile struct {
	Identities map[string]Identity `json:"identities"`
}

func (d Dirs) identityPath() string { return file(d.Cache, "identities.json") }

// identityKey hides the key id: the cache names no AccessKey, only a hash of it and the
// endpoint it was used with.
func identityKey(endpoint, accessKeyID string) string {
	h := sha256.Sum256([]byte(endpoint + "\x00" + accessKeyID))
	return hex.EncodeToString(h[:16])
}

// LookupIdentity returns the remembered identity of a permanent AccessKey at an endpoint.
// It saves `ramtui assume` a GetCallerIdentity round trip on every run after the first.
func (d Dirs) LookupIdentity(endpoint, accessKeyID string, now time.Time) (Identity, bool) {
	var f identityFile
	if err := ReadJSON(d.identityPath(), &f); err != nil {
		return Identity{}, false // a cache that cannot be read is a cache miss
	}
	id, ok := f.Identities[identityKey(endpoint, accessKeyID)]
	if !ok || now.Sub(id.Seen) > identityTTL || now.Before(id.Seen) {
		return Identity{}, false
	}
	return id, true
}

// RememberIdentity records who a permanent AccessKey belongs to. Never call it for STS keys.
func (d Dirs) RememberIdentity(endpoint, accessKeyID string, id Identity) error {
	var f identityFile
	_ = ReadJSON(d.identityPath(), &f) // a damaged cache is rebuilt
	if f.Identities == nil {
		f.Identities = map[string]Identity{}
	}
	for k, old := range f.Identities { // keep the file small
		if id.Seen.Sub(old.Seen) > identityTTL {
			delete(f.Identities, k)
		}
	}
	f.Identities[identityKey(endpoint, accessKeyID)] = id
	return WriteJSON(d.identityPath(), f)
}
