package ramsim

import (
	"fmt"
	"time"
)

// logCall writes the one-line request log: time, action, caller key id, status, error code,
// duration. The key id is public (it travels in clear); secrets, tokens and signatures never
// appear here.
func (s *Server) logCall(start time.Time, c *call, status int) {
	code := "-"
	if c.err != nil {
		code = c.err.Code
	}
	action, key := orDash(c.action), orDash(c.keyID)
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, "%s %s %s %d %s %s\n", start.UTC().Format("2006-01-02T15:04:05.000Z"),
		action, key, status, code, time.Since(start).Round(time.Microsecond))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	// Keep one line per request whatever a client sends.
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return fmt.Sprintf("%q", s)
		}
	}
	return s
}
