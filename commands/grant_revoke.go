package commands

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
)

func newGrantRevokeCmd() *cobra.Command {
	var (
		f    rootFlags
		role string
		yes  bool
	)
	cmd := &cobra.Command{
		Use:   "revoke --role R [--yes]",
		Short: "Remove a grant made by 'ramtui grant oss': its role, its policy and the caller-side permission",
		Long: `Plans the removal of a grant made earlier by 'ramtui grant oss' and, with --yes, carries it out:
detach the role's policies, delete the role, delete the grant's permission policy, detach the
caller-side sts:AssumeRole policy from whoever holds it and delete it.

Only what a grant made is deleted (its description starts with "ramtui grant:"); a role a grant
did not make is refused, and other policies attached to the role are detached (a role with
policies cannot be deleted) but stay.

Exit status: 0 revoked; 1 not revoked (no --yes, refused, a step failed); 2 bad input; 3 could
not sign in.`,
		Example: `  ramtui grant revoke --role oss-test-dir111-dir111-secondline1
  ramtui grant revoke --role oss-test-dir111-dir111-secondline1 --yes`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGrantRevoke(cmd.Context(), &f, role, yes, cmd.OutOrStdout())
		},
	}
	grantConnectFlags(cmd, &f)
	cmd.Flags().StringVar(&f.region, "region", "", "region id (default: the profile's, else cn-hangzhou)")
	cmd.Flags().StringVar(&role, "role", "", "the grant's role name (required)")
	cmd.Flags().BoolVar(&yes, "yes", false, "carry the removal out (without it, only print the plan)")
	return cmd
}

func runGrantRevoke(ctx context.Context, f *rootFlags, role string, yes bool, stdout io.Writer) error {
	if role == "" {
		return withCode(exitUsage, errors.New("--role is required"))
	}
	return withClient(ctx, f, func(ctx context.Context, c *ramclient.Client) error {
		rp, err := grant.PlanRevoke(ctx, c, role)
		if err != nil {
			var fe *policy.FieldError
			switch {
			case errors.As(err, &fe):
				return withCode(exitUsage, flagError(err))
			case errors.Is(err, grant.ErrNotAGrant):
				return withCode(exitRefused, err)
			}
			return apiExit(err)
		}
		fmt.Fprintf(stdout, "Revoke the grant of role %s (%s):\n", safetext.Line(rp.Role.Arn), safetext.Line(rp.Role.Description))
		for i, s := range rp.Steps {
			fmt.Fprintf(stdout, "  %d. %s\n", i+1, safetext.Line(s.Title))
		}
		for _, k := range rp.Kept {
			fmt.Fprintf(stdout, "  kept: %s\n", safetext.Line(k))
		}
		if !yes {
			fmt.Fprintln(stdout, "\nNothing was changed: add --yes to carry this out.")
			return withCode(exitRefused, nil)
		}
		fmt.Fprintln(stdout, "\nRevoking:")
		if err := rp.Apply(ctx, c, func(e grant.Event) { printEvent(stdout, e) }); err != nil {
			return withCode(apiCode(err), fmt.Errorf("%w (run the same command again to remove what is left)", err))
		}
		fmt.Fprintf(stdout, "Revoked: role %s no longer exists.\n", safetext.Line(rp.Role.Arn))
		return nil
	})
}
