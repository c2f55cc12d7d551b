package commands

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/ramclient"
)

// The set-up shared by the commands that read an account and answer about a request
// (simulate, who-can, audit): the request's flags, and signing in around the work.

// addRequestFlags adds --action (completed from the known actions), --resource and
// --context, as simulate and who-can take them.
func addRequestFlags(cmd *cobra.Command, action, resource *string, context *[]string) {
	fl := cmd.Flags()
	fl.StringVar(action, "action", "", "the action, service:Name, e.g. oss:GetObject (required)")
	fl.StringVar(resource, "resource", "", "the resource ARN, e.g. acs:oss:*:*:bucket/key, or * (required)")
	fl.StringArrayVar(context, "context", nil, "a condition key and value, key=value (repeatable)")
	_ = cmd.RegisterFlagCompletionFunc("action", func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		return access.Complete(access.Actions(), prefix), cobra.ShellCompDirectiveNoFileComp
	})
}

// withClient signs in as f says and runs fn with the client, closed after; a nil ctx is the
// background. A failed sign-in is connect's error (exit 3), and fn is not run.
func withClient(ctx context.Context, f *rootFlags, fn func(context.Context, *ramclient.Client) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	c, err := connect(ctx, f)
	if err != nil {
		return err
	}
	defer c.Close()
	return fn(ctx, c)
}
