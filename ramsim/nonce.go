package ramsim

import (
	"hash/maphash"
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
type nonceCache struct {
	mu     sync.Mutex
	seed   maphash.Seed
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
	return &nonceCache{seed: maphash.MakeSeed(), window: window, max: max, seen: make(map[uint64]int64)}
}

// use records the nonce and reports whether it was fresh. ts is the request's timestamp and
// now the server's real time.
func (c *nonceCache) use(keyID, nonce string, ts, now time.Time) bool {
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(keyID)
	h.WriteByte(0)
	h.WriteString(nonce)
	sum := h.Sum64()
	expiry := ts.Add(c.window).UnixNano()
	nowNs := now.UnixNano()

	c.mu.Lock()
	defer c.mu.Unlock()
	c.prune(nowNs)
	if exp, ok := c.seen[sum]; ok && exp >= nowNs {
		return false
	}
	c.seen[sum] = expiry
	c.queue = append(c.queue, nonceEntry{sum, expiry})
	return true
}

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
