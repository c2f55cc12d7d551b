package account

import (
	"encoding/base64"
	"encoding/json"
	"sort"
	"strings"
	"unicode/utf8"
)

// The RAM actions that complete the 2015-05-01 API: ChangePassword, DecodeDiagnosticMessage and
// the tag actions (TagResources, UntagResources, ListTagResources, for roles and policies).

// changePassword lets a RAM user change its own console password (root and role sessions have
// none). While the security preference AllowUserToChangePassword is on (the default) it needs no
// policy; when it is off, only a policy granting ram:ChangePassword allows it.
func changePassword(c *call) (any, *Error) {
	oldPw, err := c.required("OldPassword")
	if err != nil {
		return nil, err
	}
	newPw, err := c.required("NewPassword")
	if err != nil {
		return nil, err
	}
	if err := c.checkPassword(newPw); err != nil {
		return nil, err
	}
	if c.req.Caller.Type != IdentityUser {
		return nil, errForbidden("NoPermission", "Only a RAM user can change its own password.")
	}
	if !c.s.Security.AllowUserToChangePassword {
		if err := c.authorize(c.userResource(c.req.Caller.UserName)); err != nil {
			return nil, err
		}
	}
	u := c.s.keyUser(c.req.Caller.AccessKeyID)
	if u == nil {
		return nil, errNoUser()
	}
	if u.Login == nil {
		return nil, errNoLoginProfile()
	}
	if hashPassword(c.s.AccountID, u.ID, oldPw) != u.Login.PasswordHash {
		return nil, errBadRequest("InvalidParameter.OldPassword", "The old password is not correct.")
	}
	u.Login.PasswordHash = hashPassword(c.s.AccountID, u.ID, newPw)
	u.Login.PasswordResetRequired = false
	return map[string]any{}, nil
}

// diagnostic is what the simulator encodes in EncodedDiagnosticMessage (readable base64 JSON;
// the service's is opaque) and DecodeDiagnosticMessage gives back.
type diagnostic struct {
	AuthAction    string          `json:"AuthAction"`
	Resource      string          `json:"Resource"`
	Principal     string          `json:"Principal"`
	Decision      string          `json:"Decision"`
	PolicyType    string          `json:"PolicyType"`
	PrincipalType string          `json:"PrincipalType"`
	OwnerID       string          `json:"OwnerId"`
	DisplayName   string          `json:"DisplayName"`
	Matches       json.RawMessage `json:"Matches,omitempty"`
}

func decodeDiagnosticMessage(c *call) (any, *Error) {
	enc, err := c.required("EncodedDiagnosticMessage")
	if err != nil {
		return nil, err
	}
	invalid := errBadRequest("InvalidParameter.EncodedDiagnosticMessage", "The parameter EncodedDiagnosticMessage is not valid.")
	raw, derr := base64.StdEncoding.DecodeString(enc)
	var d diagnostic
	if derr != nil || json.Unmarshal(raw, &d) != nil || d.AuthAction == "" {
		return nil, invalid
	}
	if err := c.authorize("*"); err != nil {
		return nil, err
	}
	if d.OwnerID != c.s.AccountID { // another account's denial is not ours to explain
		return nil, invalid
	}
	return map[string]any{"DecodedDiagnosticMessage": map[string]any{
		"ExplicitDeny":           d.Decision == "ExplicitDeny",
		"NoPermissionPolicyType": d.PolicyType,
		"AuthAction":             d.AuthAction,
		"AuthResource":           d.Resource,
		"AuthPrincipal": map[string]string{"AuthPrincipalType": d.PrincipalType,
			"AuthPrincipalOwnerId": d.OwnerID, "AuthPrincipalDisplayName": d.DisplayName},
		"AuthConditions": []any{},
	}}, nil
}

// Tags (roles and policies only, as in the service): at most 20 per resource and per request,
// keys up to 128 characters, values up to 256, 50 resources per request.
const (
	maxTags          = 20
	maxTagResources  = 50
	maxTagKeyChars   = 128
	maxTagValueChars = 256
)

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// tagTarget is a taggable resource's tags and ARN.
type tagTarget struct {
	name string
	tags *map[string]string
	arn  string
}

func (c *call) resourceType() (string, *Error) {
	t, err := c.required("ResourceType")
	if err != nil {
		return "", err
	}
	if t != "role" && t != "policy" {
		return "", errBadRequest("InvalidParameter.ResourceType", "The parameter ResourceType must be role or policy.")
	}
	return t, nil
}

// jsonList decodes a Json-typed parameter (a JSON array); absent is an empty list.
func jsonList[T any](c *call, name string, max int) ([]T, *Error) {
	var out []T
	if v := c.p(name); v != "" {
		if json.Unmarshal([]byte(v), &out) != nil {
			return nil, errBadRequest("InvalidParameter."+name, "The parameter %s must be a JSON array.", name)
		}
	}
	if len(out) > max {
		return nil, errBadRequest("InvalidParameter."+name, "The parameter %s has more than %d items.", name, max)
	}
	return out, nil
}

func (c *call) tagTargets(typ string, names []string) ([]tagTarget, *Error) {
	var out []tagTarget
	for _, n := range names {
		switch typ {
		case "role":
			if err := c.authorize(c.roleResource(n)); err != nil {
				return nil, err
			}
			r := c.s.role(n)
			if r == nil {
				return nil, errNoRole()
			}
			out = append(out, tagTarget{r.Name, &r.Tags, c.roleResource(r.Name)})
		default:
			if err := c.authorize(c.policyResource(n)); err != nil {
				return nil, err
			}
			p := c.s.policy(n)
			if p == nil {
				return nil, errNoPolicy()
			}
			if p.Type != "Custom" {
				return nil, errBadRequest("InvalidParameter.PolicyType", "System policies cannot be tagged.")
			}
			out = append(out, tagTarget{p.Name, &p.Tags, c.policyResource(p.Name)})
		}
	}
	return out, nil
}

func tagResources(c *call) (any, *Error) {
	typ, err := c.resourceType()
	if err != nil {
		return nil, err
	}
	names, err := jsonList[string](c, "ResourceNames", maxTagResources)
	if err != nil {
		return nil, err
	}
	tags, err := jsonList[tag](c, "Tag", maxTags)
	if err != nil {
		return nil, err
	}
	if len(tags) == 0 {
		return nil, errMissing("Tag")
	}
	for _, t := range tags {
		if n := utf8.RuneCountInString(t.Key); n < 1 || n > maxTagKeyChars || strings.HasPrefix(strings.ToLower(t.Key), "acs:") {
			return nil, errBadRequest("InvalidParameter.Tag.Key", "A tag key must be 1 to %d characters and not start with acs:.", maxTagKeyChars)
		}
		if utf8.RuneCountInString(t.Value) > maxTagValueChars {
			return nil, errBadRequest("InvalidParameter.Tag.Value", "A tag value must be at most %d characters.", maxTagValueChars)
		}
	}
	targets, err := c.tagTargets(typ, names)
	if err != nil {
		return nil, err
	}
	for _, t := range targets { // check every quota before changing anything
		n := len(*t.tags)
		for _, tg := range tags {
			if _, ok := (*t.tags)[tg.Key]; !ok {
				n++
			}
		}
		if n > maxTags {
			return nil, errConflict("LimitExceeded.Tag", "The %s %s would have more than %d tags.", typ, t.name, maxTags)
		}
	}
	for _, t := range targets {
		if *t.tags == nil {
			*t.tags = map[string]string{}
		}
		for _, tg := range tags {
			(*t.tags)[tg.Key] = tg.Value
		}
	}
	return map[string]any{}, nil
}

func untagResources(c *call) (any, *Error) {
	typ, err := c.resourceType()
	if err != nil {
		return nil, err
	}
	names, err := jsonList[string](c, "ResourceNames", maxTagResources)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errMissing("ResourceNames")
	}
	keys, err := jsonList[string](c, "TagKeys", maxTags)
	if err != nil {
		return nil, err
	}
	all, err := c.boolParam("All", false)
	if err != nil {
		return nil, err
	}
	targets, err := c.tagTargets(typ, names)
	if err != nil {
		return nil, err
	}
	for _, t := range targets {
		if all {
			*t.tags = nil
			continue
		}
		for _, k := range keys {
			delete(*t.tags, k)
		}
		if len(*t.tags) == 0 {
			*t.tags = nil
		}
	}
	return map[string]any{}, nil
}

func listTagResources(c *call) (any, *Error) {
	typ, err := c.resourceType()
	if err != nil {
		return nil, err
	}
	names, err := jsonList[string](c, "ResourceNames", maxTagResources)
	if err != nil {
		return nil, err
	}
	filter, err := jsonList[tag](c, "Tag", maxTags)
	if err != nil {
		return nil, err
	}
	size, err := c.intParam("PageSize", 100, 1, 100)
	if err != nil {
		return nil, err
	}
	after := 0
	if tok := c.p("NextToken"); tok != "" {
		raw, derr := base64.RawURLEncoding.DecodeString(tok)
		if derr != nil || json.Unmarshal(raw, &after) != nil || after < 0 {
			return nil, errBadRequest("InvalidParameter.NextToken", "The parameter NextToken is not valid.")
		}
	}
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		switch typ {
		case "role":
			for _, k := range sortedKeys(c.s.Roles) {
				names = append(names, c.s.Roles[k].Name)
			}
		default:
			for _, k := range sortedKeys(c.s.Policies) {
				if p := c.s.Policies[k]; p.Type == "Custom" {
					names = append(names, p.Name)
				}
			}
		}
	}
	var rows []map[string]string
	for _, n := range names {
		var tags map[string]string
		if typ == "role" {
			if r := c.s.role(n); r != nil {
				n, tags = r.Name, r.Tags
			}
		} else if p := c.s.policy(n); p != nil {
			n, tags = p.Name, p.Tags
		}
		if !hasTags(tags, filter) {
			continue
		}
		keys := make([]string, 0, len(tags))
		for k := range tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			rows = append(rows, map[string]string{"ResourceName": n, "ResourceType": typ, "TagKey": k, "TagValue": tags[k]})
		}
	}
	start := min(after, len(rows))
	end := min(start+int(size), len(rows))
	out := map[string]any{"TagResources": rows[start:end]}
	if end < len(rows) {
		tok, _ := json.Marshal(end)
		out["NextToken"] = base64.RawURLEncoding.EncodeToString(tok)
	}
	return out, nil
}

// hasTags reports whether tags holds every filter tag (a filter tag with an empty value matches
// any value of its key).
func hasTags(tags map[string]string, filter []tag) bool {
	for _, f := range filter {
		v, ok := tags[f.Key]
		if !ok || f.Value != "" && v != f.Value {
			return false
		}
	}
	return true
}
