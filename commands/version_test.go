package commands

import (
	"bytes"
	"strings"
	"testing"
)

func TestVersionCommandPrintsGoVersion(t *testing.T) {
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"version"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.HasPrefix(got, "ramtui ") || !strings.Contains(got, "go1.") {
		t.Fatalf("version output %q lacks name or Go version", got)
	}
}
