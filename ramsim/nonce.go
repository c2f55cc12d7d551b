package ramsim

import (
	"crypto/rand"
	"hash/fnv"
	"sync"
	"time"
)

// nonceCache remembers the SignatureNonce of every authenticated request while its timestamp
// is still acceptable, so a replayed request is refused with SignatureNonceUsed.
//
// Memory is bounded: entries are 64-bit hashes of (AccessKeyId, nonce) kept in a map plus a
// FIFO queue. An entry may be forgotten once its request's timestamp is out of the skew window
// (the timestamp check refuses such a replay anyway). When more than max entries are live the
// oldest are dropped: past that bound (about 4 minutes at 5,000 requests/s with the default)
// replay protection is best effort, which is fine for a local simulator.
//
// With a journal (see nonce_journal.go) the cache survives restarts, so a request captured
// before a restart is refused after it.
type nonceCache struct {
	mu     sync.Mutex
	salt   [16]byte // keys the hash, so nobody can aim for collisions; kept in the journal
	jr     *nonceJournal
	window time.Duration
	max    int
	seen   map[uint64]int64 // hash -> unix nanos after which the entry may be forgotten
	queue  []nonceEntry     // insertion order; head at index head
	head   int
}

type nonceEntry struct {
	hash   uint64
	expiry int64
}

func newNonceCache(window time.Duration, max int) *nonceCache {
	c := &nonceCache{window: window, max: max, seen: make(map[uint64]int64)}
	rand.Read(c.salt[:])
	return c
}

// use records the nonce and reports whether it was fresh. ts is the request's timestamp and
// now the server's real time.
func (c *nonceCache) use(keyID, nonce string, ts, now time.Time) bool {
	h := fnv.New64a()
	h.Write(c.salt[:])
	h.Write([]byte(keyID))
	h.Write([]byte{0})
	h.Write([]byte(nonce))
	sum := h.Sum64()
	expiry := ts.Add(c.window).UnixNano()
	nowNs := now.UnixNano()

	c.mu.Lock()
	defer c.mu.Unlock()
	c.prune(nowNs)
	if exp, ok := c.seen[sum]; ok && exp >= nowNs {
		return false
	}
	c.add(nonceEntry{sum, expiry})
	if c.jr != nil {
		c.jr.append(c, nonceEntry{sum, expiry})
	}
	return true
}

func (c *nonceCache) add(e nonceEntry) {
	c.seen[e.hash] = e.expiry
	c.queue = append(c.queue, e)
}

// live is the entries not yet forgotten, oldest first (c.mu held).
func (c *nonceCache) live() []nonceEntry { return c.queue[c.head:] }

// prune drops expired entries from the head of the queue and the oldest ones beyond max.
// Entries behind a long-lived head wait their turn; they cost memory, not correctness.
func (c *nonceCache) prune(nowNs int64) {
	for c.head < len(c.queue) {
		e := c.queue[c.head]
		if e.expiry >= nowNs && len(c.queue)-c.head < c.max {
			break
		}
		if c.seen[e.hash] == e.expiry {
			delete(c.seen, e.hash)
		}
		c.head++
	}
	// Compact the queue once the consumed prefix dominates, so it does not grow forever.
	if c.head > 1024 && c.head*2 > len(c.queue) {
		n := copy(c.queue, c.queue[c.head:])
		c.queue = c.queue[:n]
		c.head = 0
	}
}

func (c *nonceCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}
