package policy

import (
	"strconv"
	"strings"
)

// Explain says in one sentence why the decision was made, naming the deciding statements,
// e.g. `Allowed by oss-dir (Custom) Statement[1]`.
func (r Result) Explain() string {
	var b strings.Builder
	switch r.Decision {
	case Allowed:
		b.WriteString("Allowed by ")
	case ExplicitDeny:
		b.WriteString("Explicitly denied by ")
	default:
		b.WriteString("Implicitly denied: ")
		switch r.DeniedBy {
		case DeniedBySession:
			b.WriteString("the role's policies allow it but the session policy does not")
		case DeniedByBoth:
			b.WriteString("neither the role's policies nor the session policy allow it")
		case DeniedByTrust:
			b.WriteString("the trust policy does not trust this caller for sts:AssumeRole")
		default:
			b.WriteString("no policy allows this action on this resource")
		}
		return b.String()
	}
	for i, m := range r.Matches {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(m.String())
	}
	if r.Decision == ExplicitDeny && r.DeniedBy == DeniedBySession {
		b.WriteString(" (session policy)")
	}
	return b.String()
}

// String is e.g. `oss-dir (Custom) Statement[1]`; a trust match is `trust policy Statement[0]`.
func (m Match) String() string {
	var b strings.Builder
	switch {
	case m.Policy != "":
		b.WriteString(m.Policy)
		if m.Type != "" {
			b.WriteString(" (" + m.Type + ")")
		}
	case m.Type == "Trust":
		b.WriteString("trust policy")
	default:
		b.WriteString("policy")
	}
	b.WriteString(" Statement[" + strconv.Itoa(m.Statement) + "]")
	return b.String()
}

// StatementTrace tells, for one statement, which parts matched a request: the detail behind
// a decision, for the TUI's policy simulator ("why is this denied?").
type StatementTrace struct {
	Policy, Type string
	Statement    int
	Effect       Effect
	Action       bool   // the action matched (for NotAction: was not excluded)
	Resource     bool   // a resource matched (always true in trust policies)
	Principal    bool   // trust policies: the principal names the caller (true otherwise)
	Conditions   bool   // every condition held
	Failed       string // first condition that did not hold, e.g. `StringLike "oss:Prefix"`
	Applies      bool   // all of the above: the statement takes part in the decision
}

// Trace evaluates every statement of every policy against req and reports each one's
// parts. It allocates freely; use Evaluate for decisions.
func Trace(req Request, policies []Named) []StatementTrace {
	var out []StatementTrace
	for _, p := range policies {
		if p.Doc == nil {
			continue
		}
		prog := p.Doc.program()
		for i := range prog.stmts {
			s := &prog.stmts[i]
			t := StatementTrace{Policy: p.Name, Type: p.Type, Statement: i, Effect: s.effect, Principal: true,
				Action: s.actionMatches(req.Action), Resource: matchAny(s.resources, req.Resource)}
			t.Conditions, t.Failed = s.traceConditions(req.Context)
			t.Applies = t.Action && t.Resource && t.Conditions
			out = append(out, t)
		}
	}
	return out
}

// TraceTrust is Trace for a trust policy and an sts:AssumeRole caller.
func TraceTrust(trust *Document, caller Caller, ctx Context) []StatementTrace {
	if trust == nil {
		return nil
	}
	var out []StatementTrace
	prog := trust.program()
	arn := caller.ARN()
	for i := range prog.stmts {
		s := &prog.stmts[i]
		t := StatementTrace{Type: "Trust", Statement: i, Effect: s.effect, Resource: true,
			Action: s.actionMatches("sts:AssumeRole"), Principal: s.principal.matches(caller, arn)}
		t.Conditions, t.Failed = s.traceConditions(ctx)
		t.Applies = t.Action && t.Principal && t.Conditions
		out = append(out, t)
	}
	return out
}

func (s *cstmt) traceConditions(ctx Context) (bool, string) {
	for i := range s.conds {
		if c := &s.conds[i]; !c.holds(ctx) {
			return false, c.opName + " " + strconv.Quote(c.key)
		}
	}
	return true, ""
}
