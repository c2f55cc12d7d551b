package commands

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/config"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/safetext"
)

func newConfigCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "config",
		Short: "Show, create or check the settings file (config.yaml)",
		Long: "ramtui reads its settings from config.yaml in the user's config directory: theme, mouse,\n" +
			"clipboard, role-session defaults, key overrides, and per-profile read_only and header accent.\n" +
			"An invalid file stops ramtui with file:line and what is wrong (exit 2).",
	}
	c.AddCommand(&cobra.Command{
		Use:   "path",
		Short: "Print where the settings file is (it may not exist yet)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), config.Path())
			return nil
		},
	}, &cobra.Command{
		Use:   "init",
		Short: "Write a commented settings file with every default; never replaces an existing one",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := config.Path()
			if err := config.Init(path); err != nil {
				return withCode(exitRefused, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", safetext.Line(path))
			return nil
		},
	}, &cobra.Command{
		Use:   "check [FILE]",
		Short: "Check the settings file (and keys.json); exit 2 with file:line problems",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := config.Path()
			if len(args) == 1 {
				path = args[0]
			}
			c, err := loadSettings(path)
			if err != nil {
				return err
			}
			if c.File == "" {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: no file, the defaults apply ('ramtui config init' writes one)\n", safetext.Line(path))
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok\n", safetext.Line(path))
			return nil
		},
	})
	return c
}

// loadSettings reads the settings file and keys.json together, as the TUI does; any problem is
// a usage error (exit 2) whose text names the file and line.
func loadSettings(path string) (*config.Config, error) {
	c, err := config.Load(path)
	if err != nil {
		return nil, withCode(exitUsage, fmt.Errorf("%s", safetext.Block(err.Error())))
	}
	if _, err := keymap.LoadWith(keymap.ConfigPath(), c.Keys, false); err != nil {
		return nil, withCode(exitUsage, fmt.Errorf("%s", safetext.Block(err.Error())))
	}
	return c, nil
}
