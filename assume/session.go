package assume

import (
	"fmt"
	"strings"
	"time"
)

// Session name and duration limits of STS AssumeRole (ram-api.md §4.1).
const (
	MinSessionNameLen = 2
	MaxSessionNameLen = 64
	MinDuration       = 900 * time.Second
	DefaultDuration   = time.Hour
	// DefaultMaxSessionDuration is a role's MaxSessionDuration when the role does not say.
	DefaultMaxSessionDuration = time.Hour
)

func sessionNameRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r == '.' || r == '@' || r == '_' || r == '-'
}

// SanitizeSessionName turns any text (usually the caller's RAM user name, which may hold
// characters STS refuses) into a valid RoleSessionName: 2-64 of [A-Za-z0-9.@_-]. Other
// characters become '-', runs of them collapse, and an empty result falls back to "ramtui".
// Audit logs show this name, so it keeps as much of the original as it can.
func SanitizeSessionName(s string) string {
	var b strings.Builder
	lastDash := false
	for _, r := range s {
		if sessionNameRune(r) {
			b.WriteRune(r)
			lastDash = false
			continue
		}
		if !lastDash && b.Len() > 0 {
			b.WriteByte('-')
			lastDash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > MaxSessionNameLen {
		out = strings.TrimRight(out[:MaxSessionNameLen], "-")
	}
	switch {
	case out == "":
		return "ramtui"
	case len(out) < MinSessionNameLen:
		return out + "-ramtui"
	}
	return out
}

// ValidateSessionName reports why name is not a valid RoleSessionName, or nil.
func ValidateSessionName(name string) error {
	if n := len(name); n < MinSessionNameLen || n > MaxSessionNameLen {
		return fmt.Errorf("session name must be %d-%d characters, got %d", MinSessionNameLen, MaxSessionNameLen, n)
	}
	for i, r := range name {
		if !sessionNameRune(r) {
			return fmt.Errorf("session name has %q at position %d: only letters, digits and . @ _ - are allowed", r, i+1)
		}
	}
	return nil
}

// ClampDuration fits a requested session duration into what AssumeRole accepts for a role:
// at least 15 minutes, at most the role's MaxSessionDuration (maxSession <= 0 means the
// default of one hour). Zero asks for the default of one hour. Durations are whole seconds.
// clamped reports whether the request had to change, so the UI can say so instead of failing
// the way other tools do when asked for more than the role allows.
func ClampDuration(requested, maxSession time.Duration) (d time.Duration, clamped bool) {
	if maxSession <= 0 {
		maxSession = DefaultMaxSessionDuration
	}
	if requested == 0 {
		requested = DefaultDuration
	}
	d = requested.Truncate(time.Second)
	if d > maxSession {
		d = maxSession
	}
	if d < MinDuration {
		d = MinDuration
	}
	return d, d != requested
}
