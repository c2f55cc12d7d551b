package commands

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
)

// On a trust-policy denial (ops-admin has AdministratorAccess; security-audit does not trust
// it, finance-export wants an ExternalId) the hint agrees with the doctor: it never says that
// no policy allows sts:AssumeRole.
func TestAssumeHintAgreesWithTheDoctor(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	for role, want := range map[string]string{
		"security-audit": "the role's trust policy does not trust the caller",
		"finance-export": "the role requires an ExternalId",
	} {
		_, _, err := runAssumeForTest(t, sim, dirs, assumeOpts{}, role)
		var out bytes.Buffer
		report(&out, err)
		hint := out.String()[strings.LastIndex(out.String(), "hint:"):]
		if !strings.Contains(hint, want) || strings.Contains(hint, "no policy allows") {
			t.Errorf("%s: hint %q, want it to say %q\n%s", role, hint, want, out.String())
		}
	}
}

// report prints API text made safe: an escape sequence in a message reaches the terminal as
// visible text, never as a control character.
func TestReportNeutralizesEscapes(t *testing.T) {
	err := &ramclient.Error{Kind: ramclient.KindConflict, Code: "EntityAlreadyExists.User",
		Message: "user \x1b]0;PWNED\a\x1b[2J exists", Hint: "rename \x1b[31mit"}
	var out bytes.Buffer
	report(&out, errors.Join(err))
	if s := out.String(); strings.ContainsAny(s, "\x1b\a") || !strings.Contains(s, `\x1b`) {
		t.Fatalf("report printed %q", s)
	}
}
