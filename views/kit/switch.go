package kit

import (
	"net/http"
	"time"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/userdata"
)

// SwitchConfig is what the switch-role screens need beyond Deps. The zero value works: every
// field has a default, and nothing is written to the user's files unless asked.
type SwitchConfig struct {
	Keys *keymap.Switch // nil = keymap.DefaultSwitch()
	// Dirs keep the recents and favourites. The zero Dirs remembers nothing: the real start-up
	// passes userdata.DefaultDirs(), so tests and --demo never touch the user's files.
	Dirs userdata.Dirs
	// CLIConfigPath is the aliyun CLI's config.json for "save as profile"; "" =
	// ~/.aliyun/config.json.
	CLIConfigPath string
	// Endpoint is the --endpoint the original client was made with ("" = the real service); the
	// role's client uses the same. When empty it is derived from the client.
	Endpoint string
	// Site is the profile's `site` ("china" or "international"): which console sign-in.
	Site string
	// Shell for the subshell; "" = $SHELL, else /bin/sh.
	Shell string
	// Editor for the session policy; "" = $VISUAL, $EDITOR, else vi.
	Editor string
	// Environ is the subshell's base environment; nil = os.Environ.
	Environ func() []string
	// Signin overrides the console sign-in (tests point it at an httptest server).
	SigninBaseURL string
	SigninClient  *http.Client
	// RealService forces "this is the real service" (console sign-in offered); by default it
	// is derived from the endpoint.
	RealService *bool
	// Duration and SessionName are config.yaml's session defaults for the form: 0 = one hour;
	// nil = the caller's name. SessionName gets the caller's and the role's names.
	Duration    time.Duration
	SessionName func(user, role string) string
}
