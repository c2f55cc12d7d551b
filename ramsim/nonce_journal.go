package ramsim

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// The nonce journal keeps the replay cache across restarts (beside the state file, as
// STATE.nonces). Every accepted nonce is appended before its request is served: one write(2)
// without fsync, because a killed process loses nothing that reached the kernel (a power cut
// loses the tail, and with it at most the protection against replaying reads of the last
// moments; the state file's own fsync covers the changes). At start the journal is read, its
// live entries go back into the cache and the file is rewritten with only those; it is
// rewritten again whenever it has grown to several times the live entries.
//
// Format: the magic line, the 16-byte hash salt, then 16-byte records (hash, expiry in unix
// nanoseconds; little endian).

const nonceMagic = "ramsim-nonces/1\n"

// maxNonceJournalBytes caps what is read at start (the cache holds at most maxNonces entries).
const maxNonceJournalBytes = len(nonceMagic) + 16 + 16*maxNonces*2

type nonceJournal struct {
	path     string
	f        *os.File // opened for appending
	appended int      // records appended since the last rewrite
	floor    int      // rewrite once appended passes this
	failed   bool     // a write failed; reported once
}

// openNonceJournal loads path's live entries into c (keeping the journal's salt) and attaches
// the journal, rewritten, to c. A missing file is an empty journal; an unreadable one (not a
// journal, truncated header) is replaced after a warning: losing it costs replay protection
// across one restart, never data.
func openNonceJournal(c *nonceCache, path string, now time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	data, err := readCapped(path, maxNonceJournalBytes)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("ramsim: nonce journal: %w", err)
	}
	if err == nil {
		if rest, ok := bytes.CutPrefix(data, []byte(nonceMagic)); ok && len(rest) >= 16 {
			copy(c.salt[:], rest[:16])
			nowNs := now.UnixNano()
			for rec := rest[16:]; len(rec) >= 16; rec = rec[16:] {
				e := nonceEntry{hash: binary.LittleEndian.Uint64(rec), expiry: int64(binary.LittleEndian.Uint64(rec[8:]))}
				if e.expiry >= nowNs {
					c.add(e)
				}
			}
			c.prune(nowNs)
		} else {
			fmt.Fprintf(os.Stderr, "ramsim: %s is not a nonce journal; starting a new one\n", path)
		}
	}
	c.jr = &nonceJournal{path: path}
	return c.jr.rewrite(c)
}

// rewrite replaces the journal with the cache's live entries and reopens it for appending.
func (j *nonceJournal) rewrite(c *nonceCache) error {
	live := c.live()
	buf := make([]byte, 0, len(nonceMagic)+16+16*len(live))
	buf = append(buf, nonceMagic...)
	buf = append(buf, c.salt[:]...)
	for _, e := range live {
		buf = binary.LittleEndian.AppendUint64(buf, e.hash)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(e.expiry))
	}
	if j.f != nil {
		j.f.Close()
		j.f = nil
	}
	if err := writeFileDurably(j.path, buf); err != nil {
		return err
	}
	f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("ramsim: nonce journal: %w", err)
	}
	j.f, j.appended, j.floor = f, 0, max(4*len(live), 1<<16)
	return nil
}

// append records one accepted nonce (c.mu held). Failures are reported once and otherwise
// ignored: the request itself is fine, only its replay after a restart would go unnoticed.
func (j *nonceJournal) append(c *nonceCache, e nonceEntry) {
	var err error
	if j.appended >= j.floor {
		err = j.rewrite(c)
	} else if j.f != nil {
		var rec [16]byte
		binary.LittleEndian.PutUint64(rec[:], e.hash)
		binary.LittleEndian.PutUint64(rec[8:], uint64(e.expiry))
		_, err = j.f.Write(rec[:])
		j.appended++
	}
	if err != nil && !j.failed {
		j.failed = true
		fmt.Fprintf(os.Stderr, "ramsim: nonce journal: %v (replays across a restart may go unnoticed)\n", err)
	}
}

func (j *nonceJournal) close() {
	if j != nil && j.f != nil {
		j.f.Close()
		j.f = nil
	}
}

// readCapped reads a whole file, refusing one larger than limit bytes.
func readCapped(path string, limit int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return data, nil
}
