package switchrole

import (
	"testing"
	"time"
)

// config.yaml's session defaults (SwitchConfig.Duration and SessionName) fill the form.
func TestFormTakesTheConfiguredSessionDefaults(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	e.cfg.Duration = 45 * time.Minute
	e.cfg.SessionName = func(user, role string) string { return user + "-via-" + role }
	dr, f := openForm(t, e, "ops-readonly", 120, 40)
	dr.RequireView("ops-admin-via-ops-readonly")
	if got, _ := f.request(); got.SessionName != "ops-admin-via-ops-readonly" {
		t.Errorf("session name %q, want the template's", got.SessionName)
	}
	if got := f.dur; got != "45m" {
		t.Errorf("duration %q, want 45m", got)
	}
}

func TestDefaultDurationText(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "1h", 2 * time.Hour: "2h", 90 * time.Minute: "1h30m",
		45 * time.Minute: "45m", 15*time.Minute + 30*time.Second: "15m30s"} {
		if got := (switchCfg{&SwitchConfig{Duration: d}}).defaultDuration(); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}
