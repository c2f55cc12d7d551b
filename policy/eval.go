package policy

// Evaluate decides req against a set of identity policies: any matching Deny ->
// ExplicitDeny, else any matching Allow -> Allowed, else ImplicitDeny. A statement matches
// when its action, resource and all its conditions match. Policies with a nil Doc are
// skipped.
func Evaluate(req Request, policies []Named) Result {
	var t tally
	for i := range policies {
		t.add(req, &policies[i])
	}
	return t.result()
}

// tally collects matching statements of one side (identity or session).
type tally struct {
	denies, allows []Match
}

func (t *tally) add(req Request, p *Named) {
	if p.Doc == nil {
		return
	}
	prog := p.Doc.program()
	for i := range prog.stmts {
		s := &prog.stmts[i]
		// Once a deny is found allows no longer matter; skip their (costlier) checks.
		if s.effect != Deny && len(t.denies) > 0 {
			continue
		}
		if !s.actionMatches(req.Action) || !matchAny(s.resources, req.Resource) || !s.conditionsHold(req.Context) {
			continue
		}
		m := Match{Policy: p.Name, Type: p.Type, Statement: i, Effect: s.effect}
		if s.effect == Deny {
			t.denies = append(t.denies, m)
		} else {
			t.allows = append(t.allows, m)
		}
	}
}

func (t *tally) decision() Decision {
	switch {
	case len(t.denies) > 0:
		return ExplicitDeny
	case len(t.allows) > 0:
		return Allowed
	}
	return ImplicitDeny
}

func (t *tally) result() Result {
	switch d := t.decision(); d {
	case ExplicitDeny:
		return Result{Decision: d, Matches: t.denies}
	case Allowed:
		return Result{Decision: d, Matches: t.allows}
	}
	return Result{Decision: ImplicitDeny}
}

// EvaluateSession decides for an STS session: role policies AND session policy (when
// non-nil) must both allow; an explicit deny anywhere denies. DeniedBy names the side that
// refused (DeniedByIdentity, DeniedBySession or DeniedByBoth); Matches holds the deny
// statements of both sides, or on Allowed the allow statements of both sides.
func EvaluateSession(req Request, rolePolicies []Named, session *Named) Result {
	var id, ss tally
	for i := range rolePolicies {
		id.add(req, &rolePolicies[i])
	}
	if session == nil {
		r := id.result()
		if r.Decision != Allowed {
			r.DeniedBy = DeniedByIdentity
		}
		return r
	}
	ss.add(req, session)
	idD, ssD := id.decision(), ss.decision()
	switch {
	case idD == ExplicitDeny || ssD == ExplicitDeny:
		return Result{Decision: ExplicitDeny, Matches: append(id.denies, ss.denies...),
			DeniedBy: side(idD == ExplicitDeny, ssD == ExplicitDeny)}
	case idD == Allowed && ssD == Allowed:
		return Result{Decision: Allowed, Matches: append(id.allows, ss.allows...)}
	}
	return Result{Decision: ImplicitDeny, DeniedBy: side(idD != Allowed, ssD != Allowed)}
}

func side(identity, session bool) string {
	switch {
	case identity && session:
		return DeniedByBoth
	case session:
		return DeniedBySession
	}
	return DeniedByIdentity
}
