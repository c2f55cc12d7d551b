package account

import (
	"testing"
)

func TestSeeds(t *testing.T) {
	for _, seed := range []string{"empty", "demo", "scale:100"} {
		a, _ := newTestAccount(t, seed)
		root := a.rootIdentity()
		out := mustCall(t, a, root, "ListUsers", map[string]string{"MaxItems": "1000"})
		t.Logf("%s: %d users", seed, len(dig(out, "Users", "User").([]any)))
	}
}
