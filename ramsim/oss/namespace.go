package oss

import (
	"fmt"
	"sort"
	"sync"
)

// Namespace holds the bucket names of every account served on one endpoint. OSS bucket names
// are unique across all accounts: another account's PutBucket of a taken name answers
// BucketAlreadyExists, and its requests to the bucket AccessDenied (the bucket exists and is not
// theirs), not NoSuchBucket. The services of one simulator share one (Options.Namespace).
type Namespace struct {
	mu     sync.Mutex
	owners map[string]*Service
}

// NewNamespace is an empty namespace.
func NewNamespace() *Namespace { return &Namespace{owners: map[string]*Service{}} }

// claim gives name to s unless another service holds it, and returns the holder.
func (n *Namespace) claim(name string, s *Service) *Service {
	n.mu.Lock()
	defer n.mu.Unlock()
	if h := n.owners[name]; h != nil {
		return h
	}
	n.owners[name] = s
	return s
}

// release frees name if s holds it.
func (n *Namespace) release(name string, s *Service) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.owners[name] == s {
		delete(n.owners, name)
	}
}

// owner is the service holding name, or nil.
func (n *Namespace) owner(name string) *Service {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.owners[name]
}

// replace makes s hold exactly the names of buckets, all or none: it fails, changing nothing,
// when another service holds one of them.
func (n *Namespace) replace(s *Service, buckets map[string]*bucket) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	names := make([]string, 0, len(buckets))
	for name := range buckets {
		names = append(names, name)
	}
	sort.Strings(names) // the same error every time
	for _, name := range names {
		if h := n.owners[name]; h != nil && h != s {
			return fmt.Errorf("bucket %s is also a bucket of account %s (bucket names are unique across accounts)", name, h.be.ID())
		}
	}
	for name, h := range n.owners {
		if h == s && buckets[name] == nil {
			delete(n.owners, name)
		}
	}
	for _, name := range names {
		n.owners[name] = s
	}
	return nil
}
