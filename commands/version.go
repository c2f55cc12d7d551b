package commands

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Set by the release build (.goreleaser.yaml):
//
//	-X github.com/ramtui/ramtui/commands.version=... .commit=... .date=...
//
// A `go install` build leaves them empty and describes itself from its embedded build info.
var version, commit, date = "", "", ""

// buildInfo is what `ramtui version` and `ramtui --version` say.
type buildInfo struct {
	Version, Commit, Date, GoVersion, Platform string
}

func currentBuild() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Date: date, GoVersion: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" {
			b.Version = info.Main.Version
		}
		dirty := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				if b.Date == "" {
					b.Date = s.Value
				}
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if dirty && commit == "" && b.Commit != "" {
			b.Commit += "-dirty"
		}
	}
	if b.Version == "" {
		b.Version = "(devel)"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	return b
}

// String is one line: "ramtui v1.2.3 (commit abc, built 2026-..., go1.26 linux/amd64)".
func (b buildInfo) String() string {
	return fmt.Sprintf("ramtui %s (commit %s, built %s, %s %s)", b.Version, b.Commit, b.Date, b.GoVersion, b.Platform)
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit, build date, Go version and platform",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), currentBuild())
			return nil
		},
	}
}
