package oss

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// The store is plain data so that its snapshot is encoding/json over it (object bodies become
// base64). It lives in its own file beside the account's state file; with the limits below the
// file stays small enough to rewrite on every change, like the account's.

// Limits of the simulated storage (stated in `ramtui sim --help`): the simulator is for
// checking permissions and client code, not for storing data.
const (
	MaxObjectBytes = 1 << 20  // one object's body
	MaxTotalBytes  = 16 << 20 // all object bodies of the account
	MaxObjects     = 10000    // objects of the account
	MaxBuckets     = 100      // buckets of the account (the service's classic default quota)
)

// Limits states the limits above for people (`ramtui sim --help`, error messages).
func Limits() string {
	return fmt.Sprintf("objects of at most %d MiB, %d MiB and %d objects in all, %d buckets",
		MaxObjectBytes>>20, MaxTotalBytes>>20, MaxObjects, MaxBuckets)
}

// storeFormat names the snapshot format; restore refuses anything else.
const storeFormat = "ramsim-oss/1"

type store struct {
	Format  string             `json:"format"`
	Buckets map[string]*bucket `json:"buckets"`

	bytes, objects int // derived: totals for the limits
}

type bucket struct {
	Name         string             `json:"name"`
	Region       string             `json:"region"` // e.g. cn-hangzhou
	StorageClass string             `json:"storageClass"`
	ACL          string             `json:"acl"` // recorded and reported, not enforced (every request must be signed)
	Created      time.Time          `json:"created"`
	Objects      map[string]*object `json:"objects"`

	// keys is derived: the sorted object keys, nil when stale. Listings build it under the
	// store's read lock, several at once, so keysMu guards it.
	keysMu sync.Mutex
	keys   []string
}

type object struct {
	Data        []byte            `json:"data"`
	ContentType string            `json:"contentType"`
	ETag        string            `json:"etag"` // quoted upper-case hex MD5, as OSS reports it
	CRC64       uint64            `json:"crc64"`
	Modified    time.Time         `json:"modified"`
	Meta        map[string]string `json:"meta,omitempty"` // x-oss-meta-* (lower-cased names, without the prefix)
}

func newStore() *store {
	return &store{Format: storeFormat, Buckets: map[string]*bucket{}}
}

func encodeStore(s *store) ([]byte, error) { return json.Marshal(s) }

func decodeStore(data []byte) (*store, error) {
	s := newStore()
	if err := json.Unmarshal(data, s); err != nil {
		return nil, err
	}
	if s.Format != storeFormat {
		return nil, fmt.Errorf("unknown OSS state format %q (want %q)", s.Format, storeFormat)
	}
	if s.Buckets == nil {
		s.Buckets = map[string]*bucket{}
	}
	for name, b := range s.Buckets {
		if name != b.Name || validBucketName(name) != nil {
			return nil, fmt.Errorf("bucket %q: bad name", name)
		}
		if b.Objects == nil {
			b.Objects = map[string]*object{}
		}
		for k, o := range b.Objects {
			if validObjectKey(k) != nil {
				return nil, fmt.Errorf("bucket %s: bad object key %q", name, k)
			}
			s.bytes += len(o.Data)
			s.objects++
		}
	}
	return s, nil
}

// sortedKeys are the bucket's object keys in byte order, the order OSS lists them in.
func (b *bucket) sortedKeys() []string {
	b.keysMu.Lock()
	defer b.keysMu.Unlock()
	if b.keys == nil {
		b.keys = make([]string, 0, len(b.Objects))
		for k := range b.Objects {
			b.keys = append(b.keys, k)
		}
		sort.Strings(b.keys)
	}
	return b.keys
}

// put stores o under key and returns how to undo it.
func (s *store) put(b *bucket, key string, o *object) (undo func()) {
	old := b.Objects[key]
	s.setObject(b, key, o)
	return func() { s.setObject(b, key, old) }
}

// remove deletes key (if present) and returns how to undo it.
func (s *store) remove(b *bucket, key string) (undo func()) {
	old := b.Objects[key]
	s.setObject(b, key, nil)
	return func() { s.setObject(b, key, old) }
}

// setObject sets (o != nil) or deletes (o == nil) one object, keeping the totals right.
func (s *store) setObject(b *bucket, key string, o *object) {
	if old := b.Objects[key]; old != nil {
		s.bytes -= len(old.Data)
		s.objects--
	} else if o != nil {
		b.keysMu.Lock()
		b.keys = nil // a new key: the sorted list is stale
		b.keysMu.Unlock()
	}
	if o == nil {
		if _, ok := b.Objects[key]; ok {
			delete(b.Objects, key)
			b.keys = nil
		}
		return
	}
	b.Objects[key] = o
	s.bytes += len(o.Data)
	s.objects++
}

// listing is one page of ListObjects / ListObjectsV2.
type listing struct {
	keys      []string // object keys on this page
	prefixes  []string // CommonPrefixes on this page
	truncated bool
	next      string // the last key or prefix returned: where the next page starts after
}

// list walks the keys after `after` (exclusive) that start with prefix, rolling keys up to
// CommonPrefixes at the first delimiter after the prefix, up to max entries (keys and prefixes
// together, as OSS counts them).
func (b *bucket) list(prefix, delimiter, after string, max int) listing {
	keys := b.sortedKeys()
	i := sort.SearchStrings(keys, prefix)
	var out listing
	for ; i < len(keys); i++ {
		k := keys[i]
		if !strings.HasPrefix(k, prefix) {
			break
		}
		if k <= after {
			continue
		}
		entry, isPrefix := k, false
		if delimiter != "" {
			if j := strings.Index(k[len(prefix):], delimiter); j >= 0 {
				entry, isPrefix = k[:len(prefix)+j+len(delimiter)], true
				if entry <= after { // the rest of a prefix returned on an earlier page
					continue
				}
			}
		}
		if isPrefix && out.next == entry {
			continue // another key under the prefix just returned
		}
		if len(out.keys)+len(out.prefixes) == max {
			out.truncated = true
			break
		}
		if isPrefix {
			out.prefixes = append(out.prefixes, entry)
		} else {
			out.keys = append(out.keys, k)
		}
		out.next = entry
	}
	return out
}
