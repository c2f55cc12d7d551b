package oss

import (
	"crypto/md5"
	"hash/crc64"
	"time"
)

// SeedDemo adds the demo data set's bucket: oss-test (the bucket of role oss-test-sts and
// policy oss-test-dir111 in the account's demo seed), with a few objects inside the granted
// directory dir111/dir111_secondline1/ and some outside it, so a grant can be verified by
// listing, reading and writing for real.
func (s *Service) SeedDemo() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock().UTC().Truncate(time.Second)
	b := &bucket{Name: "oss-test", Region: s.region, StorageClass: "Standard", ACL: "private",
		Created: now.AddDate(0, 0, -200), Objects: map[string]*object{}}
	if s.ns.claim(b.Name, s) != s {
		return // another account of the simulator has it (bucket names are global)
	}
	s.st.Buckets[b.Name] = b
	for i, f := range []struct{ key, ctype, body string }{
		{"README.txt", "text/plain", "Test bucket for the STS upload workflow.\n"},
		{"dir111/", "application/octet-stream", ""},
		{"dir111/dir111_secondline1/", "application/octet-stream", ""},
		{"dir111/dir111_secondline1/report-2026-10.csv", "text/csv", "month,uploads\n2026-10,412\n"},
		{"dir111/dir111_secondline1/report-2026-11.csv", "text/csv", "month,uploads\n2026-11,388\n"},
		{"dir111/dir111_secondline1/images/logo.txt", "text/plain", "(a logo would be here)\n"},
		{"dir111/dir111_secondline2/private.txt", "text/plain", "Outside the granted directory.\n"},
		{"dir222/notes.txt", "text/plain", "Another team's directory.\n"},
	} {
		data := []byte(f.body)
		s.st.put(b, f.key, &object{Data: data, ContentType: f.ctype, ETag: etagOf(md5.Sum(data)),
			CRC64: crc64.Checksum(data, crcTable()), Modified: now.AddDate(0, 0, -190+10*i)})
	}
}
