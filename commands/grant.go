package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/limits"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
)

type grantOpts struct {
	bucket, dir, user, access, roleName, description, format, sessionPolicy string
	maxSession                                                              time.Duration
	yes, replace, assumeAsUser, live, allowMissingBucket                    bool
}

func newGrantCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "grant",
		Short: "Grant a RAM user STS access to one OSS directory, or revoke such a grant",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withCode(exitUsage, errors.New("name a subcommand: oss or revoke"))
		},
	}
	cmd.AddCommand(newGrantOSSCmd(), newGrantRevokeCmd())
	return cmd
}

// grantConnectFlags are the connect flags of the grant commands: --region is the bucket's
// region there (also used for STS), so only --profile and --endpoint are shared.
func grantConnectFlags(cmd *cobra.Command, f *rootFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.profile, "profile", "", "aliyun CLI profile to use (default: the config's current profile)")
	fl.StringVar(&f.endpoint, "endpoint", "", "RAM/STS endpoint: host:port for plain HTTP (e.g. a local 'ramtui sim'), or a URL")
}

func newGrantOSSCmd() *cobra.Command {
	var (
		o grantOpts
		f rootFlags
	)
	cmd := &cobra.Command{
		Use:   "oss --bucket B --dir D --user U [flags]",
		Short: "Plan, apply and verify STS access for a RAM user to one directory of an OSS bucket",
		Long: `Creates what a developer needs to reach one directory of one OSS bucket through STS:

  1. a permission policy: oss:ListObjects on the bucket limited by oss:Prefix to the directory,
     and the object actions of the chosen levels on bucket/dir/*
  2. a role whose trust policy trusts exactly that RAM user, with the maximum session asked for
  3. the policy attached to the role
  4-5. a policy allowing sts:AssumeRole on this role only, attached to the user -- only when the
     user's own and group policies do not already allow it (an explicit Deny stops the plan)

The plan also looks for the bucket among the account's (one ListBuckets, as you, beside the
RAM reads) and says whether it exists and where. A bucket the account does not have stops
--yes before anything is made: the grant could be neither used nor verified. Create the bucket
first, or give --allow-missing-bucket to make the grant before it.

Without --yes it prints the plan and changes nothing. With --yes it applies the plan: the two
policies and the role at once (steps 1, 2 and 4), then the attachments (3 and 5); if a step
fails, what this run changed is rolled back (what existed before is never touched). Running the same request again reuses what exists and matches. Where an existing
policy or role differs from what the grant wants, the difference is printed and nothing is
changed unless --replace is given.

Then it verifies, as the developer's session will be after AssumeRole: list the directory,
list the bucket root and another prefix, read / write / delete inside, read and write outside,
another bucket -- each with the expected and the evaluated decision and the deciding
statement -- and the chain: the role trusts the user, the user may call AssumeRole, the role
has the policy. Against a local simulator it also really assumes the role as the user, with a
temporary AccessKey created for that and deleted right after; on a real account only with
--assume-as-user.

Live probes: against a local simulator always, and on a real account with --live (which needs
--region: the requests go to the bucket's endpoint oss-<region>.aliyuncs.com), the probes are
also made for real as OSS requests signed with that session: list the directory, write a
small uniquely named probe object inside, read it back, delete it; list the bucket root and
another prefix, read and write outside, and read another bucket of the account in that region
(the first ListBuckets gives; with none it stays evaluated, and says why), expecting
AccessDenied. Each row then shows the
observed answer and its OSS RequestId (NoSuchBucket is a refusal, never a pass). Whatever a
probe wrote is removed before the command ends, with your own credentials when the grant has
no delete; if that fails, the object is named so you can delete it by hand.

Everything created carries "ramtui grant:" at the start of its description, so
'ramtui grant revoke' removes only what a grant made.

Access levels: list, read, write (upload, multipart), delete, browse (list the parent prefixes
one level at a time, for the console or ossbrowser; reveals sibling directory names).

Once applied, text output ends with the role ARN on its last line (the JSON has "roleArn").
Exit status: 0 applied and every probe
and check as expected; 1 not applied (no --yes, a differing document without --replace, a
missing bucket without --allow-missing-bucket, a failed step) or a probe or check that does not match; 2 bad input; 3 could not sign in.`,
		Example: `  ramtui grant oss --bucket oss-test --dir dir111/dir111_secondline1/ --user devops_test
  ramtui grant oss --bucket oss-test --dir dir111/dir111_secondline1/ --user devops_test --region cn-hangzhou --yes
  ramtui grant oss --bucket logs --dir app/ --user ci --access list,read --max-session 4h --yes --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGrantOSS(cmd.Context(), &f, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	grantConnectFlags(cmd, &f)
	fl := cmd.Flags()
	fl.StringVar(&o.bucket, "bucket", "", "OSS bucket name (required)")
	fl.StringVar(&o.dir, "dir", "", "directory (object key prefix) inside the bucket, e.g. data/team-a/ (required)")
	fl.StringVar(&o.user, "user", "", "RAM user that will call AssumeRole (required; must exist)")
	fl.StringVar(&f.region, "region", "", "the bucket's region, e.g. cn-hangzhou (for the hand-over's OSS endpoint; also the STS region)")
	fl.StringVar(&o.access, "access", "list,read,write", "access levels: list, read, write, delete, browse")
	fl.StringVar(&o.roleName, "role-name", "", "role name (default: derived from bucket and directory)")
	fl.DurationVar(&o.maxSession, "max-session", time.Hour, "the role's maximum session duration, 1h to 12h")
	fl.StringVar(&o.description, "description", "", "added to the descriptions of what is created")
	fl.BoolVar(&o.yes, "yes", false, "apply the plan (without it, only print it)")
	fl.BoolVar(&o.replace, "replace", false, "with --yes: replace existing documents that differ from the grant's")
	fl.BoolVar(&o.allowMissingBucket, "allow-missing-bucket", false, "with --yes: make the grant even though the account has no such bucket (it cannot be verified until the bucket exists)")
	fl.BoolVar(&o.assumeAsUser, "assume-as-user", false, "verify with a real AssumeRole as the user, through a temporary AccessKey deleted right after (always done against a local simulator)")
	fl.BoolVar(&o.live, "live", false, "verify with real OSS requests as the developer's session (needs --region; always done against a local simulator)")
	fl.StringVar(&o.sessionPolicy, "session-policy", "", "evaluate the probes with this session policy file (JSON), as the developer would pass it")
	fl.StringVar(&o.format, "format", "text", "output format: text or json")
	return cmd
}

// readPolicyFile reads a policy document from a file through limits (the one cap on file
// reads) and checks it parses as kind.
func readPolicyFile(flag, path string, kind policy.Kind) (string, error) {
	data, err := limits.ReadFile(path, limits.PolicyFile)
	if err != nil {
		return "", fmt.Errorf("%s: %s", flag, safetext.Line(err.Error()))
	}
	if _, err := policy.Parse(string(data), kind); err != nil {
		return "", fmt.Errorf("%s %s: %w", flag, safetext.Line(path), err)
	}
	return string(data), nil
}

func parseFormat(s string) (bool, error) {
	switch s {
	case "text":
		return false, nil
	case "json":
		return true, nil
	}
	return false, fmt.Errorf("--format %q: use text or json", s)
}

func runGrantOSS(ctx context.Context, f *rootFlags, o grantOpts, stdout, stderr io.Writer) error {
	asJSON, err := parseFormat(o.format)
	if err != nil {
		return withCode(exitUsage, err)
	}
	levels, err := grant.ParseAccess(o.access)
	if err != nil {
		return withCode(exitUsage, fmt.Errorf("--access: %w", err))
	}
	req, err := grant.Request{Bucket: o.bucket, Dir: o.dir, User: o.user, Region: f.region, Access: levels,
		RoleName: o.roleName, MaxSession: o.maxSession, Description: o.description}.Normalize()
	if err != nil {
		return withCode(exitUsage, flagError(err))
	}
	if o.replace && !o.yes {
		return withCode(exitUsage, errors.New("--replace needs --yes"))
	}
	if o.allowMissingBucket && !o.yes {
		return withCode(exitUsage, errors.New("--allow-missing-bucket needs --yes"))
	}
	var session string
	if o.sessionPolicy != "" {
		if session, err = readPolicyFile("--session-policy", o.sessionPolicy, policy.Session); err != nil {
			return withCode(exitUsage, err)
		}
	}
	return withClient(ctx, f, func(ctx context.Context, c *ramclient.Client) error {
		live := o.live || c.Local()
		if live && !c.Local() && req.Region == "" {
			return withCode(exitUsage, errors.New("--live needs --region: the probes go to the bucket's endpoint, oss-<region>.aliyuncs.com"))
		}

		out := grantOutput{}
		plan, err := grant.MakePlan(ctx, c, req)
		if err != nil {
			return apiExit(err)
		}
		out.setPlan(plan)
		progress := func(e grant.Event) {} // JSON: the events go into the document
		if !asJSON {
			printPlan(stdout, plan)
			progress = func(e grant.Event) { printEvent(stdout, e) }
		}
		result := func(code int, err error) error {
			out.OK = code == exitOK
			if err != nil {
				out.Error = err.Error()
			}
			if asJSON {
				if werr := writeJSON(stdout, out); werr != nil {
					return werr
				}
			} else if plan != nil && (out.Applied || len(out.Probes) > 0) {
				fmt.Fprintln(stdout, plan.RoleARN) // the last line, for scripts
			}
			if err == nil && code != exitOK {
				return withCode(code, nil)
			}
			if err != nil {
				return withCode(code, err)
			}
			return nil
		}
		switch {
		case len(plan.Blockers) > 0:
			return result(exitRefused, fmt.Errorf("%w: %s", grant.ErrBlocked, safetext.Line(strings.Join(plan.Blockers, "; "))))
		case !o.yes:
			planned := plan.PlannedProbes()
			out.PlannedProbes = toJSONProbes(planned)
			if !asJSON {
				fmt.Fprintln(stdout, "\nProbes, evaluated on the planned policy:")
				printProbes(stdout, planned)
				if plan.Bucket.Missing() {
					fmt.Fprintln(stdout, "\nNothing was changed: create bucket "+req.Bucket+" first, then add --yes to apply this plan (or --yes --allow-missing-bucket to make the grant before the bucket).")
				} else {
					fmt.Fprintln(stdout, "\nNothing was changed: add --yes to apply this plan.")
				}
			}
			return result(exitRefused, nil)
		case plan.Differs() && !o.replace:
			return result(exitRefused, errors.New("existing documents differ from the grant's (diff above); nothing was changed; re-run with --replace to overwrite them"))
		case plan.Bucket.Missing() && !o.allowMissingBucket:
			return result(exitRefused, errors.New("bucket "+req.Bucket+" does not exist in this account (see the plan); nothing was changed: create it first, or re-run with --allow-missing-bucket to make the grant before the bucket"))
		}

		if !asJSON {
			fmt.Fprintln(stdout, "\nApplying:")
		}
		applied, err := grant.Apply(ctx, c, plan, grant.Options{Replace: o.replace, AllowMissingBucket: o.allowMissingBucket}, func(e grant.Event) { out.addEvent(e); progress(e) })
		if err != nil {
			if applied.Changed() {
				if !asJSON {
					fmt.Fprintln(stdout, "\nA step failed; rolling back what this run changed:")
				}
				if rerr := grant.Rollback(context.WithoutCancel(ctx), c, applied, func(e grant.Event) { out.addEvent(e); progress(e) }); rerr != nil {
					err = fmt.Errorf("%w; the rollback failed too (%v): see the steps above and clean up by hand", err, rerr)
				} else {
					out.RolledBack = true
				}
			}
			return result(apiCode(err), err)
		}
		out.Applied = true

		v, err := grant.Verify(ctx, c, plan, grant.VerifyOptions{SessionPolicy: session, AssumeForReal: o.assumeAsUser || c.Local(), Live: live})
		if err != nil {
			return result(apiCode(err), fmt.Errorf("verification: %w", err))
		}
		out.setVerification(v)
		out.Handover = grant.Handover(plan)
		if !asJSON {
			printVerification(stdout, v)
			fmt.Fprintln(stdout, "\nHand-over note:")
			fmt.Fprint(stdout, grant.Indent(safetext.Block(out.Handover), "  "))
			fmt.Fprintln(stdout)
		}
		if !v.OK() {
			return result(exitRefused, errors.New("the grant was applied, but not every probe or check is as expected (see above)"))
		}
		return result(exitOK, nil)
	})
}

// flagError names the flag of a field error.
func flagError(err error) error {
	var fe *policy.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	name := map[string]string{"directory": "dir", "role name": "role-name", "max session": "max-session"}[fe.Field]
	if name == "" {
		name = fe.Field
	}
	return fmt.Errorf("--%s: %s", name, safetext.Line(fe.Message))
}

// apiCode is apiExit's code.
func apiCode(err error) int {
	var ee *exitError
	if errors.As(apiExit(err), &ee) {
		return ee.code
	}
	return exitRefused
}

func printPlan(w io.Writer, p *grant.Plan) {
	r := p.Request
	fmt.Fprintf(w, "Plan: %s on oss://%s/%s for RAM user %s\n", grant.AccessString(r.Access), r.Bucket, safetext.Line(r.Dir), r.User)
	fmt.Fprintf(w, "  role %s, max session %s\n", p.RoleARN, strings.TrimSuffix(strings.TrimSuffix(r.MaxSession.String(), "0s"), "0m"))
	fmt.Fprintln(w, "  bucket "+safetext.Line(p.BucketLine()))
	for i, s := range p.Steps {
		line := fmt.Sprintf("  %d. %s", i+1, safetext.Line(s.Title))
		switch s.Action {
		case grant.Skip:
			line = fmt.Sprintf("  %d. (skip) %s -- %s", i+1, safetext.Line(s.Title), safetext.Line(s.Why))
		case grant.Reuse:
			line += " -- " + safetext.Line(s.Why)
		}
		fmt.Fprintln(w, line)
		if s.Diff != "" {
			fmt.Fprint(w, grant.Indent(safetext.Block(s.Diff), "       "))
		}
	}
	for _, b := range p.Blockers {
		fmt.Fprintln(w, "  BLOCKED: "+safetext.Line(b))
	}
	fmt.Fprintf(w, "\nPermission policy %s:\n%s", p.PolicyName, grant.Indent(p.Permission.Pretty(), "  "))
	fmt.Fprintf(w, "\nTrust policy of role %s:\n%s", r.RoleName, grant.Indent(p.Trust.Pretty(), "  "))
	if p.CallerPolicy != nil {
		fmt.Fprintf(w, "\nCaller-side policy %s (for user %s):\n%s", p.CallerPolicyName, r.User, grant.Indent(p.CallerPolicy.Pretty(), "  "))
	}
}

func printEvent(w io.Writer, e grant.Event) {
	if e.State == grant.Running {
		return // one line per step, when it is over
	}
	line := fmt.Sprintf("  [%d/%d] %-11s %s", e.Index, e.Total, e.State, safetext.Line(e.Title))
	if e.Why != "" {
		line += " -- " + safetext.Line(e.Why)
	}
	if e.Err != nil {
		line += ": " + safetext.Line(e.Err.Error())
	}
	fmt.Fprintln(w, line)
}

func printVerification(w io.Writer, v *grant.Verification) {
	fmt.Fprintln(w, "\nVerification, as the developer's session after AssumeRole:")
	printProbes(w, v.Probes)
	fmt.Fprintln(w, "\nChain:")
	for _, ch := range v.Chain {
		fmt.Fprintf(w, "  %s %s: %s\n", ch.Mark(), safetext.Line(ch.Name), safetext.Line(ch.Detail))
	}
}

// printProbes writes the probe table with the CLI's columns (a contract), and the notes
// under it.
func printProbes(w io.Writer, probes []grant.ProbeResult) {
	t := grant.ProbeTable{Columns: []grant.Column{grant.ColProbe, grant.ColExpected, grant.ColEvaluated, grant.ColDeciding}}
	if grant.AnyLive(probes) {
		t.Columns = []grant.Column{grant.ColProbe, grant.ColExpected, grant.ColEvaluated, grant.ColObserved, grant.ColRequestID, grant.ColDeciding}
	}
	t.Write(w, probes)
	for _, n := range grant.ProbeNotes(probes) {
		fmt.Fprintf(w, "  %s\n", safetext.Line(n))
	}
}

// grantOutput is the JSON document of `ramtui grant oss --format json`.
type grantOutput struct {
	RoleArn    string            `json:"roleArn"`
	Request    map[string]any    `json:"request"`
	Steps      []jsonStep        `json:"steps"`
	Bucket     jsonBucket        `json:"bucket"`
	Blockers   []string          `json:"blockers,omitempty"`
	Documents  map[string]string `json:"documents"`
	Events     []jsonEvent       `json:"events,omitempty"`
	Applied    bool              `json:"applied"`
	RolledBack bool              `json:"rolledBack,omitempty"`
	Probes     []jsonProbe       `json:"probes,omitempty"`
	// PlannedProbes (a plan not applied) are the probes evaluated on the planned policy.
	PlannedProbes []jsonProbe   `json:"plannedProbes,omitempty"`
	Chain         []grant.Check `json:"chain,omitempty"`
	Handover      string        `json:"handover,omitempty"`
	OK            bool          `json:"ok"`
	Error         string        `json:"error,omitempty"`
}

// jsonBucket is what the plan found of the bucket: state found, missing or unchecked (detail
// says why).
type jsonBucket struct {
	State  grant.BucketState `json:"state"`
	Region string            `json:"region,omitempty"`
	Detail string            `json:"detail,omitempty"`
}

type jsonStep struct {
	Kind   grant.StepKind `json:"kind"`
	Action grant.Action   `json:"action"`
	Title  string         `json:"title"`
	Why    string         `json:"why,omitempty"`
	Diff   string         `json:"diff,omitempty"`
}

type jsonEvent struct {
	Index    int    `json:"index"`
	Total    int    `json:"total"`
	Title    string `json:"title"`
	State    string `json:"state"`
	Rollback bool   `json:"rollback,omitempty"`
	Error    string `json:"error,omitempty"`
}

type jsonProbe struct {
	Name     string         `json:"name"`
	Action   string         `json:"action"`
	Resource string         `json:"resource"`
	Context  policy.Context `json:"context,omitempty"`
	Expected string         `json:"expected"`
	answerJSON
	// Observed, ObservedDetail and RequestID: the live OSS request's answer, when it was made.
	Observed       string `json:"observed,omitempty"`
	ObservedDetail string `json:"observedDetail,omitempty"`
	RequestID      string `json:"requestId,omitempty"`
	OK             bool   `json:"ok"`
}

func (o *grantOutput) setPlan(p *grant.Plan) {
	r := p.Request
	o.RoleArn = p.RoleARN
	o.Request = map[string]any{"bucket": r.Bucket, "dir": r.Dir, "user": r.User, "region": r.Region, "access": grant.AccessString(r.Access),
		"roleName": r.RoleName, "maxSessionSeconds": int(r.MaxSession / time.Second), "ossEndpoint": grant.Endpoint(r.Region)}
	for _, s := range p.Steps {
		o.Steps = append(o.Steps, jsonStep{s.Kind, s.Action, s.Title, s.Why, s.Diff})
	}
	o.Bucket = jsonBucket{State: p.Bucket.State, Region: p.Bucket.Region, Detail: p.Bucket.Detail}
	o.Blockers = p.Blockers
	o.Documents = map[string]string{"permission": p.Permission.Compact(), "trust": p.Trust.Compact()}
	if p.CallerPolicy != nil {
		o.Documents["caller"] = p.CallerPolicy.Compact()
	}
}

func (o *grantOutput) addEvent(e grant.Event) {
	if e.State == grant.Running {
		return
	}
	je := jsonEvent{Index: e.Index, Total: e.Total, Title: e.Title, State: string(e.State), Rollback: e.Rollback}
	if e.Err != nil {
		je.Error = e.Err.Error()
	}
	o.Events = append(o.Events, je)
}

func (o *grantOutput) setVerification(v *grant.Verification) {
	o.Probes = toJSONProbes(v.Probes)
	o.Chain = v.Chain
}

func toJSONProbes(probes []grant.ProbeResult) []jsonProbe {
	var out []jsonProbe
	for _, p := range probes {
		out = append(out, jsonProbe{Name: p.Name, Action: p.Request.Action, Resource: p.Request.Resource, Context: p.Request.Context,
			Expected: grant.DecisionWord(p.Expect), answerJSON: toAnswerJSON(p.Answer, nil),
			Observed: p.Observed, ObservedDetail: p.ObservedDetail, RequestID: p.RequestID, OK: p.OK})
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// answerJSON is a decision with its statements, shared by grant's probes and simulate.
type answerJSON struct {
	Decision    string          `json:"decision"`
	DeniedBy    string          `json:"deniedBy,omitempty"`
	Explanation string          `json:"explanation"`
	Deciding    []statementJSON `json:"deciding"`
	AlsoMatched []statementJSON `json:"alsoMatched,omitempty"`
}

type statementJSON struct {
	Policy    string   `json:"policy"`
	Type      string   `json:"type"`
	Version   string   `json:"version,omitempty"`
	Statement int      `json:"statement"`
	Effect    string   `json:"effect"`
	Via       []string `json:"via,omitempty"`
	Text      string   `json:"text,omitempty"` // the statement itself (simulate only)
}

func toAnswerJSON(a access.Answer, s *access.Subject) answerJSON {
	conv := func(sts []access.Statement) []statementJSON {
		out := []statementJSON{}
		for _, st := range sts {
			out = append(out, statementJSON{Policy: st.Policy, Type: st.Type, Version: st.Version, Statement: st.Index,
				Effect: string(st.Effect), Via: st.Via, Text: statementText(s, st)})
		}
		return out
	}
	aj := answerJSON{Decision: a.Decision.String(), DeniedBy: a.DeniedBy, Explanation: a.Explanation, Deciding: conv(a.Deciding)}
	if len(a.AlsoMatched) > 0 {
		aj.AlsoMatched = conv(a.AlsoMatched)
	}
	return aj
}

// statementText is one statement of a policy in force, as compact JSON ("" when unknown).
func statementText(s *access.Subject, st access.Statement) string {
	if s == nil {
		return ""
	}
	return s.StatementText(st)
}
