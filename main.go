// Command ramtui is a terminal UI for Alibaba Cloud RAM administrators.
//
// main.go is the thin wiring layer: flags, credential resolution and subcommands.
// Business logic lives in ramclient, policy, ramsim, ui and views.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		os.Exit(1)
	}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "ramtui",
		Short:         "A terminal UI for Alibaba Cloud RAM",
		Long:          "ramtui browses and manages Alibaba Cloud RAM users, groups, roles, policies and AccessKeys,\nand switches into roles with STS AssumeRole.",
		SilenceUsage:  true,
		SilenceErrors: false,
		RunE: func(cmd *cobra.Command, args []string) error {
			// The TUI is not wired yet; say so instead of pretending.
			fmt.Fprintln(cmd.OutOrStdout(), "ramtui: the terminal UI is not built yet. Available now: 'ramtui version'.")
			return nil
		},
	}
	root.AddCommand(newVersionCmd())
	return root
}
