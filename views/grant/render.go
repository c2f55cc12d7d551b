package grant

import (
	"fmt"
	"strings"
	"text/tabwriter"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ui/components"
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

// wrap writes text as lines of at most w cells: the first led by first, the rest by as many
// spaces (a hanging indent), so long reasons stay readable in the pager, which cannot scroll
// sideways.
func wrap(b *strings.Builder, first, text string, w int) {
	pad := strings.Repeat(" ", components.Width(first))
	for i, l := range components.Wrap(text, max(20, w-len(pad))) {
		if i == 0 {
			b.WriteString(first + l + "\n")
		} else {
			b.WriteString(pad + l + "\n")
		}
	}
}

// planText is the whole plan: what will be made, reused, replaced (with the diff) or skipped,
// the blockers, the three documents and the probes evaluated on the planned policy.
func planText(p *engine.Plan, w int) string {
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
			why := s.Why
			if s.Kind == engine.StepCallerPolicy {
				why = "not needed (see Caller side)"
			}
			title, _, _ := strings.Cut(s.Title, " (")
			wrap(&b, fmt.Sprintf("  %d. skip     ", i+1), title+" -- "+why, w)
		case engine.Reuse:
			wrap(&b, fmt.Sprintf("  %d. reuse    ", i+1), strings.TrimPrefix(s.Title, "reuse ")+" -- "+s.Why, w)
		case engine.Replace:
			fmt.Fprintf(&b, "  %d. REPLACE  %s (- what exists, + what the grant wants):\n", i+1, s.Title)
			b.WriteString(indent(s.Diff, "       "))
		default:
			fmt.Fprintf(&b, "  %d. %-8s %s\n", i+1, s.Action, strings.TrimPrefix(strings.TrimPrefix(s.Title, "create "), "attach "))
		}
	}
	for _, bl := range p.Blockers {
		b.WriteString("\n")
		wrap(&b, "BLOCKED: ", bl, w)
	}
	if p.CallerAlready != "" {
		b.WriteString("\n")
		wrap(&b, "Caller side: ", "nothing needed, user "+r.User+" may already call sts:AssumeRole on the role: "+p.CallerAlready, w)
	}
	fmt.Fprintf(&b, "\nPermission policy %s\n%s", p.PolicyName, indent(p.Permission.Pretty(), "  "))
	fmt.Fprintf(&b, "\nTrust policy of role %s (trusts RAM user %s only)\n%s", r.RoleName, r.User, indent(p.Trust.Pretty(), "  "))
	if p.CallerPolicy != nil {
		fmt.Fprintf(&b, "\nCaller-side policy %s, for user %s (sts:AssumeRole on this role only)\n%s",
			p.CallerPolicyName, r.User, indent(p.CallerPolicy.Pretty(), "  "))
	}
	b.WriteString("\nProbes, evaluated on the planned policy\n")
	b.WriteString(probesText(p.PlannedProbes(), p.PolicyName, w))
	return b.String()
}

// eventsText is the progress of a run: one row per step.
func eventsText(rows []engine.Event, w int) string {
	var b strings.Builder
	for _, e := range rows {
		mark := map[engine.State]string{engine.Running: "…", engine.Done: "✓", engine.Skipped: "-", engine.Failed: "✗",
			engine.Undone: "↶", engine.UndoFailed: "✗"}[e.State]
		line := e.Title
		if e.Why != "" {
			line += " -- " + e.Why
		}
		if e.Err != nil {
			line += ": " + kit.ErrLine(e.Err)
		}
		if e.State == engine.Skipped {
			line, _, _ = strings.Cut(e.Title, " (") // the plan said the rest
			line += " -- " + e.Why
		}
		wrap(&b, fmt.Sprintf("  %s [%d/%d] %-11s ", mark, e.Index, e.Total, e.State), line, w)
	}
	return b.String()
}

// probesText is the verification table: each probe with the expected and the evaluated
// decision and the deciding statement; after a live verification also what the real OSS
// request answered and its RequestId, and under the table what a request that did not go as
// expected did (too long for a column). When the table is wider than w, a statement of the
// grant's own policy (own) is named "#N" alone: the cut would take the index with the name.
func probesText(probes []engine.ProbeResult, own string, w int) string {
	live := false
	for _, p := range probes {
		live = live || p.Live()
	}
	t := probesTable(probes, live, own, false, true)
	if maxWidth(t) > w {
		t = probesTable(probes, live, own, true, true)
	}
	ids := ""
	if live && maxWidth(t) > w {
		// Still too wide (80 columns): the request ids go under the table, one a line, so
		// none is cut off at the edge.
		t, ids = probesTable(probes, live, own, true, false), requestIDLines(probes)
	}
	var b strings.Builder
	b.WriteString(t)
	b.WriteString(ids)
	// As the CLI: a missing bucket once, not once per probe.
	noBucket := false
	for _, p := range probes {
		switch {
		case !live || p.ObservedDetail == "" || (p.OK && p.Live()):
		case p.Observed == "NoSuchBucket":
			if !noBucket {
				wrap(&b, "  ", "bucket "+p.Bucket+" does not exist (OSS answered NoSuchBucket): the grant cannot work until it does; check the name and the region", w)
			}
			noBucket = true
		default:
			wrap(&b, "  ", p.Name+": "+p.ObservedDetail, w)
		}
	}
	return b.String()
}

func maxWidth(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, components.Width(l))
	}
	return n
}

// requestIDLines lists the OSS request id of each live probe, for a table without them.
func requestIDLines(probes []engine.ProbeResult) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  OSS request ids")
	for _, p := range probes {
		if p.RequestID != "" {
			fmt.Fprintln(tw, "    "+p.Name+"\t"+p.RequestID)
		}
	}
	tw.Flush()
	return b.String()
}

func probesTable(probes []engine.ProbeResult, live bool, own string, narrow, ids bool) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	// The request id last: the deciding statement matters more on a narrow terminal.
	head, by := "  \tPROBE\tEXPECTED\tEVALUATED\t", "DECIDING STATEMENT"
	if narrow {
		by = "STMT" // #N: statement N of the grant's policy
	}
	switch {
	case live && ids:
		head += "OBSERVED\t" + by + "\tOSS REQUEST ID"
	case live:
		head += "OBSERVED\t" + by
	default:
		head += by
	}
	fmt.Fprintln(tw, head)
	for _, p := range probes {
		mark := "✓"
		if !p.OK {
			mark = "✗"
		}
		row := fmt.Sprintf("  %s\t%s\t%s\t%s\t", mark, p.Name, decisionWord(p.Expect), p.Answer.Decision)
		switch {
		case live && ids:
			row += orDash(p.Observed) + "\t" + deciding(p, own, narrow) + "\t" + orDash(p.RequestID)
		case live:
			row += orDash(p.Observed) + "\t" + deciding(p, own, narrow)
		default:
			row += deciding(p, own, narrow)
		}
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func deciding(p engine.ProbeResult, own string, narrow bool) string {
	if len(p.Answer.Deciding) > 0 {
		st := p.Answer.Deciding[0]
		if narrow && st.Policy == own {
			return fmt.Sprintf("#%d", st.Index)
		}
		// The statement first: a narrow terminal cuts the (long, known) policy name instead.
		return fmt.Sprintf("Statement[%d] of %s %s", st.Index, st.Policy, st.Version)
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
func chainText(v *engine.Verification, w int) string {
	var b strings.Builder
	for _, ch := range v.Chain {
		mark := "✓"
		switch {
		case ch.Skipped:
			mark = "-"
		case !ch.OK:
			mark = "✗"
		}
		wrap(&b, "  "+mark+" ", ch.Name+": "+ch.Detail, w)
	}
	return b.String()
}
