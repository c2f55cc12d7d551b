package audit

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ramtui/ramtui/userdata"
)

// An ignore sets a finding aside with a reason: "this key is the break-glass key, kept on
// purpose". It names the account, the check and the entity, so an ignore made for one account
// never hides the same-named finding of another, and a new finding on the same entity by
// another check still shows. The file is the user's (in the config dir, 0600, written
// atomically); it holds names and reasons, never a secret.

// IgnoreFile is the ignore list's file name in ramtui's config directory.
const IgnoreFile = "audit-ignore.json"

// MaxReason bounds a reason: a sentence, not an essay.
const MaxReason = 500

// Ignore is one finding set aside.
type Ignore struct {
	Account string    `json:"account"`
	Check   string    `json:"check"`
	Entity  string    `json:"entity"` // Finding.Entity(), e.g. "user legacy-app"
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
}

// IgnoredFinding is a finding an ignore set aside, with that ignore.
type IgnoredFinding struct {
	Finding
	Ignore Ignore `json:"ignore"`
}

// Ignores is the ignore list.
type Ignores struct {
	Ignores []Ignore `json:"ignores"`
}

// NewIgnore checks the reason and makes the ignore of f in account at now.
func NewIgnore(account string, f Finding, reason string, now time.Time) (Ignore, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return Ignore{}, errors.New("a reason is required: say why this finding is accepted")
	case !utf8.ValidString(reason) || utf8.RuneCountInString(reason) > MaxReason:
		return Ignore{}, fmt.Errorf("the reason must be valid text of at most %d characters", MaxReason)
	}
	return Ignore{Account: account, Check: f.Check, Entity: f.Entity(), Reason: reason, At: now.UTC()}, nil
}

// Find returns the ignore of f in account, if any.
func (l Ignores) Find(account string, f Finding) (Ignore, bool) {
	e := f.Entity()
	for _, ig := range l.Ignores {
		if ig.Account == account && ig.Check == f.Check && ig.Entity == e {
			return ig, true
		}
	}
	return Ignore{}, false
}

// Add puts ig in the list, replacing an earlier ignore of the same finding.
func (l *Ignores) Add(ig Ignore) {
	for i, old := range l.Ignores {
		if old.Account == ig.Account && old.Check == ig.Check && old.Entity == ig.Entity {
			l.Ignores[i] = ig
			return
		}
	}
	l.Ignores = append(l.Ignores, ig)
}

// Remove takes the ignore of f in account out of the list; false when there was none.
func (l *Ignores) Remove(account string, f Finding) bool {
	e := f.Entity()
	for i, ig := range l.Ignores {
		if ig.Account == account && ig.Check == f.Check && ig.Entity == e {
			l.Ignores = append(l.Ignores[:i], l.Ignores[i+1:]...)
			return true
		}
	}
	return false
}

// Apply moves the report's ignored findings to Ignored and recomputes the score without them.
func (r *Report) Apply(l Ignores) {
	var kept []Finding
	r.Ignored = nil
	for _, f := range r.Findings {
		if ig, ok := l.Find(r.AccountID, f); ok {
			r.Ignored = append(r.Ignored, IgnoredFinding{Finding: f, Ignore: ig})
			continue
		}
		kept = append(kept, f)
	}
	r.Findings = kept
	r.Score = Score(kept)
}

// LoadIgnores reads the ignore list at path; a missing file (or no path) is an empty list, a
// damaged one an error naming it (it is never silently replaced).
func LoadIgnores(path string) (Ignores, error) {
	var l Ignores
	if err := userdata.ReadJSON(path, &l); err != nil {
		return Ignores{}, err
	}
	return l, nil
}

// SaveIgnores replaces the file at path with l atomically, mode 0600, creating its directory
// (0700). With no path it does nothing (tests and --demo keep nothing).
func SaveIgnores(path string, l Ignores) error { return userdata.WriteJSON(path, l) }

// IgnorePath is the ignore list's path in config dir dir ("" when dir is "").
func IgnorePath(dir string) string {
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, IgnoreFile)
}
