package assume

import (
	"strings"
	"testing"
	"time"
)

func TestSanitizeSessionName(t *testing.T) {
	cases := map[string]string{
		"alice":                  "alice",
		"devops_test":            "devops_test",
		"alice@example.com":      "alice@example.com",
		"张伟":                     "ramtui",
		"张伟 zhang.wei":           "zhang.wei",
		"a":                      "a-ramtui",
		"ops admin / 运维":         "ops-admin",
		"":                       "ramtui",
		strings.Repeat("x", 100): strings.Repeat("x", 64),
	}
	for in, want := range cases {
		got := SanitizeSessionName(in)
		if got != want {
			t.Errorf("SanitizeSessionName(%q) = %q, want %q", in, got, want)
		}
		if err := ValidateSessionName(got); err != nil {
			t.Errorf("SanitizeSessionName(%q) = %q is invalid: %v", in, got, err)
		}
	}
}

func TestValidateSessionName(t *testing.T) {
	for _, bad := range []string{"a", strings.Repeat("x", 65), "has space", "张伟", "a/b"} {
		if ValidateSessionName(bad) == nil {
			t.Errorf("ValidateSessionName(%q) accepted it", bad)
		}
	}
	if err := ValidateSessionName("ops-admin.2026@x_y"); err != nil {
		t.Error(err)
	}
}

func TestClampDuration(t *testing.T) {
	h := time.Hour
	cases := []struct {
		req, max, want time.Duration
		clamped        bool
	}{
		{0, 0, h, false},      // defaults
		{0, 12 * h, h, false}, // default 1h even when the role allows more
		{4 * h, 12 * h, 4 * h, false},
		{4 * h, 0, h, true}, // role without MaxSessionDuration: 1h
		{13 * h, 12 * h, 12 * h, true},
		{5 * time.Minute, h, 15 * time.Minute, true},
		{90*time.Minute + 500*time.Millisecond, 2 * h, 90 * time.Minute, true},
	}
	for _, c := range cases {
		got, clamped := ClampDuration(c.req, c.max)
		if got != c.want || clamped != c.clamped {
			t.Errorf("ClampDuration(%v, %v) = %v, %v; want %v, %v", c.req, c.max, got, clamped, c.want, c.clamped)
		}
	}
}
