package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// runTUI starts the terminal UI. Placeholder until the UI lands: it says honestly what is there.
func runTUI(cmd *cobra.Command, f *rootFlags) error {
	fmt.Fprintln(cmd.OutOrStdout(), "ramtui: the terminal UI is not built yet. Available now: 'ramtui version'.")
	return nil
}
