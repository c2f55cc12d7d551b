package switchrole

import (
	"strings"

	"github.com/ramtui/ramtui/assume"
)

// defaultDuration is the form's first duration: config.yaml's, else one hour.
func (c switchCfg) defaultDuration() string {
	if c.Duration <= 0 {
		return "1h"
	}
	s := c.Duration.String() // "2h0m0s", "1h30m0s", "45m0s", "15m30s"
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// sessionName is the form's first session name: config.yaml's template when there is one,
// else the caller's own name (switchCaller.sessionName).
func (c switchCfg) sessionName(caller switchCaller, role string) string {
	if c.SessionName == nil || caller.id.IdentityType == "Account" || caller.id.Arn == "" {
		return caller.sessionName()
	}
	return assume.SanitizeSessionName(c.SessionName(caller.id.Arn[strings.LastIndex(caller.id.Arn, "/")+1:], role))
}
