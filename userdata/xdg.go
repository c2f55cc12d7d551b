package userdata

// Where the user's XDG base directories are, resolved when asked. adrg/xdg resolved every one of
// them (and read ~/.config/user-dirs.dirs) at package init, in every process: `ramtui version`
// paid for directories it never uses. On Linux and the BSDs the rule is short and ours
// (xdg_unix.go, held equal to adrg/xdg's by TestXDGDirsAsAdrgXDG); macOS and Windows keep
// adrg/xdg's (xdg_adrg.go): their defaults come from the OS (known folders on Windows).

// ConfigHome is $XDG_CONFIG_HOME, else ~/.config on Linux and the BSDs, ~/Library/Application
// Support on macOS, %LOCALAPPDATA% on Windows.
func ConfigHome() string { return configHome() }

// CacheHome is $XDG_CACHE_HOME, else ~/.cache on Linux and the BSDs, ~/Library/Caches on
// macOS, %LOCALAPPDATA%\cache on Windows.
func CacheHome() string { return cacheHome() }

// StateFile is rel inside $XDG_STATE_HOME (else ~/.local/state on Linux and the BSDs), its
// directory created (0700) if missing, as adrg/xdg's StateFile.
func StateFile(rel string) (string, error) { return stateFile(rel) }
