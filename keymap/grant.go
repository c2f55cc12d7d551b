package keymap

import "github.com/charmbracelet/bubbles/key"

// Grant holds the keys of the grant's screen (:grant after the wizard: plan, progress,
// verification) beyond the detail scope, which is live with it, so they avoid its keys.
type Grant struct {
	// LiveProbes makes the verification's probes as real OSS requests: on a real account it
	// asks for the bucket's region (and optionally the user's own key) and confirms first;
	// against the simulator, where they already ran, it runs them again.
	LiveProbes key.Binding
}

// DefaultGrant returns the grant bindings.
func DefaultGrant() Grant {
	return Grant{LiveProbes: b("P", "live probes (real OSS requests)", "P")}
}

// Entries lists the grant bindings by name ("grant.live_probes"), for help, overrides and
// clash checks. Live probes write and delete an object in the bucket: mutating.
func (g *Grant) Entries() []Entry {
	return []Entry{{Name: "live_probes", Binding: &g.LiveProbes, Mutating: true}}
}
