package account

import "github.com/ramtui/ramtui/policy"

// Authorize is the seam for the other services of the simulator (the OSS part): it decides
// whether req.Caller may perform act (e.g. "oss:GetObject") on resource, with the same rules as
// RAM's own actions (root may do everything; a RAM user by its own and its groups' policies; an
// STS session by its role's policies intersected with its session policy). extra adds the
// service's condition keys (oss:Prefix, oss:Delimiter) to the common ones (acs:SourceIp...).
// A nil result means allowed; otherwise the 403 NoPermission error with its AccessDeniedDetail,
// which the caller re-codes in its own protocol.
func (a *Account) Authorize(req Request, act, resource string, extra policy.Context) *Error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	c := &call{a: a, s: a.s, req: req, now: a.now()}
	if req.Caller.Type == IdentityRoot {
		return nil
	}
	ctx := c.conditionContext()
	for k, v := range extra {
		ctx[k] = v
	}
	res := c.evaluate(policy.Request{Action: act, Resource: resource, Context: ctx})
	if res.Decision == policy.Allowed {
		return nil
	}
	return c.denied(act, resource, res)
}
