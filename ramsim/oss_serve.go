package ramsim

import (
	"fmt"
	"net/http"
	"time"

	"github.com/ramtui/ramtui/ramsim/account"
	"github.com/ramtui/ramtui/ramsim/oss"
)

// The OSS part (package ramsim/oss) shares the port, the accounts, the request log and the
// state directory: each account's buckets and objects live in their own file beside its state file.

// ossSuffix names the OSS state file beside the account's.
const ossSuffix = ".oss"

// seedOSS gives a new demo account its demo bucket.
func (m *member) seedOSS() {
	if m.seed == "demo" {
		m.oss.SeedDemo()
	}
}

// openOSSState loads the OSS file, or seeds a new account's buckets and writes the file. An
// account restored from a state file that has no OSS file yet starts without buckets.
func (m *member) openOSSState() error {
	path := m.statePath + ossSuffix // its stray temp files went with the state file's
	data, exists, err := readState(path)
	if err != nil {
		return err
	}
	if exists {
		if err := m.oss.Restore(data); err != nil {
			return fmt.Errorf("ramsim: OSS state file %s is not a valid simulator state (fix or move it away; it was not modified): %w", path, err)
		}
	} else if !m.loaded {
		m.seedOSS()
	}
	f := &stateFile{path: path}
	return m.oss.SetCommit(f.write)
}

// serveOSS answers an OSS request, with the simulated latency and the request log. The account
// of the key that signed it serves it (each account has its own buckets); an unknown or absent
// key goes to the first account, which refuses it.
func (s *Server) serveOSS(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if s.opts.Latency > 0 {
		if err := sleep(r.Context(), s.opts.Latency); err != nil {
			return // the client has gone
		}
	}
	m := s.members[0]
	if len(s.members) > 1 {
		m, _, _ = s.credential(oss.KeyID(r))
	}
	out := m.oss.Handle(w, r)
	if s.opts.Log != nil {
		c := &call{action: "oss:" + out.Op, keyID: out.KeyID}
		if out.Code != "" {
			c.err = &account.Error{Code: out.Code}
		}
		s.logCall(start, c, out.Status)
	}
}
