package userdata

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"time"
)

// CachedSession is a role session `ramtui assume --cache` keeps so that repeated calls (an
// External profile's process_command, a credential_process) cost no AssumeRole until it nears
// its end. It holds a secret: the file is 0600 in a 0700 directory, and only --cache writes it.
type CachedSession struct {
	AccessKeyID     string    `json:"AccessKeyId"`
	AccessKeySecret string    `json:"AccessKeySecret"`
	SecurityToken   string    `json:"SecurityToken"`
	Expiration      time.Time `json:"Expiration"`
	AssumedRoleARN  string    `json:"AssumedRoleArn"`
	Region          string    `json:"Region,omitempty"`
}

// SessionKey names a cached session by everything that decides what AssumeRole returns: where
// the call goes, who makes it, the role, session name, ExternalId, duration and session policy.
// It is a hash, so the file name reveals none of them.
func SessionKey(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:16])
}

func (d Dirs) sessionFile(key string) string { return file(d.Cache, "sessions/"+key+".json") }

// LookupSession returns the session cached under key when it lasts at least margin more.
func (d Dirs) LookupSession(key string, now time.Time, margin time.Duration) (CachedSession, bool) {
	var s CachedSession
	if err := ReadJSON(d.sessionFile(key), &s); err != nil || s.AccessKeyID == "" || s.SecurityToken == "" {
		return CachedSession{}, false
	}
	if s.Expiration.Before(now.Add(margin)) {
		os.Remove(d.sessionFile(key)) // a spent secret is not worth keeping on disk
		return CachedSession{}, false
	}
	return s, true
}

// RememberSession caches s under key (0600).
func (d Dirs) RememberSession(key string, s CachedSession) error {
	return WriteJSON(d.sessionFile(key), s)
}
