// Package access answers "may this principal do this?" the way RAM decides it: it gathers the
// policies in force for a user (its own and its groups'), a group, a role, or a role session
// with a session policy, and evaluates a request with the policy package, naming the deciding
// statements (policy, version, statement index) so a screen can highlight them in the document,
// and the other statements that matched without deciding.
//
// load.go is the only part that talks to the network (through ramclient); everything else is
// pure, so the simulator screen, `ramtui simulate` and the grant's probes share one engine.
package access

import (
	"fmt"
	"strings"

	"github.com/ramtui/ramtui/policy"
)

// Kind of principal.
type Kind int

const (
	User  Kind = iota // a RAM user: its own policies and its groups'
	Group             // a group's policies
	Role              // a role's policies (a session of it, with an optional session policy)
)

func (k Kind) String() string {
	switch k {
	case User:
		return "user"
	case Group:
		return "group"
	case Role:
		return "role"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Principal names whom to evaluate.
type Principal struct {
	Kind Kind
	Name string
	// SessionPolicy is the JSON of an STS session policy (roles only): the session may do only
	// what both the role's policies and this allow.
	SessionPolicy string
}

func (p Principal) String() string { return p.Kind.String() + " " + p.Name }

// Policy is one policy in force for a subject.
type Policy struct {
	Name    string
	Type    string   // "System", "Custom" or "Session"
	Version string   // the default version the document is ("v3"); "" for a session policy
	Via     []string // how it applies: "user alice", "group ops", "role r", "session"
	// Document is the policy text as the service returned it (what a screen shows and
	// highlights); Doc is its parsed form.
	Document string
	Doc      *policy.Document
}

// Subject is a principal with every policy that decides what it may do.
type Subject struct {
	Principal Principal
	AccountID string
	Groups    []string // a user's groups
	Policies  []Policy // identity policies, each distinct policy once
	Session   *Policy  // a role session's session policy, or nil
}

// ARN is the principal's ARN (acs:ram::<account>:user/<name>, :group/, :role/).
func (s *Subject) ARN() string {
	return "acs:ram::" + s.AccountID + ":" + s.Principal.Kind.String() + "/" + s.Principal.Name
}

func (s *Subject) named() []policy.Named {
	out := make([]policy.Named, len(s.Policies))
	for i, p := range s.Policies {
		out[i] = policy.Named{Name: p.Name, Type: p.Type, Doc: p.Doc}
	}
	return out
}

func (s *Subject) sessionNamed() *policy.Named {
	if s.Session == nil {
		return nil
	}
	return &policy.Named{Name: s.Session.Name, Type: s.Session.Type, Doc: s.Session.Doc}
}

// PolicyOf returns the policy a statement belongs to (the session policy included), so a
// screen can show its document and highlight the statement (policy.Document.PrettyLines).
func (s *Subject) PolicyOf(st Statement) *Policy { return s.find(st.Policy, st.Type) }

// StatementText is the statement itself as compact JSON ("" when unknown).
func (s *Subject) StatementText(st Statement) string {
	p := s.PolicyOf(st)
	if p == nil || p.Doc == nil || st.Index < 0 || st.Index >= len(p.Doc.Statement) {
		return ""
	}
	one := &policy.Document{Version: p.Doc.Version, Statement: p.Doc.Statement[st.Index : st.Index+1]}
	text := one.Compact()
	// Just the statement: strip the {"Version":"1","Statement":[ ... ]} around it.
	if i := strings.Index(text, "["); i >= 0 && strings.HasSuffix(text, "]}") {
		text = text[i+1 : len(text)-2]
	}
	return text
}

func (s *Subject) find(name, typ string) *Policy {
	if s.Session != nil && s.Session.Name == name && s.Session.Type == typ {
		return s.Session
	}
	for i := range s.Policies {
		if s.Policies[i].Name == name && s.Policies[i].Type == typ {
			return &s.Policies[i]
		}
	}
	return nil
}

// Statement points at one statement of one policy in force.
type Statement struct {
	Policy  string
	Type    string
	Version string
	Index   int // into the document's Statement array
	Effect  policy.Effect
	Via     []string
}

// String is e.g. `oss-dir (Custom v2) Statement[1] via group ops`.
func (st Statement) String() string {
	var b strings.Builder
	b.WriteString(st.Policy)
	b.WriteString(" (")
	b.WriteString(st.Type)
	if st.Version != "" {
		b.WriteString(" " + st.Version)
	}
	fmt.Fprintf(&b, ") Statement[%d]", st.Index)
	if len(st.Via) > 0 {
		b.WriteString(" via " + strings.Join(st.Via, ", "))
	}
	return b.String()
}

// Answer is a decision with its reasons.
type Answer struct {
	Request  policy.Request
	Decision policy.Decision
	// DeniedBy is, for a role session refused, which side refused (policy.DeniedBy*).
	DeniedBy string
	// Deciding are the statements that made the decision: the Deny statements of an explicit
	// deny, the Allow statements of an allow; none for an implicit deny.
	Deciding []Statement
	// AlsoMatched are statements that matched the request but did not decide it (the Allow
	// statements an explicit Deny overrode).
	AlsoMatched []Statement
	// Explanation is one sentence, e.g. `Allowed by oss-dir (Custom v2) Statement[1] via role r`.
	Explanation string
}

// Evaluate decides req for the subject: a user's, group's or role's policies (a role session
// also needs its session policy to allow).
func (s *Subject) Evaluate(req policy.Request) Answer {
	var r policy.Result
	if s.Principal.Kind == Role {
		r = policy.EvaluateSession(req, s.named(), s.sessionNamed())
	} else {
		r = policy.Evaluate(req, s.named())
	}
	a := Answer{Request: req, Decision: r.Decision, DeniedBy: r.DeniedBy}
	if s.Session == nil {
		a.DeniedBy = "" // there is only one side; "identity" would suggest a session policy
	}
	type key struct {
		policy, typ string
		index       int
	}
	deciding := map[key]bool{}
	for _, m := range r.Matches {
		a.Deciding = append(a.Deciding, s.statement(m.Policy, m.Type, m.Statement, m.Effect))
		deciding[key{m.Policy, m.Type, m.Statement}] = true
	}
	all := s.named()
	if ss := s.sessionNamed(); ss != nil {
		all = append(all, *ss)
	}
	for _, t := range policy.Trace(req, all) {
		if t.Applies && !deciding[key{t.Policy, t.Type, t.Statement}] {
			a.AlsoMatched = append(a.AlsoMatched, s.statement(t.Policy, t.Type, t.Statement, t.Effect))
		}
	}
	a.Explanation = a.explain()
	return a
}

func (s *Subject) statement(name, typ string, index int, effect policy.Effect) Statement {
	st := Statement{Policy: name, Type: typ, Index: index, Effect: effect}
	if p := s.find(name, typ); p != nil {
		st.Version, st.Via = p.Version, p.Via
	}
	return st
}

func (a Answer) explain() string {
	list := func(sts []Statement) string {
		parts := make([]string, len(sts))
		for i, st := range sts {
			parts[i] = st.String()
		}
		return strings.Join(parts, "; ")
	}
	switch a.Decision {
	case policy.Allowed:
		return "Allowed by " + list(a.Deciding)
	case policy.ExplicitDeny:
		return "Explicitly denied by " + list(a.Deciding)
	}
	return policy.Result{Decision: policy.ImplicitDeny, DeniedBy: a.DeniedBy}.Explain()
}
