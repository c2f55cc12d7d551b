package commands

import (
	"bytes"
	"strings"
	"testing"
)

// TestFlagValueCompletions asks for flag values as the shell does (`ramtui __complete ...`).
// They are registered only when that command runs (every other start skips the walk), so this
// checks each kind still answers: --seed, --format read from the flag's usage, assume's
// hand-over formats, and a completion a command registers itself (audit).
func TestFlagValueCompletions(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "sim", "--seed", ""}, []string{"demo\tthe demo account", "empty\tonly the root account"}},
		{[]string{"__completeNoDesc", "sim", "--seed", ""}, []string{"demo", "empty", "scale:"}},
		{[]string{"__complete", "grant", "oss", "--format", ""}, []string{"text", "json"}},
		{[]string{"__complete", "assume", "--format", ""}, []string{"env", "fish", "powershell", "cmd", "json", "external"}},
		{[]string{"__complete", "audit", "--format", ""}, []string{"text", "json", "sarif"}},
	} {
		root := newRootCmd()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&bytes.Buffer{})
		root.SetArgs(tc.args)
		if err := root.Execute(); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		for _, w := range tc.want {
			found := false
			for _, l := range lines {
				found = found || l == w
			}
			if !found {
				t.Errorf("%v: %q not offered; got %q", tc.args, w, lines)
			}
		}
	}
}
