package commands

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
)

type simulateOpts struct {
	user, group, role, sessionPolicy string
	action, resource, format         string
	context                          []string
}

func newSimulateCmd() *cobra.Command {
	var (
		o simulateOpts
		f rootFlags
	)
	cmd := &cobra.Command{
		Use:   "simulate (--user U | --group G | --role R [--session-policy FILE]) --action A --resource R [--context k=v]...",
		Short: "Decide whether a user, group, role or role session may do an action on a resource",
		Long: `Evaluates a request the way RAM does, with the policies in force for the principal:
  --user U    the user's own policies and those of its groups
  --group G   the group's policies
  --role R    the role's policies: what a session of the role may do; with --session-policy,
              what a session given that policy may do (both must allow)

An explicit Deny anywhere wins; otherwise any Allow allows; otherwise the request is implicitly
denied. The output names the deciding statements (policy, version, statement index, and through
which user or group it applies) and the statements that matched without deciding.

Context keys are given as --context key=value (repeat for more keys or values), e.g.
acs:SourceIp=192.0.2.10, acs:CurrentTime=2026-12-01T09:00:00Z, acs:SecureTransport=true,
acs:MFAPresent=true, oss:Prefix=dir111/, oss:Delimiter=/. acs:CurrentTime is the present moment
unless given, as in every real request.

Exit status: 0 allowed; 1 denied (explicitly or implicitly) or the principal does not exist;
2 bad input; 3 could not sign in.`,
		Example: `  ramtui simulate --user devops_test --action sts:AssumeRole --resource acs:ram::1234567890123456:role/oss-test-sts
  ramtui simulate --role oss-test-sts --action oss:PutObject --resource acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt
  ramtui simulate --group oncall --action ecs:RebootInstance --resource '*' --context acs:SourceIp=10.1.2.3`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSimulate(cmd.Context(), &f, o, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	addConnectFlags(fl, &f)
	fl.StringVar(&o.user, "user", "", "a RAM user (with its groups)")
	fl.StringVar(&o.group, "group", "", "a RAM group")
	fl.StringVar(&o.role, "role", "", "a RAM role (a session of it)")
	fl.StringVar(&o.sessionPolicy, "session-policy", "", "with --role: the session policy file (JSON) of the session")
	addRequestFlags(cmd, &o.action, &o.resource, &o.context)
	fl.StringVar(&o.format, "format", "text", "output format: text or json")
	return cmd
}

// parseSimulate checks everything before any call.
func parseSimulate(o simulateOpts) (access.Principal, policy.Request, error) {
	var p access.Principal
	n := 0
	for _, c := range []struct {
		kind access.Kind
		name string
	}{{access.User, o.user}, {access.Group, o.group}, {access.Role, o.role}} {
		if c.name != "" {
			p, n = access.Principal{Kind: c.kind, Name: c.name}, n+1
		}
	}
	if n != 1 {
		return p, policy.Request{}, errors.New("name exactly one principal: --user, --group or --role")
	}
	if err := access.ValidName(p.Kind, p.Name); err != nil {
		return p, policy.Request{}, fmt.Errorf("--%s: %s", p.Kind, safetext.Line(err.Error()))
	}
	if o.sessionPolicy != "" {
		if p.Kind != access.Role {
			return p, policy.Request{}, errors.New("--session-policy goes with --role (a session policy narrows a role session)")
		}
		doc, err := readPolicyFile("--session-policy", o.sessionPolicy, policy.Session)
		if err != nil {
			return p, policy.Request{}, err
		}
		p.SessionPolicy = doc
	}
	req, err := access.NewRequest(o.action, o.resource, o.context, time.Now())
	var fe *policy.FieldError
	if errors.As(err, &fe) {
		return p, policy.Request{}, fmt.Errorf("--%s %s", fe.Field, safetext.Line(fe.Message))
	}
	return p, req, err
}

func runSimulate(ctx context.Context, f *rootFlags, o simulateOpts, stdout io.Writer) error {
	asJSON, err := parseFormat(o.format)
	if err != nil {
		return withCode(exitUsage, err)
	}
	p, req, err := parseSimulate(o)
	if err != nil {
		return withCode(exitUsage, err)
	}
	return withClient(ctx, f, func(ctx context.Context, c *ramclient.Client) error {
		s, err := access.Load(ctx, c, p, "")
		if err != nil {
			return apiExit(err)
		}
		a := s.Evaluate(req)
		if asJSON {
			out := struct {
				Principal string         `json:"principal"`
				Groups    []string       `json:"groups,omitempty"`
				Session   bool           `json:"sessionPolicy,omitempty"`
				Action    string         `json:"action"`
				Resource  string         `json:"resource"`
				Context   policy.Context `json:"context,omitempty"`
				answerJSON
			}{s.ARN(), s.Groups, s.Session != nil, req.Action, req.Resource, req.Context, toAnswerJSON(a, s)}
			if err := writeJSON(stdout, out); err != nil {
				return err
			}
		} else {
			printAnswer(stdout, s, a)
		}
		if a.Decision != policy.Allowed {
			return withCode(exitRefused, nil)
		}
		return nil
	})
}

func printAnswer(w io.Writer, s *access.Subject, a access.Answer) {
	who := s.Principal.String()
	if len(s.Groups) > 0 {
		who += " (groups: " + strings.Join(s.Groups, ", ") + ")"
	}
	if s.Session != nil {
		who += " with a session policy"
	}
	fmt.Fprintf(w, "%s\n", a.Decision)
	fmt.Fprintf(w, "  %s: %s on %s\n", safetext.Line(who), safetext.Line(a.Request.Action), safetext.Line(a.Request.Resource))
	if ctx := access.FormatContext(a.Request.Context); len(ctx) > 0 {
		fmt.Fprintf(w, "  context: %s\n", safetext.Line(strings.Join(ctx, " ")))
	}
	fmt.Fprintf(w, "  %s\n", safetext.Line(a.Explanation))
	section := func(title string, sts []access.Statement) {
		if len(sts) == 0 {
			return
		}
		fmt.Fprintf(w, "%s:\n", title)
		for _, st := range sts {
			fmt.Fprintf(w, "  %s\n", safetext.Line(st.String()))
			if text := statementText(s, st); text != "" {
				fmt.Fprintf(w, "    %s\n", safetext.Line(text))
			}
		}
	}
	section("Deciding", a.Deciding)
	section("Also matched (did not decide)", a.AlsoMatched)
}
