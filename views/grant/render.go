package grant

import (
	"fmt"
	"strings"
	"text/tabwriter"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/views/kit"
)

// The screens show plain text in a pager, which makes every line safe to draw (safetext):
// names, errors and documents that came from the API are written here as they are.

func indent(s, prefix string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString(prefix + l)
		}
	}
	if !strings.HasSuffix(s, "\n") && s != "" {
		b.WriteString("\n")
	}
	return b.String()
}

// planText is the whole plan: what will be made, reused, replaced (with the diff) or skipped,
// the blockers, the three documents and the probes evaluated on the planned policy.
func planText(p *engine.Plan) string {
	r := p.Request
	var b strings.Builder
	fmt.Fprintf(&b, "Role        %s\n", p.RoleARN)
	fmt.Fprintf(&b, "Max session %s", kit.Duration(r.MaxSession))
	if r.Region != "" {
		fmt.Fprintf(&b, "    Region %s (OSS endpoint %s)", r.Region, engine.Endpoint(r.Region))
	}
	b.WriteString("\n\nSteps\n")
	for i, s := range p.Steps {
		switch s.Action {
		case engine.Skip:
			fmt.Fprintf(&b, "  %d. skip     %s -- %s\n", i+1, s.Title, s.Why)
		case engine.Reuse:
			fmt.Fprintf(&b, "  %d. reuse    %s -- %s\n", i+1, strings.TrimPrefix(s.Title, "reuse "), s.Why)
		case engine.Replace:
			fmt.Fprintf(&b, "  %d. REPLACE  %s (- what exists, + what the grant wants):\n", i+1, s.Title)
			b.WriteString(indent(s.Diff, "       "))
		default:
			fmt.Fprintf(&b, "  %d. %-8s %s\n", i+1, s.Action, strings.TrimPrefix(strings.TrimPrefix(s.Title, "create "), "attach "))
		}
	}
	for _, bl := range p.Blockers {
		b.WriteString("\nBLOCKED: " + bl + "\n")
	}
	if p.CallerAlready != "" {
		b.WriteString("\nCaller side: nothing needed, user " + r.User + " may already call sts:AssumeRole on the role: " + p.CallerAlready + "\n")
	}
	fmt.Fprintf(&b, "\nPermission policy %s\n%s", p.PolicyName, indent(p.Permission.Pretty(), "  "))
	fmt.Fprintf(&b, "\nTrust policy of role %s (trusts RAM user %s only)\n%s", r.RoleName, r.User, indent(p.Trust.Pretty(), "  "))
	if p.CallerPolicy != nil {
		fmt.Fprintf(&b, "\nCaller-side policy %s, for user %s (sts:AssumeRole on this role only)\n%s",
			p.CallerPolicyName, r.User, indent(p.CallerPolicy.Pretty(), "  "))
	}
	b.WriteString("\nProbes, evaluated on the planned policy\n")
	b.WriteString(probesText(p.PlannedProbes()))
	return b.String()
}

// eventsText is the progress of a run: one row per step.
func eventsText(rows []engine.Event) string {
	var b strings.Builder
	for _, e := range rows {
		mark := map[engine.State]string{engine.Running: "…", engine.Done: "✓", engine.Skipped: "-", engine.Failed: "✗",
			engine.Undone: "↶", engine.UndoFailed: "✗"}[e.State]
		line := fmt.Sprintf("  %s [%d/%d] %-11s %s", mark, e.Index, e.Total, e.State, e.Title)
		if e.Why != "" {
			line += " -- " + e.Why
		}
		if e.Err != nil {
			line += ": " + kit.ErrLine(e.Err)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// probesText is the verification table: each probe with the expected and the evaluated
// decision and the deciding statement; after a live verification also what the real OSS
// request answered and its RequestId, and under the table what a request that did not go as
// expected did (too long for a column).
func probesText(probes []engine.ProbeResult) string {
	live := false
	for _, p := range probes {
		live = live || p.Live()
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	head := "  \tPROBE\tEXPECTED\tEVALUATED\t"
	if live {
		head += "OBSERVED\tOSS REQUEST ID\t"
	}
	fmt.Fprintln(tw, head+"DECIDING STATEMENT")
	for _, p := range probes {
		mark := "✓"
		if !p.OK {
			mark = "✗"
		}
		row := fmt.Sprintf("  %s\t%s\t%s\t%s\t", mark, p.Name, decisionWord(p.Expect), p.Answer.Decision)
		if live {
			row += orDash(p.Observed) + "\t" + orDash(p.RequestID) + "\t"
		}
		fmt.Fprintln(tw, row+deciding(p))
	}
	tw.Flush()
	for _, p := range probes {
		if live && p.ObservedDetail != "" && !(p.OK && p.Live()) {
			fmt.Fprintf(&b, "  %s: %s\n", p.Name, p.ObservedDetail)
		}
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func deciding(p engine.ProbeResult) string {
	if len(p.Answer.Deciding) > 0 {
		st := p.Answer.Deciding[0]
		return fmt.Sprintf("%s %s Statement[%d]", st.Policy, st.Version, st.Index)
	}
	if p.Answer.DeniedBy == policy.DeniedBySession {
		return "(the session policy does not allow it)"
	}
	return "-"
}

func decisionWord(d policy.Decision) string {
	if d == policy.Allowed {
		return "Allow"
	}
	return "Deny"
}

// chainText is the chain from the user to the permission, one check a line.
func chainText(v *engine.Verification) string {
	var b strings.Builder
	for _, ch := range v.Chain {
		mark := "✓"
		switch {
		case ch.Skipped:
			mark = "-"
		case !ch.OK:
			mark = "✗"
		}
		fmt.Fprintf(&b, "  %s %s: %s\n", mark, ch.Name, ch.Detail)
	}
	return b.String()
}
