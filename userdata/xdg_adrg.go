//go:build darwin || windows || plan9

package userdata

import "github.com/adrg/xdg"

func configHome() string                   { return xdg.ConfigHome }
func cacheHome() string                    { return xdg.CacheHome }
func stateFile(rel string) (string, error) { return xdg.StateFile(rel) }
