package account

import (
	"slices"
	"sort"
	"sync"
)

// sortedIndex keeps the sorted names of the large collections (users, groups, roles,
// policies), so that a page of 100,000 users costs a binary search, not a sort of the whole
// collection, and a change costs an insertion, not a rebuild. A collection's entry is built
// from its map on first use; from then on the actions that add or remove a name keep it
// current (s.named / s.unnamed, under the write lock). A new state (seed, Restore, a failed
// commit's roll-back) starts with an empty index.
type sortedIndex struct {
	mu   sync.Mutex          // readers (under the account's read lock) may build entries
	keys map[string][]string // collection -> sorted names; callers must not modify them
}

// sortedNames returns m's keys in order. name identifies the collection (m must always be the
// same map for a name). An entry whose length no longer matches the map (a change that did not
// go through named/unnamed) is rebuilt rather than served stale.
func sortedNames[V any](s *state, name string, m map[string]V) []string {
	ix := &s.sorted
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if keys, ok := ix.keys[name]; ok && len(keys) == len(m) {
		return keys
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if ix.keys == nil {
		ix.keys = map[string][]string{}
	}
	ix.keys[name] = keys
	return keys
}

// named records that key k was added to collection name. Call it with the write lock held,
// after the map is changed.
func (s *state) named(name, k string) {
	s.touch(collectionIndex(name), k)
	ix := &s.sorted
	ix.mu.Lock()
	defer ix.mu.Unlock()
	keys, ok := ix.keys[name]
	if !ok {
		return // not built yet: built from the map when first needed
	}
	if i, found := slices.BinarySearch(keys, k); !found {
		ix.keys[name] = slices.Insert(keys, i, k)
	}
}

// unnamed records that key k was removed from collection name (write lock held).
func (s *state) unnamed(name, k string) {
	s.touch(collectionIndex(name), k)
	ix := &s.sorted
	ix.mu.Lock()
	defer ix.mu.Unlock()
	keys, ok := ix.keys[name]
	if !ok {
		return
	}
	if i, found := slices.BinarySearch(keys, k); found {
		ix.keys[name] = slices.Delete(keys, i, i+1)
	}
}

// warm builds the derived indexes (sorted names, policy holders) at once. It runs when a state
// is made (seed, Restore), off the user's path: otherwise the first page of users and the first
// policy detail after a start would pay for sorting and scanning 100,000 principals.
func (s *state) warm() {
	sortedNames(s, "users", s.Users)
	sortedNames(s, "groups", s.Groups)
	sortedNames(s, "roles", s.Roles)
	sortedNames(s, "policies", s.Policies)
	s.holders.mu.Lock()
	defer s.holders.mu.Unlock()
	s.holders.build(s)
}
