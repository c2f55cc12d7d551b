package grant

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/safetext"
)

// The grant's text, for the command line (commands/grant.go, whose output is a contract) and
// the screens (views/grant, which fit it to a width): what a probe, a check or an event says,
// and the probe table itself, are decided here once; each front end only picks the columns and
// the headings and lays the parts out.

// Column is a column of the probe table.
type Column int

const (
	ColProbe     Column = iota // the probe's name
	ColExpected                // Allow or Deny
	ColEvaluated               // the decision evaluated on the policies
	ColObserved                // what the live OSS request answered ("-": not made)
	ColRequestID               // the live request's OSS RequestId
	ColDeciding                // the deciding statement
)

// ProbeTable lays out probes as a table: a mark (✓ as expected, ✗ not) then Columns, under a
// heading line, aligned with two spaces between columns. Every cell is made safe (safetext).
type ProbeTable struct {
	Columns []Column
	// Statement names a deciding statement; nil: "policy version Statement[N]".
	Statement func(access.Statement) string
	// DecidingHead heads ColDeciding; "": "DECIDING STATEMENT".
	DecidingHead string
}

// Write writes the table to w.
func (t ProbeTable) Write(w io.Writer, probes []ProbeResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{"  "}
	for _, c := range t.Columns {
		head = append(head, t.head(c))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, p := range probes {
		row := []string{"  " + Mark(p.OK)}
		for _, c := range t.Columns {
			row = append(row, safetext.Line(t.cell(c, p)))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

// String is the table as text.
func (t ProbeTable) String(probes []ProbeResult) string {
	var b strings.Builder
	_ = t.Write(&b, probes)
	return b.String()
}

func (t ProbeTable) head(c Column) string {
	switch c {
	case ColProbe:
		return "PROBE"
	case ColExpected:
		return "EXPECTED"
	case ColEvaluated:
		return "EVALUATED"
	case ColObserved:
		return "OBSERVED"
	case ColRequestID:
		return "OSS REQUEST ID"
	}
	if t.DecidingHead != "" {
		return t.DecidingHead
	}
	return "DECIDING STATEMENT"
}

func (t ProbeTable) cell(c Column, p ProbeResult) string {
	switch c {
	case ColProbe:
		return p.Name
	case ColExpected:
		return DecisionWord(p.Expect)
	case ColEvaluated:
		return p.Answer.Decision.String()
	case ColObserved:
		return orDash(p.Observed)
	case ColRequestID:
		return orDash(p.RequestID)
	}
	switch {
	case len(p.Answer.Deciding) > 0:
		st := p.Answer.Deciding[0]
		if t.Statement != nil {
			return t.Statement(st)
		}
		return fmt.Sprintf("%s %s Statement[%d]", st.Policy, st.Version, st.Index)
	case p.Answer.DeniedBy == policy.DeniedBySession:
		return "(the session policy does not allow it)"
	}
	return "-"
}

// AnyLive reports whether any of the probes was made as a real OSS request: the table then
// has the observed answers.
func AnyLive(probes []ProbeResult) bool {
	for _, p := range probes {
		if p.Live() {
			return true
		}
	}
	return false
}

// ProbeNotes say, under the table, what a live request that did not go as expected did or why
// a probe was not made live (too long for a column); a missing bucket once, not once per probe.
// The notes hold outside text: make them safe to show.
func ProbeNotes(probes []ProbeResult) []string {
	if !AnyLive(probes) {
		return nil
	}
	var notes []string
	noBucket := false
	for _, p := range probes {
		switch {
		case p.ObservedDetail == "" || (p.OK && p.Live()):
		case p.Observed == "NoSuchBucket":
			if !noBucket {
				notes = append(notes, "bucket "+p.Bucket+" does not exist (OSS answered NoSuchBucket): the grant cannot work until it does; check the name and the region")
			}
			noBucket = true
		default:
			notes = append(notes, p.Name+": "+p.ObservedDetail)
		}
	}
	return notes
}

// Mark is an outcome's sign: ✓ as expected, ✗ not.
func Mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// Mark is the check's sign: ✓ passed, ✗ failed, - not made.
func (c Check) Mark() string {
	if c.Skipped {
		return "-"
	}
	return Mark(c.OK)
}

// DecisionWord is a probe's expectation: Allow or Deny (any deny is a deny).
func DecisionWord(d policy.Decision) string {
	if d == policy.Allowed {
		return "Allow"
	}
	return "Deny"
}

// Indent puts prefix before each line of s and ends it with a newline.
func Indent(s, prefix string) string {
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

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
