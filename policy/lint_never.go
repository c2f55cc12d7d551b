package policy

import (
	"math"
	"strconv"
	"strings"
)

// Lint rules of this file.
const (
	RuleUnknownAction = "unknown-action" // a near miss of a known action (oss:GetObjct)
	RuleNeverMatches  = "never-matches"  // a condition no request can meet
)

// lintActions reports actions that look like misspellings of known ones: such an action
// matches nothing, so an Allow grants nothing and a Deny guards nothing.
func lintActions(s *Statement, path string, add func(Severity, string, string, string)) {
	for field, list := range map[string][]string{"Action": s.Action, "NotAction": s.NotAction} {
		for i, a := range list {
			if known := nearMiss(a); known != "" {
				add(SeverityWarning, RuleUnknownAction, indexPath(path+"."+field, i),
					strconv.Quote(a)+" is no action of "+strings.ToUpper(a[:strings.Index(a, ":")])+" (did you mean "+known+"?): it matches no request")
			}
		}
	}
}

// lintNeverMatches reports conditions that no request can meet, which makes the statement
// apply to nothing: a service's condition key (oss:Prefix) on a statement whose actions are
// all of other services (only that service's requests carry the key), and Date or Numeric
// bounds on one key that leave no value between them.
func lintNeverMatches(s *Statement, kind Kind, path string, add func(Severity, string, string, string)) {
	services := map[string]bool{}
	for _, a := range s.Action {
		svc, _, _ := strings.Cut(strings.ToLower(a), ":")
		if strings.ContainsAny(svc, "*?") {
			services = nil // any service
			break
		}
		services[svc] = true
	}
	for _, op := range sortedKeys(s.Condition) {
		spec, ok := operators()[op]
		if !ok || spec.neg {
			continue
		}
		for _, key := range sortedKeys(s.Condition[op]) {
			svc, _, _ := strings.Cut(strings.ToLower(key), ":")
			if kind == Permission && services != nil && len(s.Action) > 0 && svc != "acs" && !services[svc] {
				add(SeverityWarning, RuleNeverMatches, path+".Condition."+op+"."+key, "only "+svc+" requests carry "+key+
					", and the statement's actions are "+strings.Join(s.Action, ", ")+": the condition never holds, so the statement applies to nothing")
			}
		}
	}
	lintBounds(s, path, add)
}

// lintBounds finds a key whose lower bounds (…GreaterThan…) and upper bounds (…LessThan…)
// leave nothing between them. Values of one operator are alternatives (any may hold), so an
// operator's bound is its loosest value; operators on a key must all hold, so the tightest
// operator counts.
func lintBounds(s *Statement, path string, add func(Severity, string, string, string)) {
	type bound struct {
		v      float64
		strict bool
		op     string
		set    bool
	}
	lows, highs := map[string]*bound{}, map[string]*bound{}
	for _, op := range sortedKeys(s.Condition) {
		spec, ok := operators()[op]
		if !ok || spec.neg || (spec.fam != famDate && spec.fam != famNumeric) || spec.cmp == cmpEq {
			continue
		}
		for _, key := range sortedKeys(s.Condition[op]) {
			loosest, ok := math.Inf(1), true
			if spec.cmp == cmpLt || spec.cmp == cmpLe {
				loosest = math.Inf(-1)
			}
			for _, v := range s.Condition[op][key] {
				var x float64
				if spec.fam == famDate {
					t, good := parseDate(v)
					ok, x = ok && good, float64(t.Unix())
				} else {
					n, good := parseNumber(v)
					ok, x = ok && good, n
				}
				if spec.cmp == cmpLt || spec.cmp == cmpLe {
					loosest = math.Max(loosest, x)
				} else {
					loosest = math.Min(loosest, x)
				}
			}
			if !ok {
				continue // a bad value is Parse's to report
			}
			k := strings.ToLower(key) + "\x00" + strconv.Itoa(int(spec.fam))
			strict := spec.cmp == cmpLt || spec.cmp == cmpGt
			if spec.cmp == cmpLt || spec.cmp == cmpLe {
				if h := highs[k]; h == nil || loosest < h.v || loosest == h.v && strict {
					highs[k] = &bound{loosest, strict, op, true}
				}
			} else if l := lows[k]; l == nil || loosest > l.v || loosest == l.v && strict {
				lows[k] = &bound{loosest, strict, op, true}
			}
		}
	}
	for _, k := range sortedKeys(lows) {
		l, h := lows[k], highs[k]
		if h == nil || l.v < h.v || l.v == h.v && !l.strict && !h.strict {
			continue
		}
		key, _, _ := strings.Cut(k, "\x00")
		add(SeverityWarning, RuleNeverMatches, path+".Condition", l.op+" and "+h.op+" on "+key+
			" leave no value between them: the condition never holds, so the statement applies to nothing")
	}
}
