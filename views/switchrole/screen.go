// Package switchrole is the switch-role screens: the picker (every role, assumable or not and
// why) -> the form (session name, duration, session policy, ExternalId) -> the result (the
// credentials and what to do with them), with the doctor when a role cannot be assumed. They
// are built from views/kit like every screen; Deps.Switch configures them.
//
// Open opens them (`:switch`, `s` on a role). "Browse as" on the result hands the role's client
// to the session (session.BrowseAsMsg), which every screen built afterwards uses until
// `:original` or the role session's end.
package switchrole

import (
	"github.com/ramtui/ramtui/views/kit"
)

// Deps is what every screen needs (kit.Deps).
type Deps = kit.Deps

// base is kit.Base plus the request sequence that makes stale answers recognisable.
type base struct {
	kit.Base
	seq int
}
