package commands

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// rootExamples and rootEnvironment are the root command's help beyond the flags.
const rootExamples = `  ramtui --demo                       try it on a built-in simulator, no account needed
  ramtui --profile prod --read-only   browse the prod profile without changing anything
  ramtui assume ops-admin -- aliyun ram ListUsers
                                      run one command as a role
  eval "$(ramtui assume ops-admin)"   the role's credentials in this shell
  ramtui sim --seed demo              a local RAM+STS server for the aliyun CLI and SDKs
  ramtui config init                  write a commented settings file`

const rootEnvironment = `
Environment:
  ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN
                        credentials, used when --profile is not given
  ALIBABA_CLOUD_PROFILE the aliyun CLI profile (like --profile)
  ALIBABA_CLOUD_CONFIG_FILE
                        the aliyun CLI config (default ~/.aliyun/config.json)
  ALIBABA_CLOUD_CREDENTIALS_FILE
                        the credentials file (default ~/.alibabacloud/credentials)
  ALIBABA_CLOUD_REGION_ID
                        the region when neither --region nor the profile gives one
  NO_COLOR              no colours at all (https://no-color.org)
  XDG_CONFIG_HOME       where config.yaml, keys.json and favourites live ('ramtui config path')
  XDG_CACHE_HOME        where caches live (who an AccessKey belongs to)

Exit codes: 0 ok, 1 refused or failed, 2 bad usage or input, 3 cannot sign in.
`

// conventions applies the command-line conventions to root and every subcommand: --version,
// help with examples and an environment section, and exit code 2 for every usage error
// (unknown command, wrong number of arguments, bad flags). Call it after adding subcommands.
//
// Neither --version nor the help goes through a cobra template: a program that can reach
// text/template keeps every exported method of every type in the binary, since the linker cannot
// tell which ones a template calls (29 MB -> 22 MB, and less of it mapped at every start).
func conventions(root *cobra.Command) {
	versionFlag(root)
	root.Example = rootExamples
	help := root.HelpFunc() // cobra's own
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		help(c, args)
		if !c.HasParent() {
			fmt.Fprint(c.OutOrStdout(), rootEnvironment)
		}
	})
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError(c, err) })
	root.InitDefaultCompletionCmd()
	usageErrors(root)
	// The flags' value completions are registered only when the shell asks for some (cobra's
	// hidden __complete command, which runs root's PersistentPreRunE first): walking every
	// command's flags for them was ~2% of every start's CPU, `ramtui version` included.
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd {
			completions(c.Root())
		}
		return nil
	}
}

// versionFlag gives root the --version (-v) flag cobra would, printing what `ramtui version`
// prints. Like cobra's, it wins over the arguments' check (`ramtui --version x` prints the
// version) and completion offers nothing after it.
func versionFlag(root *cobra.Command) {
	show := root.Flags().BoolP("version", "v", false, "version for "+root.Name())
	_ = root.Flags().SetAnnotation("version", cobra.FlagSetByCobraAnnotation, []string{"true"})
	args, run := root.Args, root.RunE
	root.Args = func(c *cobra.Command, a []string) error {
		if *show {
			return nil
		}
		return args(c, a)
	}
	root.RunE = func(c *cobra.Command, a []string) error {
		if *show {
			_, err := fmt.Fprintln(c.OutOrStdout(), currentBuild())
			return err
		}
		return run(c, a)
	}
}

// usageError marks err as a usage error (exit 2) and says where the usage is.
func usageError(c *cobra.Command, err error) error {
	return withCode(exitUsage, fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath()))
}

// usageErrors makes argument errors of c and its subcommands usage errors, and makes a command
// that only groups others (config, completion, grant) refuse to run without one instead of
// printing help with status 0.
func usageErrors(c *cobra.Command) {
	for _, sub := range c.Commands() {
		usageErrors(sub)
	}
	args := c.Args
	if args == nil {
		args = cobra.ArbitraryArgs
		if c.HasSubCommands() {
			args = cobra.NoArgs // cobra's message: unknown command "x" for "ramtui config"
		}
	}
	c.Args = func(cmd *cobra.Command, a []string) error {
		if err := args(cmd, a); err != nil {
			return usageError(cmd, err)
		}
		return nil
	}
	if !c.Runnable() && c.HasSubCommands() {
		c.RunE = func(cmd *cobra.Command, _ []string) error {
			var names []string
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name())
				}
			}
			return usageError(cmd, fmt.Errorf("%s needs a subcommand: %s", cmd.CommandPath(), strings.Join(names, ", ")))
		}
	}
}
