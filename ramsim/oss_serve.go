package ramsim

import (
	"fmt"
	"net/http"
	"time"

	"github.com/ramtui/ramtui/ramsim/account"
)

// The OSS part (package ramsim/oss) shares the port, the account, the request log and the
// state directory: its buckets and objects live in their own file beside the state file.

// ossSuffix names the OSS state file beside the account's.
const ossSuffix = ".oss"

// seedOSS gives a new demo account its demo bucket.
func (s *Server) seedOSS() {
	if s.opts.seedName() == "demo" {
		s.oss.SeedDemo()
	}
}

// openOSSState loads the OSS file, or seeds a new account's buckets and writes the file. An
// account restored from a state file that has no OSS file yet starts without buckets.
func (s *Server) openOSSState() error {
	path := s.opts.StatePath + ossSuffix // its stray temp files went with the state file's
	data, exists, err := readState(path)
	if err != nil {
		return err
	}
	if exists {
		if err := s.oss.Restore(data); err != nil {
			return fmt.Errorf("ramsim: OSS state file %s is not a valid simulator state (fix or move it away; it was not modified): %w", path, err)
		}
	} else if !s.loaded {
		s.seedOSS()
	}
	f := &stateFile{path: path}
	return s.oss.SetCommit(f.write)
}

// serveOSS answers an OSS request, with the simulated latency and the request log.
func (s *Server) serveOSS(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if s.opts.Latency > 0 {
		if err := sleep(r.Context(), s.opts.Latency); err != nil {
			return // the client has gone
		}
	}
	out := s.oss.Handle(w, r)
	if s.opts.Log != nil {
		c := &call{action: "oss:" + out.Op, keyID: out.KeyID}
		if out.Code != "" {
			c.err = &account.Error{Code: out.Code}
		}
		s.logCall(start, c, out.Status)
	}
}
