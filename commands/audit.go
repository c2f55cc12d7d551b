package commands

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/audit"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/userdata"
)

type auditOpts struct {
	format, minSeverity string
	ignores             string // the ignore list's path ("" = none)
	showIgnored         bool
}

func newAuditCmd() *cobra.Command {
	var (
		o auditOpts
		f rootFlags
	)
	cmd := &cobra.Command{
		Use:   "audit [--format text|json|sarif] [--min-severity S]",
		Short: "List the account's risks, most severe first, each with the fix it offers",
		Long: `Reads the account once (users, their console access, MFA, AccessKeys and last use, groups,
roles and trust policies, policies) and reports what is risky:
  critical  the caller is the root account; a role trusts "*"
  high      console access without MFA; an active AccessKey older than 90 days and unused for
            90 days; AdministratorAccess attached directly to a user; a role trusting another
            account without sts:ExternalId; a custom policy allowing * on *
  medium    an active AccessKey older than 90 days; more than one active key; a user with both
            console access and keys; a user with no sign-in nor key use for 90 days; a policy
            allowing with NotAction
  low       an inactive key not deleted; a role trusting the whole account; a custom policy
            attached nowhere; other policy lint warnings
Each finding names the entity, why it matters, and its fix: the API calls that make it (shown,
never run by this command) or the screen where it is made. The score is 100 with no finding
and falls as findings add up. The account needs read access to RAM (e.g. AliyunRAMReadOnlyAccess).

--min-severity shows only findings at or above it (the score counts them all).

Findings set aside with a reason (i on the :audit screen) are kept in audit-ignore.json in the
config directory (--ignores names another file). They do not count in the score nor the exit
status; --show-ignored lists them with their reasons.
--format sarif writes SARIF 2.1.0 for code-scanning tools.

Exit status: 0 no finding at or above --min-severity; 1 some (or the service refused);
2 bad input; 3 could not sign in.`,
		Example: `  ramtui audit
  ramtui audit --min-severity high --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runAudit(cmd.Context(), &f, o, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	addConnectFlags(fl, &f)
	fl.StringVar(&o.format, "format", "text", "output format: text, json or sarif")
	fl.StringVar(&o.minSeverity, "min-severity", "low", "report findings at or above: low, medium, high or critical")
	fl.StringVar(&o.ignores, "ignores", audit.IgnorePath(userdata.DefaultDirs().Config), "the ignore list (findings set aside with a reason)")
	fl.BoolVar(&o.showIgnored, "show-ignored", false, "also list the ignored findings, with their reasons")
	_ = cmd.RegisterFlagCompletionFunc("min-severity", cobra.FixedCompletions([]string{"low", "medium", "high", "critical"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "sarif"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runAudit(ctx context.Context, f *rootFlags, o auditOpts, stdout io.Writer) error {
	if o.format != "text" && o.format != "json" && o.format != "sarif" {
		return withCode(exitUsage, fmt.Errorf("--format %q: use text, json or sarif", safetext.Line(o.format)))
	}
	min, err := audit.ParseSeverity(o.minSeverity)
	if err != nil {
		return withCode(exitUsage, fmt.Errorf("--min-severity: %s", safetext.Line(err.Error())))
	}
	ignores, err := audit.LoadIgnores(o.ignores)
	if err != nil {
		return withCode(exitUsage, fmt.Errorf("--ignores: %s", safetext.Line(err.Error())))
	}
	return withClient(ctx, f, func(ctx context.Context, c *ramclient.Client) error {
		snap, err := audit.Load(ctx, c)
		if err != nil {
			return apiExit(err)
		}
		r := audit.Check(snap, time.Now())
		r.Apply(ignores)
		all := len(r.Findings)
		r.Findings = audit.AtLeast(r.Findings, min)
		switch o.format {
		case "json":
			if r.Findings == nil {
				r.Findings = []audit.Finding{}
			}
			err = writeJSON(stdout, r)
		case "sarif":
			err = writeJSON(stdout, toSARIF(r))
		default:
			printAudit(stdout, r, all, min, o.showIgnored)
		}
		if err != nil {
			return err
		}
		if len(r.Findings) > 0 {
			return withCode(exitRefused, nil)
		}
		return nil
	})
}

func printAudit(w io.Writer, r audit.Report, all int, min audit.Severity, showIgnored bool) {
	fmt.Fprintf(w, "Account %s, audited as %s: score %d/100\n", safetext.Line(r.AccountID), safetext.Line(r.Caller), r.Score)
	count := map[audit.Severity]int{}
	for _, f := range r.Findings {
		count[f.Severity]++
	}
	var parts []string
	for s := audit.Critical; s >= min; s-- {
		parts = append(parts, fmt.Sprintf("%d %s", count[s], s))
	}
	shown := fmt.Sprintf("%d findings", len(r.Findings))
	if len(r.Findings) == 1 {
		shown = "1 finding"
	}
	if all != len(r.Findings) {
		shown += fmt.Sprintf(" at or above %s (of %d)", min, all)
	}
	fmt.Fprintf(w, "%s: %s\n", shown, strings.Join(parts, ", "))
	if n := len(r.Ignored); n > 0 && !showIgnored {
		fmt.Fprintf(w, "%d ignored with a reason (--show-ignored lists them)\n", n)
	}
	if r.CredentialReport != "" {
		fmt.Fprintf(w, "credential report: %s\n", safetext.Line(r.CredentialReport))
	}
	for _, u := range r.Unchecked {
		fmt.Fprintf(w, "not checked: %s\n", safetext.Line(u))
	}
	last := audit.Severity(-1)
	for _, f := range r.Findings {
		if f.Severity != last {
			fmt.Fprintf(w, "\n%s\n", strings.ToUpper(f.Severity.String()))
			last = f.Severity
		}
		printFinding(w, f)
	}
	if showIgnored && len(r.Ignored) > 0 {
		fmt.Fprintf(w, "\nIGNORED\n")
		for _, f := range r.Ignored {
			fmt.Fprintf(w, "  [%s] ignored %s: %s\n", f.Severity, f.Ignore.At.Format("2006-01-02"), safetext.Line(f.Ignore.Reason))
			printFinding(w, f.Finding)
		}
	}
}

func printFinding(w io.Writer, f audit.Finding) {
	fmt.Fprintf(w, "  %s  %s\n", safetext.Line(f.Entity()), safetext.Line(f.Check))
	fmt.Fprintf(w, "    why: %s\n", safetext.Line(f.Why))
	fmt.Fprintf(w, "    fix: %s\n", safetext.Line(f.Fix.Summary))
	for _, st := range f.Fix.Steps {
		fmt.Fprintf(w, "      %s\n", safetext.Line(st.String()))
	}
	if f.Fix.Screen != "" {
		fmt.Fprintf(w, "      on the %s screen\n", safetext.Line(f.Fix.Screen))
	}
}

// SARIF 2.1.0, the subset code-scanning tools read: one rule per check, one result per
// finding, located logically at the entity (there is no file).
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	} `json:"driver"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	Level      string          `json:"level"`
	Message    sarifMessage    `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Properties map[string]any  `json:"properties"`
}

type sarifLocation struct {
	LogicalLocations []sarifLogical `json:"logicalLocations"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

func toSARIF(r audit.Report) sarifLog {
	run := sarifRun{Results: []sarifResult{}}
	run.Tool.Driver.Name = "ramtui audit"
	run.Tool.Driver.InformationURI = "https://github.com/ramtui/ramtui"
	run.Tool.Driver.Rules = []sarifRule{}
	seen := map[string]bool{}
	levels := map[audit.Severity]string{audit.Critical: "error", audit.High: "error", audit.Medium: "warning", audit.Low: "note"}
	for _, f := range r.Findings {
		if !seen[f.Check] {
			seen[f.Check] = true
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: f.Check, ShortDescription: sarifMessage{f.Check}})
		}
		run.Results = append(run.Results, sarifResult{
			RuleID:  f.Check,
			Level:   levels[f.Severity],
			Message: sarifMessage{f.Entity() + ": " + f.Why + ". Fix: " + f.Fix.Summary},
			Locations: []sarifLocation{{LogicalLocations: []sarifLogical{{Name: f.Name, Kind: f.Kind,
				FullyQualifiedName: f.Entity()}}}},
			Properties: map[string]any{"severity": f.Severity.String(), "fix": f.Fix},
		})
	}
	return sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
}
