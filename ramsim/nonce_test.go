package ramsim

import (
	"strconv"
	"testing"
	"time"
)

func TestNonceCacheReplayAndExpiry(t *testing.T) {
	c := newNonceCache(15*time.Minute, 1000)
	now := time.Now()
	if !c.use("k", "n1", now, now) {
		t.Fatal("fresh nonce refused")
	}
	if c.use("k", "n1", now, now.Add(time.Minute)) {
		t.Fatal("replay accepted")
	}
	if !c.use("other-key", "n1", now, now) {
		t.Fatal("the same nonce from another key is a different request")
	}
	// Once the request's timestamp is out of the window the entry may go (the timestamp
	// check refuses such a replay anyway).
	later := now.Add(16 * time.Minute)
	c.use("k", "n2", later, later)
	if c.len() != 1 {
		t.Fatalf("expired entries kept: %d", c.len())
	}
}

func TestNonceCacheIsBounded(t *testing.T) {
	c := newNonceCache(15*time.Minute, 100)
	now := time.Now()
	for i := range 10000 {
		c.use("k", strconv.Itoa(i), now, now)
	}
	if n := c.len(); n > 100 {
		t.Fatalf("%d entries, bound is 100", n)
	}
	if len(c.queue)-c.head > 100 || cap(c.queue) > 4096 {
		t.Fatalf("queue not compacted: len %d head %d cap %d", len(c.queue), c.head, cap(c.queue))
	}
	if c.use("k", strconv.Itoa(9999), now, now) {
		t.Fatal("recent nonce forgotten")
	}
}
