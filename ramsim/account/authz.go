package account

import (
	"encoding/base64"
	"encoding/json"
	"net"
	"strconv"
	"strings"

	"github.com/ramtui/ramtui/policy"
)

// Authorization as the service does it: the root key may do everything in RAM; a RAM user is
// judged by its own and its groups' policies; an STS session by its role's policies intersected
// with its session policy.

const noPermissionMessage = "You are not authorized to do this action. You should be authorized by RAM."

// Resource ARNs for RAM actions (ram-api.md §5.3).
func (c *call) ramResource(kind, name string) string {
	return "acs:ram:*:" + c.s.AccountID + ":" + kind + "/" + name
}
func (c *call) userResource(name string) string  { return c.ramResource("user", name) }
func (c *call) groupResource(name string) string { return c.ramResource("group", name) }
func (c *call) roleResource(name string) string  { return c.ramResource("role", name) }
func (c *call) mfaResource(name string) string   { return c.ramResource("mfa", name) }
func (c *call) accountResource() string          { return "acs:ram:*:" + c.s.AccountID + ":*" }

// policyResource: system policies live in the "system" account.
func (c *call) policyResource(name string) string {
	if p := c.s.policy(name); p != nil && p.Type == "System" {
		return "acs:ram:*:system:policy/" + p.Name
	}
	return c.ramResource("policy", name)
}

// authorize decides whether the caller may run this request's action on resource.
func (c *call) authorize(resource string) *Error {
	act := strings.ToLower(string(c.req.Product)) + ":" + c.req.Action
	return c.authorizeAction(act, resource)
}

func (c *call) authorizeAction(act, resource string) *Error {
	id := c.req.Caller
	if id.Type == IdentityRoot {
		return nil
	}
	res := c.evaluate(policy.Request{Action: act, Resource: resource, Context: c.conditionContext()})
	if res.Decision == policy.Allowed {
		return nil
	}
	return c.denied(act, resource, res)
}

// evaluate runs the caller's policies against req.
func (c *call) evaluate(req policy.Request) policy.Result {
	id := c.req.Caller
	switch id.Type {
	case IdentityUser:
		u := c.s.keyOwner[id.AccessKeyID]
		if u == nil {
			u = c.s.user(id.UserName)
		}
		if u == nil {
			return policy.Result{Decision: policy.ImplicitDeny}
		}
		return policy.Evaluate(req, c.s.userPolicies(u))
	case IdentityAssumedRole:
		r := c.s.role(id.RoleName)
		if r == nil || r.ID != id.RoleID && id.RoleID != "" {
			return policy.Result{Decision: policy.ImplicitDeny} // the role is gone (or re-created)
		}
		var session *policy.Named
		if ss := c.s.Sessions[id.AccessKeyID]; ss != nil && ss.doc != nil {
			session = &policy.Named{Name: "SessionPolicy", Type: "Session", Doc: ss.doc}
		}
		return policy.EvaluateSession(req, c.s.attachedPolicies(r.Attached), session)
	}
	return policy.Result{Decision: policy.ImplicitDeny}
}

// conditionContext is what condition keys see for this request.
func (c *call) conditionContext() policy.Context {
	ip := c.req.SourceIP
	if h, _, err := net.SplitHostPort(ip); err == nil {
		ip = h
	}
	ctx := policy.Context{
		"acs:CurrentTime":     {c.now.Format(timeFormat)},
		"acs:SecureTransport": {strconv.FormatBool(c.req.Secure)},
		"acs:MFAPresent":      {"false"},
		"acs:AccessId":        {c.req.Caller.AccessKeyID},
		"acs:PrincipalARN":    {c.callerARN()},
	}
	if ip != "" {
		ctx["acs:SourceIp"] = []string{ip}
	}
	return ctx
}

// callerARN: root, user, or the session form acs:ram::<acct>:role/<role>/<session> (the form
// AssumeRole returns in AssumedRoleUser.Arn, ram-api.md §4.1; GetCallerIdentity uses it too).
func (c *call) callerARN() string {
	id := c.req.Caller
	acct := c.callerAccount()
	switch id.Type {
	case IdentityUser:
		return userARN(acct, id.UserName)
	case IdentityAssumedRole:
		return roleARN(acct, id.RoleName) + "/" + id.SessionName
	}
	return "acs:ram::" + acct + ":root"
}

// callerAccount is the account the caller belongs to: this one, or another account of the
// simulator on a cross-account AssumeRole.
func (c *call) callerAccount() string {
	if c.req.CrossAccount != nil && c.req.Caller.AccountID != "" {
		return c.req.Caller.AccountID
	}
	return c.s.AccountID
}

// userPolicies are a user's directly attached policies followed by its groups' policies.
func (s *state) userPolicies(u *user) []policy.Named {
	out := s.attachedPolicies(u.Attached)
	for _, m := range u.Groups {
		if g := s.group(m.Group); g != nil {
			out = append(out, s.attachedPolicies(g.Attached)...)
		}
	}
	return out
}

func (s *state) attachedPolicies(list []attachment) []policy.Named {
	out := make([]policy.Named, 0, len(list))
	for _, at := range list {
		p := s.policy(at.Name)
		if p == nil {
			continue
		}
		if v := p.defaultVersion(); v != nil && v.doc != nil {
			out = append(out, policy.Named{Name: p.Name, Type: p.Type, Doc: v.doc})
		}
	}
	return out
}

// denied is the 403 NoPermission the service returns when the caller's own policies do not
// allow, with its AccessDeniedDetail.
func (c *call) denied(act, resource string, res policy.Result) *Error {
	return c.deniedBy(act, resource, res, "AccountLevelIdentityBasedPolicy")
}

// deniedBy is denied with the kind of policy that refused: "AssumeRolePolicy" when a role's
// trust policy does, as the service labels it.
func (c *call) deniedBy(act, resource string, res policy.Result, policyType string) *Error {
	id := c.req.Caller
	detail := &AccessDeniedDetail{
		AuthAction:           act,
		AuthPrincipalOwnerId: c.callerAccount(),
		PolicyType:           policyType,
		NoPermissionType:     "ImplicitDeny",
	}
	if res.Decision == policy.ExplicitDeny {
		detail.NoPermissionType = "ExplicitDeny"
	}
	switch id.Type {
	case IdentityAssumedRole:
		detail.AuthPrincipalType = "AssumedRoleUser"
		detail.AuthPrincipalDisplayName = id.RoleName + ":" + id.SessionName
	default:
		detail.AuthPrincipalType = "SubUser"
		detail.AuthPrincipalDisplayName = id.UserName
	}
	// The real message is an encrypted blob; ours is readable base64 JSON that explains the
	// decision (handy when debugging policies against the simulator); DecodeDiagnosticMessage
	// reads it back.
	matches, _ := json.Marshal(res.Matches)
	diag, _ := json.Marshal(diagnostic{
		AuthAction: act, Resource: resource, Principal: c.callerARN(), Decision: res.Decision.String(),
		PolicyType: detail.PolicyType, PrincipalType: detail.AuthPrincipalType, OwnerID: detail.AuthPrincipalOwnerId,
		DisplayName: detail.AuthPrincipalDisplayName, Matches: matches,
	})
	detail.EncodedDiagnosticMessage = base64.StdEncoding.EncodeToString(diag)
	e := errForbidden("NoPermission", noPermissionMessage)
	e.Denied = detail
	return e
}
