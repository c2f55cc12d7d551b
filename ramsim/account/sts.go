package account

import (
	"time"
	"unicode/utf8"

	"github.com/ramtui/ramtui/policy"
)

// STS: AssumeRole and GetCallerIdentity (ram-api.md §4).

var roleARNFormat = lazyRegexp(`^acs:ram::([0-9]+):role/([^/]+)$`)

const assumeRoleDenied = "No permission perform sts:AssumeRole on this Role. Maybe you are not authorized to perform sts:AssumeRole or the specified role does not trust you"

func assumeRole(c *call) (any, *Error) {
	arn, err := c.required("RoleArn")
	if err != nil {
		return nil, err
	}
	m := roleARNFormat.FindStringSubmatch(arn)
	if m == nil {
		return nil, errBadRequest("InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")
	}
	session, err := c.required("RoleSessionName")
	if err != nil {
		return nil, err
	}
	if n := len(session); n < 2 || n > 64 || !sessionNameChar.MatchString(session) {
		return nil, errBadRequest("InvalidParameter.RoleSessionName",
			"The parameter RoleSessionName must be 2 to 64 characters of letters, digits and . @ _ -.")
	}
	duration, err := c.intParam("DurationSeconds", 3600, 900, 43200)
	if err != nil {
		return nil, errBadRequest("InvalidParameter.DurationSeconds",
			"The Min/Max value of DurationSeconds is 15min/the role's MaxSessionDuration.")
	}
	var sessionDoc *policy.Document
	if text := c.p("Policy"); text != "" {
		if sessionDoc, err = parseDocument("Policy", text, policy.Session); err != nil {
			return nil, err // InvalidParameter.PolicyGrammar or InvalidParameter.PolicySize
		}
	}
	ext := c.p("ExternalId")
	if c.has("ExternalId") && (utf8.RuneCountInString(ext) < 2 || len(ext) > 1224 || !externalIDChars.MatchString(ext)) {
		return nil, errBadRequest("InvalidParameter.ExternalId",
			"The parameter ExternalId must be 2 to 1224 characters of letters, digits and _+=,.@:/-.")
	}

	id := c.req.Caller
	var caller policy.Caller
	switch id.Type {
	case IdentityUser:
		caller = policy.Caller{Type: policy.CallerUser, AccountID: c.callerAccount(), Name: id.UserName}
	case IdentityAssumedRole: // role chaining: the trust policy sees the role
		caller = policy.Caller{Type: policy.CallerRole, AccountID: c.callerAccount(), Name: id.RoleName}
	default:
		return nil, errForbidden("NoPermission", "Roles may not be assumed by root accounts.")
	}

	r := c.s.role(m[2])
	if m[1] != c.s.AccountID || r == nil {
		return nil, errNotFound("EntityNotExist.Role", "The specified Role not exists.")
	}
	if duration > r.MaxSessionDuration {
		return nil, errBadRequest("InvalidParameter.DurationSeconds",
			"The Min/Max value of DurationSeconds is 15min/%ds (the role's MaxSessionDuration).", r.MaxSessionDuration)
	}

	// Both the caller's own policies and the role's trust policy must allow.
	target := roleARN(c.s.AccountID, r.Name)
	ctx := c.conditionContext()
	if ext != "" {
		ctx["sts:ExternalId"] = []string{ext}
	}
	var identity policy.Result
	var identityErr *Error
	if x := c.req.CrossAccount; x != nil {
		// Another account's caller: its own account has judged its policies.
		identity.Decision, identityErr = policy.Allowed, x.Denied
		if x.Denied != nil {
			identity.Decision = policy.ImplicitDeny
		}
	} else {
		identity = c.evaluate(policy.Request{Action: "sts:AssumeRole", Resource: target, Context: ctx})
	}
	trusted := policy.Trusts(r.trust, caller, ctx)
	if identity.Decision != policy.Allowed || trusted.Decision != policy.Allowed {
		// The caller's own policies are judged first; only when they allow is the trust policy
		// the one that refused (AccessDeniedDetail.PolicyType tells the two apart).
		e := identityErr
		if e == nil {
			e = c.denied("sts:AssumeRole", target, identity)
		}
		if identity.Decision == policy.Allowed {
			e = c.deniedBy("sts:AssumeRole", target, trusted, "AssumeRolePolicy")
		}
		e.Message = assumeRoleDenied
		return nil, e
	}

	c.s.pruneSessions(c.now)
	keyID, secret, token := newSTSCredentials()
	ss := &stsSession{KeyID: keyID, Secret: secret, Token: token,
		Expiration: c.now.Add(time.Duration(duration) * time.Second), RoleName: r.Name, RoleID: r.ID,
		SessionName: session, Policy: c.p("Policy"), Created: c.now, doc: sessionDoc}
	c.s.Sessions[keyID] = ss
	c.s.touch(colSessions, keyID)
	return map[string]any{
		"AssumedRoleUser": map[string]string{"Arn": target + "/" + session, "AssumedRoleId": r.ID + ":" + session},
		"Credentials": map[string]string{"AccessKeyId": keyID, "AccessKeySecret": secret,
			"SecurityToken": token, "Expiration": fmtTime(ss.Expiration)},
	}, nil
}

// pruneSessions forgets sessions that expired over a day ago, so the state does not grow
// without bound; recently expired ones stay so clients get InvalidSecurityToken.Expired.
func (s *state) pruneSessions(now time.Time) {
	for id, ss := range s.Sessions {
		if now.Sub(ss.Expiration) > 24*time.Hour {
			delete(s.Sessions, id)
			s.touch(colSessions, id)
		}
	}
}

// getCallerIdentity needs no permission.
func getCallerIdentity(c *call) (any, *Error) {
	id := c.req.Caller
	out := map[string]string{"AccountId": c.s.AccountID, "Arn": c.callerARN()}
	switch id.Type {
	case IdentityUser:
		userID := id.UserID
		if u := c.s.keyOwner[id.AccessKeyID]; u != nil {
			userID = u.ID
		}
		out["IdentityType"], out["UserId"], out["PrincipalId"] = string(IdentityUser), userID, userID
	case IdentityAssumedRole:
		out["IdentityType"], out["RoleId"] = string(IdentityAssumedRole), id.RoleID
		out["PrincipalId"] = id.RoleID + ":" + id.SessionName
	default:
		out["IdentityType"], out["UserId"], out["PrincipalId"] = string(IdentityRoot), c.s.AccountID, c.s.AccountID
	}
	return out, nil
}
