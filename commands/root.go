package commands

import (
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Main runs the ramtui command line with os.Args and returns the process exit code.
func Main() int {
	withoutSDKDebug()
	return report(os.Stderr, newRootCmd().Execute())
}

// rootFlags are the flags of the bare `ramtui` command (DESIGN.md, command-line contracts).
type rootFlags struct {
	profile  string
	region   string
	endpoint string // host:port means plain HTTP (a local server); a URL's scheme is honoured
	readOnly bool
	demo     bool
	debug    string // --debug FILE
}

func newRootCmd() *cobra.Command {
	var f rootFlags
	root := &cobra.Command{
		Use:   "ramtui",
		Short: "A terminal UI for Alibaba Cloud RAM",
		Long: "ramtui browses and manages Alibaba Cloud RAM users, groups, roles, policies and AccessKeys,\n" +
			"and switches into roles with STS AssumeRole.",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true, // main reports errors, with the exit code they carry
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd, &f)
		},
	}
	fl := root.Flags()
	addConnectFlags(fl, &f)
	fl.BoolVar(&f.readOnly, "read-only", false, "disable every action that changes the account")
	fl.BoolVar(&f.demo, "demo", false, "run on a built-in simulator with demo data (no cloud account needed)")

	fl.StringVar(&f.debug, "debug", "", "write a debug log of every message and API call to `FILE` (secrets redacted)")

	root.AddCommand(newVersionCmd(), newAssumeCmd(&f))
	root.AddCommand(newSimCmd())
	root.AddCommand(newGrantCmd(), newSimulateCmd(), newAuditCmd(), newWhoCanCmd())
	root.AddCommand(newConfigCmd(), newManCmd())
	conventions(root)
	return root
}

// addConnectFlags adds where to connect and as whom: the TUI and `ramtui assume` take them, the
// simulator does not.
func addConnectFlags(fl *pflag.FlagSet, f *rootFlags) {
	fl.StringVar(&f.profile, "profile", "", "aliyun CLI profile to use (default: the config's current profile)")
	fl.StringVar(&f.region, "region", "", "region id (default: the profile's, else cn-hangzhou)")
	fl.StringVar(&f.endpoint, "endpoint", "", "RAM/STS endpoint: host:port for plain HTTP (e.g. a local 'ramtui sim'), or a URL")
}
