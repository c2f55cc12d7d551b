package grant

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/ramtui/ramtui/access"
	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/lazyre"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/views/kit"
)

// The screens show plain text in a pager, which makes every line safe to draw (safetext):
// names, errors and documents that came from the API are written here as they are.

// wrap writes text as lines of at most w cells: the first led by first, the rest by as many
// spaces (a hanging indent), so long reasons stay readable in the pager, which cannot scroll
// sideways.
// A word (a name, an ARN) wider than the room beside first but not than the line goes under
// first instead, so that it stays whole: first alone, then the text indented by two.
func wrap(b *strings.Builder, first, text string, w int) {
	pad := strings.Repeat(" ", components.Width(first))
	if widest := widestWord(text); strings.TrimSpace(first) != "" && widest > max(20, w-len(pad)) && widest <= w-2 {
		b.WriteString(strings.TrimRight(first, " ") + "\n")
		first, pad = "  ", "  "
	}
	for i, l := range components.Wrap(text, max(20, w-len(pad))) {
		if i == 0 {
			b.WriteString(first + l + "\n")
		} else {
			b.WriteString(pad + l + "\n")
		}
	}
}

func widestWord(s string) int {
	n := 0
	for _, word := range strings.Fields(s) {
		n = max(n, components.Width(word))
	}
	return n
}

// planText is the whole plan: whether the account has the bucket, what will be made, reused,
// replaced (with the diff) or skipped, the blockers, the three documents and the probes evaluated on the planned policy.
func planText(p *engine.Plan, w int) string {
	r := p.Request
	var b strings.Builder
	wrap(&b, "Role        ", p.RoleARN, w)
	session := "Max session " + kit.Duration(r.MaxSession)
	if r.Region != "" {
		region := "Region " + r.Region + " (OSS endpoint " + engine.Endpoint(r.Region) + ")"
		if components.Width(session+"    "+region) <= w {
			session += "    " + region
		} else { // a line of its own
			session += "\n" + strings.Replace(region, "Region ", "Region      ", 1)
		}
	}
	b.WriteString(session + "\n")
	wrap(&b, "Bucket      ", p.BucketLine(), w)
	b.WriteString("\nSteps\n")
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
			wrap(&b, fmt.Sprintf("  %d. REPLACE  ", i+1), s.Title+" (- what exists, + what the grant wants):", w)
			b.WriteString(engine.Indent(s.Diff, "       "))
		default:
			wrap(&b, fmt.Sprintf("  %d. %-8s ", i+1, s.Action), strings.TrimPrefix(strings.TrimPrefix(s.Title, "create "), "attach "), w)
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
	b.WriteString("\n")
	wrap(&b, "", "Permission policy "+p.PolicyName, w)
	b.WriteString(engine.Indent(p.Permission.Pretty(), "  "))
	b.WriteString("\n")
	wrap(&b, "", "Trust policy of role "+r.RoleName+" (trusts RAM user "+r.User+" only)", w)
	b.WriteString(engine.Indent(p.Trust.Pretty(), "  "))
	if p.CallerPolicy != nil {
		b.WriteString("\n")
		wrap(&b, "", "Caller-side policy "+p.CallerPolicyName+", for user "+r.User+" (sts:AssumeRole on this role only)", w)
		b.WriteString(engine.Indent(p.CallerPolicy.Pretty(), "  "))
	}
	b.WriteString("\nProbes, evaluated on the planned policy\n")
	b.WriteString(probesText(p.PlannedProbes(), p.PolicyName, w))
	return b.String()
}

// handoverText is the hand-over note as the screen shows it, indented by two: a line wider
// than w is wrapped under its value ("Role ARN:" alone, the ARN under it, when that keeps it
// whole), and a command is broken at its arguments with "\" continuations, so what a person
// reads and selects at 80 columns is still the command. c copies the note itself.
func handoverText(p *engine.Plan, w int) string {
	cmds := engine.HandoverCommands(p)
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(engine.Indent(engine.Handover(p), "  "), "\n"), "\n") {
		body := strings.TrimLeft(line, " ")
		indent := line[:len(line)-len(body)]
		switch m := noteField.Compiled().FindStringSubmatch(line); {
		case components.Width(line) <= w:
			b.WriteString(line + "\n")
		case slices.Contains(cmds, body):
			for _, l := range shellLines(indent, body, w) {
				b.WriteString(l + "\n")
			}
		case m != nil && !strings.Contains(m[2], " ") && components.Width(indent+"  "+m[2]) <= w:
			b.WriteString(strings.TrimRight(m[1], " ") + "\n" + indent + "  " + m[2] + "\n")
		case m != nil:
			wrap(&b, m[1], m[2], w)
		default:
			wrap(&b, indent, body, w)
		}
	}
	return b.String()
}

// noteField is a "Key:   value" line of the note: the key with its padding, and the value.
var noteField = lazyre.New(`^( *[A-Z][a-z]+(?: [A-Za-z]+)?: +)(\S.*)$`)

// shellLines breaks the command cmd into lines of at most w cells where it can, each but the
// last ending in " \" (the shell's continuation), the rest indented two more than the first.
// A flag stays with its value when the two fit a line; a word wider than a line is wrapped
// (it cannot be whole at this width; c copies it whole).
func shellLines(indent, cmd string, w int) []string {
	var groups []string
	words := strings.Fields(cmd)
	for i := 0; i < len(words); i++ {
		if strings.HasPrefix(words[i], "-") && i+1 < len(words) && !strings.HasPrefix(words[i+1], "-") {
			groups = append(groups, words[i]+" "+words[i+1])
			i++
			continue
		}
		groups = append(groups, words[i])
	}
	const cont = " \\"
	var lines []string
	line, next := indent, indent+"  "
	flush := func() {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
			line = next
		}
	}
	add := func(g string) {
		sep := " "
		if strings.TrimSpace(line) == "" {
			sep = ""
		}
		if strings.TrimSpace(line) != "" && components.Width(line+sep+g+cont) > w {
			flush()
			sep = ""
		}
		line += sep + g
	}
	for _, g := range groups {
		if components.Width(next+g+cont) > w && strings.Contains(g, " ") {
			for _, word := range strings.Fields(g) { // the flag and its value do not fit one line
				add(word)
			}
			continue
		}
		add(g)
	}
	lines = append(lines, line)
	var out []string
	for i, l := range lines {
		if i < len(lines)-1 {
			l += cont
		}
		if components.Width(l) > w {
			out = append(out, components.Wrap(l, w)...)
			continue
		}
		out = append(out, l)
	}
	return out
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
	live := engine.AnyLive(probes)
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
	for _, n := range engine.ProbeNotes(probes) {
		wrap(&b, "  ", n, w)
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

// probesTable is the table with the screen's columns: the deciding statement before the
// request id (it matters more on a narrow terminal), statement first ("Statement[1] of …": a
// cut takes the long, known policy name), and when narrow, "#N" for the grant's own policy.
func probesTable(probes []engine.ProbeResult, live bool, own string, narrow, ids bool) string {
	t := engine.ProbeTable{Columns: []engine.Column{engine.ColProbe, engine.ColExpected, engine.ColEvaluated}}
	if live {
		t.Columns = append(t.Columns, engine.ColObserved)
	}
	t.Columns = append(t.Columns, engine.ColDeciding)
	if live && ids {
		t.Columns = append(t.Columns, engine.ColRequestID)
	}
	t.Statement = func(st access.Statement) string {
		if narrow && st.Policy == own {
			return fmt.Sprintf("#%d", st.Index)
		}
		return fmt.Sprintf("Statement[%d] of %s %s", st.Index, st.Policy, st.Version)
	}
	if narrow {
		t.DecidingHead = "STMT" // #N: statement N of the grant's policy
	}
	return t.String(probes)
}

// chainText is the chain from the user to the permission, one check a line.
func chainText(v *engine.Verification, w int) string {
	var b strings.Builder
	for _, ch := range v.Chain {
		wrap(&b, "  "+ch.Mark()+" ", ch.Name+": "+ch.Detail, w)
	}
	return b.String()
}
