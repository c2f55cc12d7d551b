package account

import (
	"sort"
	"sync"
)

// sortedIndex remembers the sorted names of the large collections between changes, so that
// paging through 10,000 users sorts them once, not once per page. It belongs to one state and
// is valid for one generation: Invoke bumps the generation after every state-changing action
// (under the write lock), and readers (under the read lock) refill it at most once per
// generation. Restore replaces the state, and with it the index.
type sortedIndex struct {
	mu   sync.Mutex
	gen  uint64              // generation the entries belong to
	keys map[string][]string // collection -> sorted names; callers must not modify them
}

// changed marks the end of a state-changing action. Call it with the write lock held.
func (s *state) changed() { s.gen++ }

// sortedNames returns m's keys in order, from the index when it is current. name identifies
// the collection (m must always be the same map for a name).
func sortedNames[V any](s *state, name string, m map[string]V) []string {
	ix := &s.sorted
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.keys == nil || ix.gen != s.gen {
		ix.keys, ix.gen = map[string][]string{}, s.gen
	}
	if keys, ok := ix.keys[name]; ok {
		return keys
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ix.keys[name] = keys
	return keys
}
