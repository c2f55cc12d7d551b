package commands

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/limits"
)

// ramtui assume --policy /dev/zero fails fast with a clear error, before any call.
func TestAssumePolicyFileIsBounded(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	start := time.Now()
	_, _, err := runAssumeForTest(t, sim, dirs, assumeOpts{policyFile: "/dev/zero"}, "security-audit")
	if !errors.Is(err, limits.ErrTooLarge) || !strings.Contains(err.Error(), "--policy") || exitCode(err) != exitUsage {
		t.Fatalf("--policy /dev/zero: exit %d, %v", exitCode(err), err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
}
