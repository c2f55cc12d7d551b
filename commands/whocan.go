package commands

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/audit"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
)

type whoCanOpts struct {
	action, resource, format string
	context                  []string
}

func newWhoCanCmd() *cobra.Command {
	var (
		o whoCanOpts
		f rootFlags
	)
	cmd := &cobra.Command{
		Use:   "who-can --action A --resource R [--context k=v]... [--format text|json]",
		Short: "List every user, group and role allowed an action on a resource, and who can assume those roles",
		Long: `Evaluates the request for every user (its own and its groups' policies), every group and every
role of the account, the way ` + "`ramtui simulate`" + ` does for one, and lists those allowed with the
statements that decide it. For each role allowed, it lists the users who may assume it: their
policies allow sts:AssumeRole on the role and its trust policy admits them; and the other
principals its trust policy admits (services, identity providers, other accounts, the whole
account), whose own identities it cannot see.

Context keys are given as --context key=value (repeat for more), as for simulate; they apply to
the request and to the trust policies (e.g. sts:ExternalId=...).

Exit status: 0 someone may; 1 no one may (or the service refused); 2 bad input; 3 could not sign in.`,
		Example: `  ramtui who-can --action oss:PutObject --resource acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt
  ramtui who-can --action ecs:RebootInstance --resource '*' --context acs:SourceIp=10.1.2.3 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWhoCan(cmd.Context(), &f, o, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	addConnectFlags(fl, &f)
	addRequestFlags(cmd, &o.action, &o.resource, &o.context)
	fl.StringVar(&o.format, "format", "text", "output format: text or json")
	return cmd
}

func runWhoCan(ctx context.Context, f *rootFlags, o whoCanOpts, stdout io.Writer) error {
	asJSON, err := parseFormat(o.format)
	if err != nil {
		return withCode(exitUsage, err)
	}
	// The request is checked as simulate checks it; the principal is a placeholder.
	_, req, err := parseSimulate(simulateOpts{user: "who-can", action: o.action, resource: o.resource, context: o.context})
	if err != nil {
		return withCode(exitUsage, err)
	}
	return withClient(ctx, f, func(ctx context.Context, c *ramclient.Client) error {
		snap, err := audit.Load(ctx, c)
		if err != nil {
			return apiExit(err)
		}
		grants := audit.WhoCan(snap, req)
		if asJSON {
			err = writeJSON(stdout, toWhoCanJSON(req, grants))
		} else {
			printWhoCan(stdout, req, grants)
		}
		if err != nil {
			return err
		}
		if len(grants) == 0 {
			return withCode(exitRefused, nil)
		}
		return nil
	})
}

type whoCanJSON struct {
	Action   string           `json:"action"`
	Resource string           `json:"resource"`
	Context  policy.Context   `json:"context,omitempty"`
	Allowed  []grantEntryJSON `json:"allowed"`
}

type grantEntryJSON struct {
	Principal string   `json:"principal"` // ARN
	Kind      string   `json:"kind"`
	Name      string   `json:"name"`
	Groups    []string `json:"groups,omitempty"`
	answerJSON
	Assumers []assumerJSON `json:"assumers,omitempty"`
	Trusted  []string      `json:"trusted,omitempty"`
}

type assumerJSON struct {
	User            string     `json:"user"`
	Allow           answerJSON `json:"allow"`           // the user's sts:AssumeRole on the role
	TrustStatements []int      `json:"trustStatements"` // of the role's trust policy
}

func toWhoCanJSON(req policy.Request, grants []audit.Grant) whoCanJSON {
	out := whoCanJSON{Action: req.Action, Resource: req.Resource, Context: req.Context, Allowed: []grantEntryJSON{}}
	for _, g := range grants {
		s := g.Subject
		e := grantEntryJSON{Principal: s.ARN(), Kind: s.Principal.Kind.String(), Name: s.Principal.Name, Groups: s.Groups,
			answerJSON: toAnswerJSON(g.Answer, s), Trusted: g.Trusted}
		for _, a := range g.Assumers {
			e.Assumers = append(e.Assumers, assumerJSON{User: a.User, Allow: toAnswerJSON(a.Allow, a.Subject), TrustStatements: a.TrustStatements})
		}
		out.Allowed = append(out.Allowed, e)
	}
	return out
}

func printWhoCan(w io.Writer, req policy.Request, grants []audit.Grant) {
	fmt.Fprintf(w, "Who can %s on %s\n", safetext.Line(req.Action), safetext.Line(req.Resource))
	if ctx := access.FormatContext(req.Context); len(ctx) > 0 {
		fmt.Fprintf(w, "  context: %s\n", safetext.Line(strings.Join(ctx, " ")))
	}
	if len(grants) == 0 {
		fmt.Fprintln(w, "No user, group or role is allowed.")
		return
	}
	for _, g := range grants {
		s := g.Subject
		who := s.Principal.String()
		if len(s.Groups) > 0 {
			who += " (groups: " + strings.Join(s.Groups, ", ") + ")"
		}
		fmt.Fprintf(w, "\n%s\n", safetext.Line(who))
		for _, st := range g.Answer.Deciding {
			fmt.Fprintf(w, "  allowed by %s\n", safetext.Line(st.String()))
		}
		if s.Principal.Kind != access.Role {
			continue
		}
		if len(g.Assumers) == 0 {
			fmt.Fprintln(w, "  assumed by: no user of the account")
		}
		for _, a := range g.Assumers {
			by := make([]string, 0, len(a.Allow.Deciding))
			for _, st := range a.Allow.Deciding {
				by = append(by, st.String())
			}
			idx := make([]string, len(a.TrustStatements))
			for i, n := range a.TrustStatements {
				idx[i] = "Statement[" + strconv.Itoa(n) + "]"
			}
			fmt.Fprintf(w, "  assumed by user %s: sts:AssumeRole allowed by %s; trusted by the trust policy's %s\n",
				safetext.Line(a.User), safetext.Line(strings.Join(by, "; ")), strings.Join(idx, ", "))
		}
		if len(g.Trusted) > 0 {
			fmt.Fprintf(w, "  its trust policy also admits: %s\n", safetext.Line(strings.Join(g.Trusted, ", ")))
		}
	}
}
