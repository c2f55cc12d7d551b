package policy

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Parse validates doc as a policy of the given kind, size limit included, and returns it
// normalised (a single Statement object becomes a one-element list; string-or-array values
// become []string). Errors are *Error.
func Parse(doc string, kind Kind) (*Document, error) {
	d, err := parse(doc, kind, true)
	if err != nil {
		return nil, err // avoid a typed-nil error
	}
	return d, nil
}

func parse(doc string, kind Kind, checkSize bool) (*Document, *Error) {
	if kind != Permission && kind != Trust && kind != Session {
		return nil, &Error{Code: CodeMalformed, Message: "unknown policy kind " + kind.String()}
	}
	if checkSize {
		if n := utf8.RuneCountInString(doc); n > kind.MaxChars() {
			return nil, &Error{Code: kind.sizeCode(), Message: "the document has " + strconv.Itoa(n) +
				" characters; a " + strings.ToLower(kind.String()) + " policy may have at most " +
				strconv.Itoa(kind.MaxChars())}
		}
	}
	root, jerr := parseJSON(doc)
	if jerr != nil {
		line, col := lineCol(doc, jerr.off)
		return nil, &Error{Code: kind.grammarCode(), Path: jerr.path, Line: line, Column: col, Message: "invalid JSON: " + jerr.msg}
	}
	c := &checker{src: doc, kind: kind}
	d, err := c.document(root)
	if err != nil {
		return nil, err
	}
	d.prog = compile(d)
	return d, nil
}

// checker turns the JSON tree into a Document, enforcing the policy grammar.
type checker struct {
	src  string
	kind Kind
}

func (c *checker) fail(path string, off int, msg string) *Error {
	line, col := lineCol(c.src, off)
	return &Error{Code: c.kind.grammarCode(), Path: path, Line: line, Column: col, Message: msg}
}

func joinPath(base, key string) string {
	if base == "" {
		return key
	}
	return base + "." + key
}

func indexPath(base string, i int) string { return base + "[" + strconv.Itoa(i) + "]" }

// unknownKey explains a member name that the grammar does not allow here.
func (c *checker) unknownKey(path string, m jmember, allowed []string) *Error {
	for _, a := range allowed {
		if strings.EqualFold(a, m.key) {
			return c.fail(joinPath(path, m.key), m.keyOff, "unknown key "+strconv.Quote(m.key)+
				"; did you mean "+strconv.Quote(a)+"? (key names are case-sensitive)")
		}
	}
	return c.fail(joinPath(path, m.key), m.keyOff, "unknown key "+strconv.Quote(m.key)+
		"; expected one of "+strings.Join(allowed, ", "))
}

func (c *checker) wantObject(path string, v *jvalue, what string) *Error {
	if v.kind != jObject {
		return c.fail(path, v.off, "expected "+what+" (a JSON object), got "+describeValue(v))
	}
	return nil
}

func describeValue(v *jvalue) string {
	switch v.kind {
	case jString:
		return "the string " + strconv.Quote(v.str)
	case jNumber:
		return "the number " + v.str
	case jBool:
		return v.str
	}
	return v.kind.String()
}

var docKeys = []string{"Version", "Statement"}

func (c *checker) document(v *jvalue) (*Document, *Error) {
	if err := c.wantObject("", v, "a policy document"); err != nil {
		return nil, err
	}
	d := &Document{}
	var version, stmts *jvalue
	for _, m := range v.obj {
		switch m.key {
		case "Version":
			version = m.val
		case "Statement":
			stmts = m.val
		default:
			return nil, c.unknownKey("", m, docKeys)
		}
	}
	if version == nil {
		return nil, c.fail("Version", v.off, `missing; expected "Version": "1"`)
	}
	if version.kind != jString || version.str != "1" {
		return nil, c.fail("Version", version.off, `expected the string "1", got `+describeValue(version))
	}
	d.Version = "1"
	if stmts == nil {
		return nil, c.fail("Statement", v.off, "missing; expected a list of statements")
	}
	switch stmts.kind {
	case jObject:
		s, err := c.statement("Statement", stmts)
		if err != nil {
			return nil, err
		}
		d.Statement = []Statement{s}
	case jArray:
		if len(stmts.arr) == 0 {
			return nil, c.fail("Statement", stmts.off, "empty; expected at least one statement")
		}
		for i, sv := range stmts.arr {
			s, err := c.statement(indexPath("Statement", i), sv)
			if err != nil {
				return nil, err
			}
			d.Statement = append(d.Statement, s)
		}
	default:
		return nil, c.fail("Statement", stmts.off, "expected a list of statements, got "+describeValue(stmts))
	}
	return d, nil
}

var stmtKeys = []string{"Effect", "Principal", "Action", "NotAction", "Resource", "Condition"}

func (c *checker) statement(path string, v *jvalue) (Statement, *Error) {
	var s Statement
	if err := c.wantObject(path, v, "a statement"); err != nil {
		return s, err
	}
	var effect, action, notAction, resource, cond, principal *jvalue
	for _, m := range v.obj {
		switch m.key {
		case "Effect":
			effect = m.val
		case "Action":
			action = m.val
		case "NotAction":
			notAction = m.val
		case "Resource":
			resource = m.val
		case "Condition":
			cond = m.val
		case "Principal":
			principal = m.val
		case "NotResource", "NotPrincipal":
			return s, c.fail(joinPath(path, m.key), m.keyOff, m.key+" is not supported by RAM")
		default:
			return s, c.unknownKey(path, m, stmtKeys)
		}
	}
	// Effect
	if effect == nil {
		return s, c.fail(joinPath(path, "Effect"), v.off, `missing; expected "Allow" or "Deny"`)
	}
	if effect.kind != jString || (effect.str != "Allow" && effect.str != "Deny") {
		return s, c.fail(joinPath(path, "Effect"), effect.off, `expected "Allow" or "Deny", got `+describeValue(effect))
	}
	s.Effect = Effect(effect.str)
	// Principal
	if c.kind == Trust {
		if principal == nil {
			return s, c.fail(joinPath(path, "Principal"), v.off, `missing; a trust policy statement needs a Principal such as {"RAM": "acs:ram::123456789012:root"}`)
		}
		p, err := c.principal(joinPath(path, "Principal"), principal)
		if err != nil {
			return s, err
		}
		s.Principal = p
	} else if principal != nil {
		return s, c.fail(joinPath(path, "Principal"), principal.off, "Principal is only allowed in trust policies")
	}
	// Action / NotAction
	switch {
	case action != nil && notAction != nil:
		return s, c.fail(joinPath(path, "NotAction"), notAction.off, "a statement may have Action or NotAction, not both")
	case action == nil && notAction == nil:
		return s, c.fail(joinPath(path, "Action"), v.off, "missing; expected Action (or NotAction)")
	case action != nil:
		l, err := c.stringList(joinPath(path, "Action"), action, checkAction)
		if err != nil {
			return s, err
		}
		s.Action = l
	default:
		l, err := c.stringList(joinPath(path, "NotAction"), notAction, checkAction)
		if err != nil {
			return s, err
		}
		s.NotAction = l
	}
	// Resource
	if c.kind == Trust {
		if resource != nil {
			return s, c.fail(joinPath(path, "Resource"), resource.off, "Resource is not used in trust policies (the resource is the role itself)")
		}
	} else {
		if resource == nil {
			return s, c.fail(joinPath(path, "Resource"), v.off, `missing; expected a resource ARN such as "acs:oss:*:*:my-bucket/*" or "*"`)
		}
		l, err := c.stringList(joinPath(path, "Resource"), resource, checkResource)
		if err != nil {
			return s, err
		}
		s.Resource = l
	}
	// Condition
	if cond != nil {
		cs, err := c.conditions(joinPath(path, "Condition"), cond)
		if err != nil {
			return s, err
		}
		s.Condition = cs
	}
	return s, nil
}

// stringList reads a string or a non-empty array of strings; check (if set) validates each.
func (c *checker) stringList(path string, v *jvalue, check func(string) string) ([]string, *Error) {
	var items []*jvalue
	switch v.kind {
	case jString:
		items = []*jvalue{v}
	case jArray:
		if len(v.arr) == 0 {
			return nil, c.fail(path, v.off, "empty list; expected at least one value")
		}
		items = v.arr
	default:
		return nil, c.fail(path, v.off, "expected a string or an array of strings, got "+describeValue(v))
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		p := path
		if v.kind == jArray {
			p = indexPath(path, i)
		}
		if it.kind != jString {
			return nil, c.fail(p, it.off, "expected a string, got "+describeValue(it))
		}
		if check != nil {
			if msg := check(it.str); msg != "" {
				return nil, c.fail(p, it.off, msg)
			}
		}
		out = append(out, it.str)
	}
	return out, nil
}

func hasSpace(s string) bool { return strings.ContainsAny(s, " \t\r\n") }

// checkAction accepts "*" or "<service>:<api pattern>".
func checkAction(a string) string {
	if a == "*" {
		return ""
	}
	svc, api, ok := strings.Cut(a, ":")
	if !ok || svc == "" || api == "" || hasSpace(a) {
		return "invalid action " + strconv.Quote(a) + `; expected "<service>:<Api>" such as "oss:GetObject", "ecs:Describe*" or "*"`
	}
	return ""
}

// checkResource accepts "*" or an ARN "acs:...".
func checkResource(r string) string {
	if r == "*" || (strings.HasPrefix(r, "acs:") && len(r) > 4) {
		return ""
	}
	return "invalid resource " + strconv.Quote(r) + `; expected an ARN "acs:<service>:<region>:<account>:<resource>" or "*"`
}

var principalKeys = []string{"RAM", "Service", "Federated"}

func (c *checker) principal(path string, v *jvalue) (*Principal, *Error) {
	if err := c.wantObject(path, v, `a principal such as {"RAM": ["acs:ram::123456789012:root"]}`); err != nil {
		return nil, err
	}
	p := &Principal{}
	for _, m := range v.obj {
		mp := joinPath(path, m.key)
		var dst *[]string
		var check func(string) string
		switch m.key {
		case "RAM":
			dst, check = &p.RAM, checkRAMPrincipal
		case "Service":
			dst, check = &p.Service, checkServicePrincipal
		case "Federated":
			dst, check = &p.Federated, checkFederatedPrincipal
		default:
			return nil, c.unknownKey(path, m, principalKeys)
		}
		l, err := c.stringList(mp, m.val, check)
		if err != nil {
			return nil, err
		}
		*dst = l
	}
	if len(p.RAM)+len(p.Service)+len(p.Federated) == 0 {
		return nil, c.fail(path, v.off, "empty; expected RAM, Service or Federated")
	}
	return p, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func checkRAMPrincipal(s string) string {
	if s == "*" || isDigits(s) || (strings.HasPrefix(s, "acs:ram:") && !hasSpace(s)) {
		return ""
	}
	return "invalid RAM principal " + strconv.Quote(s) + `; expected "acs:ram::<account>:root", a user or role ARN, an account ID, or "*"`
}

func checkServicePrincipal(s string) string {
	if s != "" && !hasSpace(s) {
		return ""
	}
	return "invalid service principal " + strconv.Quote(s) + `; expected a service name such as "ecs.aliyuncs.com"`
}

func checkFederatedPrincipal(s string) string {
	if strings.HasPrefix(s, "acs:ram:") && !hasSpace(s) {
		return ""
	}
	return "invalid federated principal " + strconv.Quote(s) + `; expected "acs:ram::<account>:saml-provider/<name>" or "...:oidc-provider/<name>"`
}

func (c *checker) conditions(path string, v *jvalue) (Conditions, *Error) {
	if err := c.wantObject(path, v, `conditions such as {"StringEquals": {"sts:ExternalId": "abc"}}`); err != nil {
		return nil, err
	}
	if len(v.obj) == 0 {
		return nil, nil // "Condition": {} means no condition
	}
	out := Conditions{}
	for _, m := range v.obj {
		opPath := joinPath(path, m.key)
		spec, ok := operators()[m.key]
		if !ok {
			return nil, c.fail(opPath, m.keyOff, "unknown condition operator "+strconv.Quote(m.key)+suggestOperator(m.key))
		}
		if err := c.wantObject(opPath, m.val, `condition keys and values such as {"acs:SourceIp": ["10.0.0.0/8"]}`); err != nil {
			return nil, err
		}
		if len(m.val.obj) == 0 {
			return nil, c.fail(opPath, m.val.off, "empty; expected at least one condition key")
		}
		keys := map[string][]string{}
		seen := map[string]string{}
		for _, km := range m.val.obj {
			keyPath := joinPath(opPath, km.key)
			if svc, name, ok := strings.Cut(km.key, ":"); !ok || svc == "" || name == "" || hasSpace(km.key) {
				return nil, c.fail(keyPath, km.keyOff, "invalid condition key "+strconv.Quote(km.key)+`; expected "<service>:<Key>" such as "acs:SourceIp"`)
			}
			low := strings.ToLower(km.key)
			if prev, dup := seen[low]; dup {
				return nil, c.fail(keyPath, km.keyOff, "condition key "+strconv.Quote(km.key)+" repeats "+strconv.Quote(prev)+" (condition keys are case-insensitive)")
			}
			seen[low] = km.key
			vals, err := c.stringList(keyPath, km.val, spec.checkValue)
			if err != nil {
				return nil, err
			}
			keys[km.key] = vals
		}
		out[m.key] = keys
	}
	return out, nil
}

func suggestOperator(op string) string {
	for name := range operators() {
		if strings.EqualFold(name, op) {
			return "; did you mean " + strconv.Quote(name) + "? (operator names are case-sensitive)"
		}
	}
	names := make([]string, 0, len(operators()))
	for name := range operators() {
		names = append(names, name)
	}
	sort.Strings(names)
	return "; expected one of " + strings.Join(names, ", ")
}
