package policy

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Severity of a lint finding.
type Severity int

const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "Severity(" + strconv.Itoa(int(s)) + ")"
}

// Finding is one lint result.
type Finding struct {
	Severity Severity
	Rule     string // stable identifier, e.g. "allow-all" (see the rule constants)
	Path     string // "Statement[0]", "" for the whole document
	Message  string
}

// Lint rule identifiers.
const (
	RuleSize             = "size"                // at or over 90% of the size limit
	RuleAllowAll         = "allow-all"           // Allow * on *
	RuleServiceWildcard  = "service-wildcard"    // Allow service:* on *
	RuleWriteOnAll       = "write-on-all"        // Allow write actions on *
	RuleAllowNotAction   = "allow-notaction"     // Allow with NotAction
	RuleNoExternalID     = "no-external-id"      // trust of another account or * without sts:ExternalId
	RuleSAMLRecipient    = "saml-recipient"      // SAML trust without saml:recipient condition
	RuleTrustAction      = "trust-action"        // trust statement that does not cover sts:AssumeRole
	RuleDuplicate        = "duplicate-statement" // same statement twice
	RuleEmpty            = "empty-statement"     // statement or document that can match nothing
	RuleStringLikeNoWild = "stringlike-no-wildcard"
	RuleARNShape         = "arn-shape"    // resource ARN without the 5 parts
	RuleOSSResource      = "oss-resource" // bucket action on object ARNs or object action on a bucket ARN
)

// Lint reports risky or useless constructs in d. raw is the text the document was parsed
// from (for the size check; "" skips it). Cross-account trust is only recognised for "*";
// use LintAccount to name the account that owns the document.
func Lint(d *Document, kind Kind, raw string) []Finding {
	return LintAccount(d, kind, raw, "")
}

// LintAccount is Lint knowing the owner's account ID, so that a trust policy trusting any
// other account without an sts:ExternalId condition is reported.
func LintAccount(d *Document, kind Kind, raw, account string) []Finding {
	var out []Finding
	add := func(sev Severity, rule, path, msg string) {
		out = append(out, Finding{Severity: sev, Rule: rule, Path: path, Message: msg})
	}
	if raw != "" {
		n, limit := utf8.RuneCountInString(raw), kind.MaxChars()
		switch {
		case n > limit:
			add(SeverityError, RuleSize, "", "the document has "+strconv.Itoa(n)+" characters, over the limit of "+strconv.Itoa(limit))
		case n*10 >= limit*9:
			add(SeverityWarning, RuleSize, "", "the document has "+strconv.Itoa(n)+" of at most "+strconv.Itoa(limit)+" characters ("+strconv.Itoa(n*100/limit)+"%)")
		}
	}
	if d == nil {
		return out
	}
	if len(d.Statement) == 0 {
		add(SeverityError, RuleEmpty, "Statement", "the document has no statements and grants nothing")
	}
	for i := range d.Statement {
		s := &d.Statement[i]
		path := indexPath("Statement", i)
		for j := 0; j < i; j++ {
			if s.Equal(&d.Statement[j]) {
				add(SeverityWarning, RuleDuplicate, path, "duplicates "+indexPath("Statement", j))
				break
			}
		}
		if len(s.Action) == 0 && len(s.NotAction) == 0 || kind != Trust && len(s.Resource) == 0 {
			add(SeverityError, RuleEmpty, path, "the statement has no actions or no resources and matches nothing")
			continue
		}
		lintConditions(s, path, add)
		lintNeverMatches(s, kind, path, add)
		lintActions(s, path, add)
		lintResources(s, path, add)
		if kind == Trust {
			lintTrust(s, path, account, add)
			continue
		}
		if s.Effect != Allow {
			continue
		}
		if len(s.NotAction) > 0 {
			add(SeverityWarning, RuleAllowNotAction, path, "Allow with NotAction grants every action except "+
				strings.Join(s.NotAction, ", ")+", including actions of services added later; list the allowed actions instead")
		}
		if !contains(s.Resource, "*") {
			continue
		}
		if contains(s.Action, "*") || contains(s.Action, "*:*") {
			add(SeverityWarning, RuleAllowAll, path, "Allow * on *: full administrator access to every service and resource")
			continue
		}
		var svcAll, writes []string
		for _, a := range s.Action {
			switch {
			case strings.HasSuffix(a, ":*"):
				svcAll = append(svcAll, a)
			case !isReadAction(a):
				writes = append(writes, a)
			}
		}
		if len(svcAll) > 0 {
			add(SeverityWarning, RuleServiceWildcard, path, "Allow "+strings.Join(svcAll, ", ")+` on "*": every action of the service on every resource`)
		}
		if len(writes) > 0 {
			add(SeverityWarning, RuleWriteOnAll, path, "Allow write actions "+strings.Join(writes, ", ")+` on "*": consider naming the resources`)
		}
	}
	return out
}

func contains(l []string, v string) bool {
	for _, x := range l {
		if x == v {
			return true
		}
	}
	return false
}

// isReadAction: the API part starts with Get, List, Describe, Query or Check.
func isReadAction(a string) bool {
	_, api, _ := strings.Cut(a, ":")
	api = strings.ToLower(api)
	for _, p := range []string{"get", "list", "describe", "query", "check"} {
		if strings.HasPrefix(api, p) {
			return true
		}
	}
	return false
}

// hasConditionKey reports a positive string condition on key (case-insensitive).
func hasConditionKey(s *Statement, key string) bool {
	for op, keys := range s.Condition {
		if spec, ok := operators()[op]; !ok || spec.neg || spec.fam > famStringLike {
			continue
		}
		for k := range keys {
			if strings.EqualFold(k, key) {
				return true
			}
		}
	}
	return false
}

func lintConditions(s *Statement, path string, add func(Severity, string, string, string)) {
	for _, op := range []string{"StringLike", "StringNotLike"} {
		for _, k := range sortedKeys(s.Condition[op]) {
			for _, v := range s.Condition[op][k] {
				if !strings.ContainsAny(v, "*?") {
					add(SeverityInfo, RuleStringLikeNoWild, path+".Condition."+op+"."+k,
						strconv.Quote(v)+" has no wildcard; "+strings.Replace(op, "Like", "Equals", 1)+" says the same more clearly")
					break
				}
			}
		}
	}
}

func lintTrust(s *Statement, path, account string, add func(Severity, string, string, string)) {
	acts := s.Action
	if len(acts) == 0 {
		acts = s.NotAction
	}
	g := globs(acts, true)
	if matchAny(g, "sts:AssumeRole") == (len(s.Action) == 0) {
		add(SeverityWarning, RuleTrustAction, path, "the statement does not cover sts:AssumeRole and has no effect in a trust policy")
	}
	if s.Effect != Allow || s.Principal == nil {
		return
	}
	if !hasConditionKey(s, "sts:ExternalId") {
		for _, p := range s.Principal.RAM {
			if acct := principalAccount(p); p == "*" || strings.ContainsAny(acct, "*?") {
				add(SeverityError, RuleNoExternalID, path+".Principal.RAM", "trusts every Alibaba Cloud account ("+strconv.Quote(p)+") without an sts:ExternalId condition")
				break
			}
			if acct := principalAccount(p); account != "" && acct != "" && acct != account {
				add(SeverityWarning, RuleNoExternalID, path+".Principal.RAM", "trusts account "+acct+" without an sts:ExternalId condition (confused-deputy risk)")
				break
			}
		}
	}
	for _, f := range s.Principal.Federated {
		if strings.Contains(f, ":saml-provider/") && !hasConditionKey(s, "saml:recipient") {
			add(SeverityWarning, RuleSAMLRecipient, path+".Condition", "a SAML provider trust needs a saml:recipient StringEquals condition")
			break
		}
	}
}

// principalAccount extracts the account ID of a RAM principal ("123", "acs:ram::123:...").
func principalAccount(p string) string {
	if isDigits(p) {
		return p
	}
	parts := strings.SplitN(p, ":", 5)
	if len(parts) == 5 && parts[0] == "acs" && parts[1] == "ram" {
		return parts[3]
	}
	return ""
}

func lintResources(s *Statement, path string, add func(Severity, string, string, string)) {
	for i, r := range s.Resource {
		if r != "*" && strings.Count(r, ":") < 4 && !strings.HasSuffix(r, "*") {
			add(SeverityWarning, RuleARNShape, indexPath(path+".Resource", i), strconv.Quote(r)+
				" is not a full ARN; expected acs:<service>:<region>:<account>:<resource> (use * for any region or account)")
		}
	}
	if s.Effect != Allow || len(s.Action) == 0 {
		return
	}
	// OSS resources: bucket-level actions need "acs:oss:*:*:<bucket>", object actions
	// "acs:oss:*:*:<bucket>/<key>". Only statements whose every resource is of the wrong
	// kind are reported.
	var bucketARNs, objectARNs int
	for _, r := range s.Resource {
		parts := strings.SplitN(r, ":", 5)
		if len(parts) != 5 || parts[1] != "oss" || strings.ContainsAny(parts[4], "*?") && !strings.Contains(parts[4], "/") {
			return // not OSS, or a pattern that may match both kinds
		}
		if strings.Contains(parts[4], "/") {
			objectARNs++
		} else {
			bucketARNs++
		}
	}
	for _, a := range s.Action {
		switch strings.ToLower(a) {
		case "oss:listobjects", "oss:listobjectsv2", "oss:getbucketinfo", "oss:getbucketacl", "oss:getbucketstat":
			if bucketARNs == 0 && objectARNs > 0 {
				add(SeverityWarning, RuleOSSResource, path, a+" is a bucket action: its resource is acs:oss:*:*:<bucket> (limit directories with an oss:Prefix condition), so this statement grants nothing")
				return
			}
		case "oss:getobject", "oss:putobject", "oss:deleteobject", "oss:abortmultipartupload", "oss:listparts":
			if objectARNs == 0 && bucketARNs > 0 {
				add(SeverityWarning, RuleOSSResource, path, a+" is an object action: its resource is acs:oss:*:*:<bucket>/<key> (e.g. <bucket>/*), so this statement grants nothing")
				return
			}
		}
	}
}
