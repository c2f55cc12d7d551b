package policy

// program is the precompiled form of a Document: lower-cased action globs, resource globs,
// parsed numbers, dates and CIDRs, so that a decision allocates nothing and parses nothing
// from the policy side.
type program struct {
	stmts []cstmt
}

type cstmt struct {
	effect    Effect
	actions   []glob // Action, or NotAction when notAction
	notAction bool
	resources []glob
	conds     []ccond
	principal cprincipal
}

type cprincipal struct {
	ram, service, federated []glob
}

// compile never fails: values that do not parse (possible only in hand-built documents)
// are skipped, so they match nothing.
func compile(d *Document) *program {
	p := &program{stmts: make([]cstmt, len(d.Statement))}
	for i := range d.Statement {
		s := &d.Statement[i]
		cs := &p.stmts[i]
		cs.effect = s.Effect
		acts := s.Action
		if len(s.NotAction) > 0 && len(s.Action) == 0 {
			acts, cs.notAction = s.NotAction, true
		}
		cs.actions = globs(acts, true)
		cs.resources = globs(s.Resource, false)
		if s.Principal != nil {
			cs.principal.ram = globs(normaliseRAMPrincipals(s.Principal.RAM), true)
			cs.principal.service = globs(s.Principal.Service, true)
			cs.principal.federated = globs(s.Principal.Federated, true)
		}
		for _, op := range sortedKeys(s.Condition) {
			spec, ok := operators()[op]
			if !ok {
				// Unknown operator in a hand-built document: a condition that can never
				// hold, so the statement never applies.
				cs.conds = append(cs.conds, ccond{opName: op, op: opSpec{fam: famString}, key: "\x00invalid"})
				continue
			}
			for _, k := range sortedKeys(s.Condition[op]) {
				cs.conds = append(cs.conds, compileCond(op, spec, k, s.Condition[op][k]))
			}
		}
	}
	return p
}

func globs(patterns []string, fold bool) []glob {
	if len(patterns) == 0 {
		return nil
	}
	out := make([]glob, len(patterns))
	for i, p := range patterns {
		out[i] = newGlob(p, fold)
	}
	return out
}

// program returns the compiled form, compiling hand-built documents on the fly.
func (d *Document) program() *program {
	if d.prog != nil {
		return d.prog
	}
	return compile(d)
}

func (s *cstmt) actionMatches(action string) bool {
	return matchAny(s.actions, action) != s.notAction
}

func (s *cstmt) conditionsHold(ctx Context) bool {
	for i := range s.conds {
		if !s.conds[i].holds(ctx) {
			return false
		}
	}
	return true
}
