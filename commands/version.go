package commands

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set by the release build (-ldflags "-X github.com/ramtui/ramtui/commands.version=...").
var version = ""

// buildVersion reports the version, VCS commit and Go version from the
// binary's embedded build info, so `go install` builds describe themselves too.
func buildVersion() (ver, commit, goVersion string) {
	ver, commit, goVersion = version, "unknown", "unknown"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		if ver == "" {
			ver = "(devel)"
		}
		return
	}
	goVersion = info.GoVersion
	if ver == "" {
		ver = info.Main.Version
	}
	if ver == "" {
		ver = "(devel)"
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			if s.Value == "true" && commit != "unknown" {
				commit += "-dirty"
			}
		}
	}
	return
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and Go version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v, c, g := buildVersion()
			fmt.Fprintf(cmd.OutOrStdout(), "ramtui %s (commit %s, %s)\n", v, c, g)
			return nil
		},
	}
}
