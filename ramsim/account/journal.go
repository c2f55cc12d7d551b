package account

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// The change journal (SetJournal): at 100,000 users the whole state is ~60 MB of JSON, and
// encoding and writing it for every change took seconds. With a journal, a change appends one
// record instead: the small part of the state whole, plus the users, groups, roles, policies and
// STS sessions the change touched (each whole, or null when it was removed). Records carry values, not
// operations, so applying one twice gives the same state: a crash while the journal is being
// folded into a new snapshot loses nothing. When the records pass a quarter of the snapshot's
// size (8 MiB at least), the next change writes a whole snapshot instead, which empties the
// journal (compaction).
//
// Which entities a change touched is recorded by the state itself while a write runs
// (s.dirty): the lookups (s.user, s.group, s.role, s.policy, groupMembers, the AccessKey
// owner) and every insert or delete (named/unnamed, a session issued or pruned) mark the key. A write that changed an
// entity it found some other way would be lost at the next start: the package's tests check
// every journaled change by replaying it (checkJournal).

// journalFloor is the least journal size that triggers a compaction (a variable: the tests
// lower it, so that their changes go through compactions too).
var journalFloor = 8 << 20

// dirtySet is the keys of the large collections a write touched.
type dirtySet [5]map[string]struct{} // by collection: users, groups, roles, policies, sessions

const (
	colUsers = iota
	colGroups
	colRoles
	colPolicies
	colSessions // by STS AccessKeyId: every AssumeRole adds one, and there may be thousands
)

var collectionNames = [...]string{"users", "groups", "roles", "policies", "sessions"}

func collectionIndex(name string) int { return slices.Index(collectionNames[:], name) }

// touch marks key k of collection col as changed by the running write (no-op outside one).
func (s *state) touch(col int, k string) {
	if s.dirty == nil {
		return
	}
	if s.dirty[col] == nil {
		s.dirty[col] = map[string]struct{}{}
	}
	s.dirty[col][k] = struct{}{}
}

// markAll marks every entity of s's large collections.
func (d *dirtySet) markAll(s *state) {
	markKeys(d, colUsers, s.Users)
	markKeys(d, colGroups, s.Groups)
	markKeys(d, colRoles, s.Roles)
	markKeys(d, colPolicies, s.Policies)
	markKeys(d, colSessions, s.Sessions)
}

func markKeys[V any](d *dirtySet, col int, m map[string]V) {
	if d[col] == nil {
		d[col] = make(map[string]struct{}, len(m))
	}
	for k := range m {
		d[col][k] = struct{}{}
	}
}

// record is one journal line.
type record struct {
	Small    json.RawMessage        `json:"small"` // the state without its five large maps
	Users    map[string]*user       `json:"users,omitempty"`
	Groups   map[string]*group      `json:"groups,omitempty"`
	Roles    map[string]*role       `json:"roles,omitempty"`
	Policies map[string]*policyEnt  `json:"policies,omitempty"`
	Sessions map[string]*stsSession `json:"sessions,omitempty"`
}

// encodeRecord encodes the touched entities and the small part of the state (write lock held).
func encodeRecord(s *state, d *dirtySet) ([]byte, error) {
	rec := record{
		Users: touched(s.Users, d[colUsers]), Groups: touched(s.Groups, d[colGroups]),
		Roles: touched(s.Roles, d[colRoles]), Policies: touched(s.Policies, d[colPolicies]),
		Sessions: touched(s.Sessions, d[colSessions]),
	}
	// The small part is the state itself with the large maps set aside for the moment (the
	// write lock is held: nobody else sees it), so a field added to state is never left out.
	u, g, r, p, ss := s.Users, s.Groups, s.Roles, s.Policies, s.Sessions
	s.Users, s.Groups, s.Roles, s.Policies, s.Sessions = nil, nil, nil, nil, nil
	small, err := json.Marshal(s)
	s.Users, s.Groups, s.Roles, s.Policies, s.Sessions = u, g, r, p, ss
	if err != nil {
		return nil, err
	}
	rec.Small = small
	return json.Marshal(rec)
}

// replay applies journal lines to s, in order, and returns the resulting state (not yet
// reindexed) and how many records it applied. A last line that is cut short (no newline, or not
// valid JSON: a crash in the middle of an append, never acknowledged) is left out; a bad line
// before the last is an error.
func replay(s *state, journal []byte) (*state, int, error) {
	n := 0
	for len(journal) > 0 {
		line, rest, complete := bytes.Cut(journal, []byte("\n"))
		journal = rest
		if len(line) == 0 {
			continue
		}
		var rec record
		if err := json.Unmarshal(line, &rec); err != nil || rec.Small == nil {
			if !complete || len(bytes.TrimSpace(rest)) == 0 {
				break // a torn tail
			}
			return nil, n, fmt.Errorf("journal record %d: %v", n+1, err)
		}
		small := newState("")
		small.Sessions = nil
		if err := json.Unmarshal(rec.Small, small); err != nil {
			return nil, n, fmt.Errorf("journal record %d: %w", n+1, err)
		}
		if small.Sessions == nil { // ("sessions":null) a record of this format: the touched ones below
			small.Sessions = s.Sessions
		} // else a record of the format before: it held every session, in its small part
		small.Users, small.Groups, small.Roles, small.Policies = s.Users, s.Groups, s.Roles, s.Policies
		applyMap(small.Users, rec.Users)
		applyMap(small.Groups, rec.Groups)
		applyMap(small.Roles, rec.Roles)
		applyMap(small.Policies, rec.Policies)
		applyMap(small.Sessions, rec.Sessions)
		s = small
		n++
	}
	return s, n, nil
}

// touched is the entries of m named in keys, nil for those no longer in m (nil: none touched).
func touched[V any](m map[string]*V, keys map[string]struct{}) map[string]*V {
	if len(keys) == 0 {
		return nil
	}
	out := make(map[string]*V, len(keys))
	for k := range keys {
		out[k] = m[k]
	}
	return out
}

func applyMap[V any](m map[string]*V, puts map[string]*V) {
	for k, v := range puts {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
}
