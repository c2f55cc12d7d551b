package account

import (
	"slices"
	"sync"
)

// holdersIndex is the reverse of the principals' attachment lists: for each policy, the users,
// groups and roles it is attached to. ListEntitiesForPolicy reads it, so a policy's detail at
// 100,000 users costs its own attachments, not a scan of every principal. Like sortedIndex it is
// derived: built from the principals on first use (a new state, seed, Restore or roll-back starts
// without it) and then kept current by attach, detach and rename (under the write lock). Deleting
// a principal or a policy that has attachments is refused, so those need no hook.
type holdersIndex struct {
	mu sync.Mutex          // readers (under the account's read lock) may build it
	by map[string]*holders // policy key -> its principals; nil until built
}

// holders are the sorted principal keys, by principalKind.
type holders [3][]string

func (h *holders) count() int { return len(h[0]) + len(h[1]) + len(h[2]) }

func (ix *holdersIndex) entry(policyKey string) *holders {
	h := ix.by[policyKey]
	if h == nil {
		h = &holders{}
		ix.by[policyKey] = h
	}
	return h
}

// build walks the principals in name order, so every list comes out sorted without a sort.
func (ix *holdersIndex) build(s *state) {
	ix.by = map[string]*holders{}
	keys := map[string]string{} // attachment name -> policy key: one ToLower per policy, not per attachment
	walk := func(k principalKind, names []string, attached func(string) []attachment) {
		for _, name := range names {
			for _, a := range attached(name) {
				pk, ok := keys[a.Name]
				if !ok {
					pk = key(a.Name)
					keys[a.Name] = pk
				}
				h := ix.entry(pk)
				h[k] = append(h[k], name)
			}
		}
	}
	walk(principalUser, sortedNames(s, "users", s.Users), func(n string) []attachment { return s.Users[n].Attached })
	walk(principalGroup, sortedNames(s, "groups", s.Groups), func(n string) []attachment { return s.Groups[n].Attached })
	walk(principalRole, sortedNames(s, "roles", s.Roles), func(n string) []attachment { return s.Roles[n].Attached })
}

// attachedChanged records that the policy was attached to (on) or detached from the principal
// of kind k whose map key is principal. Call it with the write lock held.
func (s *state) attachedChanged(k principalKind, principal, policyName string, on bool) {
	ix := &s.holders
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.by == nil {
		return // built from the principals when first needed
	}
	h := ix.entry(key(policyName))
	i, found := slices.BinarySearch(h[k], principal)
	switch {
	case on && !found:
		h[k] = slices.Insert(h[k], i, principal)
	case !on && found:
		h[k] = slices.Delete(h[k], i, i+1)
	}
}

// holderRenamed moves a renamed principal's entries (write lock held; list is its attachments).
func (s *state) holderRenamed(k principalKind, oldKey, newKey string, list []attachment) {
	for _, a := range list {
		s.attachedChanged(k, oldKey, a.Name, false)
		s.attachedChanged(k, newKey, a.Name, true)
	}
}

// entitiesFor lists the principals policy p is attached to, each kind in name order. An index
// that disagrees with the principals (a change that did not go through the hooks) is rebuilt
// rather than served stale: every entry is checked against its principal, and the counts
// against the policy's AttachmentCount.
func (s *state) entitiesFor(p *policyEnt) (users []*user, groups []*group, roles []*role) {
	ix := &s.holders
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for try := 0; ; try++ {
		if ix.by == nil || try > 0 {
			ix.build(s)
		}
		h := ix.by[key(p.Name)]
		if h == nil {
			h = &holders{}
		}
		users, groups, roles = nil, nil, nil
		ok := h.count() == p.Attachments
		for _, k := range h[principalUser] {
			u := s.Users[k]
			ok = ok && u != nil && findAttachment(u.Attached, p.Name) >= 0
			users = append(users, u)
		}
		for _, k := range h[principalGroup] {
			g := s.Groups[k]
			ok = ok && g != nil && findAttachment(g.Attached, p.Name) >= 0
			groups = append(groups, g)
		}
		for _, k := range h[principalRole] {
			r := s.Roles[k]
			ok = ok && r != nil && findAttachment(r.Attached, p.Name) >= 0
			roles = append(roles, r)
		}
		if ok || try > 0 {
			return users, groups, roles
		}
	}
}
