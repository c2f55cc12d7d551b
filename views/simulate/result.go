// Package simulate is the permission simulator screen (`:simulate`, and p on a user, group or
// role): a form for whom (a user with its groups, a group, a role, a role session with a
// session policy), the action, the resource and the context keys; then the decision -- allow,
// explicit deny, implicit deny -- with the deciding statements marked in their policy
// documents and the other statements that matched listed. It evaluates with package access,
// the engine of `ramtui simulate` and of the grant's probes.
package simulate

import (
	"context"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/whocan"
)

// Query is what to simulate: a principal (with its session policy, for a role session) and a
// request.
type Query struct {
	Principal access.Principal
	Request   policy.Request
}

// Outcome is a query evaluated with the policies in force now.
type Outcome struct {
	Subject *access.Subject
	Answer  access.Answer
}

// Evaluate loads the principal's policies and decides the request.
func Evaluate(ctx context.Context, d *kit.Deps, q Query) (Outcome, error) {
	s, err := access.Load(ctx, d.Client(), q.Principal, "")
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Subject: s, Answer: s.Evaluate(q.Request)}, nil
}

// Verdict is the decision in words.
func Verdict(d policy.Decision) string {
	switch d {
	case policy.Allowed:
		return "ALLOW"
	case policy.ExplicitDeny:
		return "EXPLICIT DENY"
	}
	return "IMPLICIT DENY"
}

// NewResult is the decision of q: fields for the request and the verdict, then the deciding
// statements, the statements that also matched, and the deciding policies' documents with the
// deciding statements marked. enter on a statement opens its whole policy, the statement
// marked; r evaluates again (after a policy changed); w asks who else may make the request
// (:whocan's answer for the same action, resource and context; open opens who it lists);
// esc goes back to the form.
func NewResult(d *kit.Deps, q Query, open whocan.Opener) screen.Screen {
	s := kit.NewDetail(d, "simulate", q.Principal.String(), func(ctx context.Context) (Outcome, error) {
		return Evaluate(ctx, d, q)
	})
	var out Outcome
	stmtCols := func() []components.Column[access.Statement] {
		return []components.Column[access.Statement]{
			kit.Col("EFFECT", 6, 6, func(st access.Statement) string { return string(st.Effect) }),
			kit.Col("POLICY", 12, 40, func(st access.Statement) string { return st.Policy }),
			kit.Col("TYPE", 6, 7, func(st access.Statement) string { return st.Type }),
			kit.Col("VER", 3, 4, func(st access.Statement) string { return st.Version }),
			kit.Col("STATEMENT", 9, 9, func(st access.Statement) string { return strconv.Itoa(st.Index) }),
			kit.Col("VIA", 8, 0, func(st access.Statement) string { return strings.Join(st.Via, ", ") }),
		}
	}
	deciding := kit.AddTable(s, "Deciding", "No statement decided: nothing allows this request, so it is implicitly denied.", statementID, stmtCols()...)
	also := kit.AddTable(s, "Also matched", "No other statement matched.", statementID, stmtCols()...)
	docs := kit.AddText(s, "Documents")
	openStatement := func(st access.Statement) tea.Cmd {
		if p := out.Subject.PolicyOf(st); p != nil {
			return screen.Push(NewStatement(d, p, st))
		}
		return nil
	}
	deciding.Open, also.Open = openStatement, openStatement
	s.Actions = append(s.Actions, kit.Action{Key: d.Keys.Detail.WhoCan, Help: "who else can", Do: func() tea.Cmd {
		return screen.Push(whocan.NewResult(d, q.Request, open))
	}})
	deciding.CopyRow = func(st access.Statement) (string, string) {
		return out.Subject.StatementText(st), "statement " + st.String()
	}
	also.CopyRow = deciding.CopyRow

	s.Show = func(o Outcome) []kit.Field {
		out = o
		a := o.Answer
		deciding.Fill(a.Deciding)
		also.Fill(a.AlsoMatched)
		docs.SetText(Documents(o))
		who := o.Subject.Principal.Kind.String() + " " + o.Subject.Principal.Name
		if len(o.Subject.Groups) > 0 {
			who += " (groups: " + strings.Join(o.Subject.Groups, ", ") + ")"
		}
		session := "none"
		if o.Subject.Session != nil {
			session = kit.Plural(len(o.Subject.Session.Doc.Statement), "statement", "statements")
		}
		decision := Verdict(a.Decision)
		if a.DeniedBy == policy.DeniedBySession {
			decision += " (the role allows it, the session policy does not)"
		}
		// Four on the left, which is as wide as its values need (ARNs); the explanation
		// heads the Documents section, where it is not cut.
		return []kit.Field{
			kit.F("Decision", decision),
			kit.F("Principal", who),
			kit.F("Action", a.Request.Action),
			kit.F("Resource", a.Request.Resource),
			kit.F("Context", contextLine(a.Request.Context)),
			kit.F("Session policy", session),
			kit.F("Policies", strconv.Itoa(len(o.Subject.Policies))+" in force"),
		}
	}
	s.Copy = func() (string, string) {
		return Verdict(out.Answer.Decision) + ": " + out.Answer.Explanation, "decision"
	}
	return s
}

// contextLine is the context as key=value pairs, acs:CurrentTime (present in every request,
// usually the default) last.
func contextLine(ctx policy.Context) string {
	var first, last []string
	for _, kv := range access.FormatContext(ctx) {
		if strings.HasPrefix(strings.ToLower(kv), "acs:currenttime=") {
			last = append(last, kv)
		} else {
			first = append(first, kv)
		}
	}
	return strings.Join(append(first, last...), " ")
}

func statementID(st access.Statement) string {
	return st.Type + ":" + st.Policy + ":" + strconv.Itoa(st.Index)
}

// Documents is the Documents section: each policy with a deciding statement, the deciding
// statements marked "▶" in the gutter; for an implicit deny, what matched without deciding.
func Documents(o Outcome) string {
	a := o.Answer
	var b strings.Builder
	b.WriteString(a.Explanation + "\n")
	shown := map[*access.Policy]bool{}
	for _, st := range a.Deciding {
		p := o.Subject.PolicyOf(st)
		if p == nil || shown[p] {
			continue
		}
		shown[p] = true
		var marked []int
		for _, other := range a.Deciding {
			if o.Subject.PolicyOf(other) == p {
				marked = append(marked, other.Index)
			}
		}
		b.WriteString("\n" + policyTitle(p) + ", deciding " + statementList(marked) + " marked ▶\n")
		b.WriteString(Marked(p.Doc, marked...))
	}
	if len(a.Deciding) == 0 {
		b.WriteString("\nNo statement decided.\n")
	}
	return b.String()
}

func policyTitle(p *access.Policy) string {
	t := p.Name + " (" + p.Type
	if p.Version != "" {
		t += " " + p.Version
	}
	t += ")"
	if len(p.Via) > 0 {
		t += " via " + strings.Join(p.Via, ", ")
	}
	return t
}

func statementList(idx []int) string {
	parts := make([]string, len(idx))
	for i, n := range idx {
		parts[i] = "Statement[" + strconv.Itoa(n) + "]"
	}
	return strings.Join(parts, ", ")
}

// Marked is the document pretty-printed (policy.PrettyLines) with the lines of the given
// statements marked "▶" in a gutter; the other lines are indented the same, so the JSON stays
// aligned. The marks are characters, not colour: they show under NO_COLOR and in a copy.
func Marked(doc *policy.Document, statements ...int) string {
	if doc == nil {
		return ""
	}
	text, spans := doc.PrettyLines()
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	mark := make([]bool, len(lines))
	for _, i := range statements {
		if i < 0 || i >= len(spans) {
			continue
		}
		for l := spans[i][0]; l <= spans[i][1] && l < len(lines); l++ {
			mark[l] = true
		}
	}
	var b strings.Builder
	for i, l := range lines {
		if mark[i] {
			b.WriteString("▶ ")
		} else {
			b.WriteString("  ")
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

// NewStatement is one policy in force with one statement marked: what enter on a statement
// opens.
func NewStatement(d *kit.Deps, p *access.Policy, st access.Statement) screen.Screen {
	s := kit.NewDetail(d, "statement", st.String(), func(context.Context) (*access.Policy, error) { return p, nil })
	doc := kit.AddText(s, "Document")
	s.Show = func(p *access.Policy) []kit.Field {
		doc.SetText(Marked(p.Doc, st.Index))
		return []kit.Field{kit.F("Policy", policyTitle(p)), kit.F("Statement", "["+strconv.Itoa(st.Index)+"] "+string(st.Effect)+", marked ▶")}
	}
	s.Copy = func() (string, string) { return p.Document, "document of " + p.Name }
	return s
}
