package grant

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/ossclient"
	"github.com/ramtui/ramtui/parallel"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// Probe is one request the developer's session will (or must not) be able to make.
type Probe struct {
	Name    string
	Request policy.Request
	Expect  policy.Decision // Allowed, or ImplicitDeny for "must not"
	// The same request as a live OSS call would make it: the bucket and, for an object
	// action, the key; for a listing, the prefix and delimiter.
	Bucket, Key       string
	List              bool
	Prefix, Delimiter string
	// Other marks the probe of another bucket: a made-up name until a live verification
	// finds another bucket of the account (a made-up one answers NoSuchBucket, another
	// account's AccessDenied, before OSS looks at the grant).
	Other bool
}

// ProbeResult is a probe with the evaluated decision.
type ProbeResult struct {
	Probe
	Answer access.Answer
	OK     bool // the decision is the expected one (any deny counts as a deny), and so is the observed one when the probe was made live

	// Observed is what the probe's real OSS request answered (live verification):
	// ObservedAllowed, an OSS error code (AccessDenied, NoSuchBucket, NoSuchKey, ...) or
	// ObservedNoAnswer; "" when the probe was only evaluated (ObservedDetail may say why).
	Observed string
	// ObservedDetail says what the request did or why it was not made (outside text: show it
	// through safetext).
	ObservedDetail string
	RequestID      string // the OSS RequestId of the answer
}

// probeKey is the object the probes read and write; nothing is really written.
const probeKey = "ramtui-probe.txt"

// Probes are the checks of a grant, for its bucket, directory and access levels: list the
// directory, list the bucket root, list another prefix, read / write / delete inside, read and
// write outside, and another bucket.
func Probes(r Request) []Probe {
	want := func(level policy.OSSAccess) policy.Decision {
		if r.Access&level != 0 {
			return policy.Allowed
		}
		return policy.ImplicitDeny
	}
	// Both keys are always there, empty when the request has none: what OSS (and the
	// simulator's OSS) evaluates a listing with.
	list := func(name, prefix, delim string, expect policy.Decision) Probe {
		return Probe{Name: name, Expect: expect, Bucket: r.Bucket, List: true, Prefix: prefix, Delimiter: delim,
			Request: policy.Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:" + r.Bucket,
				Context: policy.Context{"oss:Prefix": {prefix}, "oss:Delimiter": {delim}}}}
	}
	object := func(name, action, bucket, key string, expect policy.Decision) Probe {
		return Probe{Name: name, Expect: expect, Bucket: bucket, Key: key,
			Request: policy.Request{Action: action, Resource: "acs:oss:*:*:" + bucket + "/" + key}}
	}
	// "Outside" is next to the directory: its parent, or the bucket root for a top-level one,
	// so a policy that grants the parent by mistake shows.
	parent := ""
	if i := strings.LastIndex(strings.TrimSuffix(r.Dir, "/"), "/"); i >= 0 {
		parent = r.Dir[:i+1]
	}
	otherBucket := "ramtui-probe-other-bucket"
	if otherBucket == r.Bucket {
		otherBucket += "-2"
	}
	probes := []Probe{
		list("list the directory", r.Dir, "/", want(policy.OSSList)),
		list("list the directory recursively", r.Dir, "", want(policy.OSSList)),
		list("list the bucket root", "", "", policy.ImplicitDeny),
		list("list another prefix", parent+"ramtui-probe-other/", "", policy.ImplicitDeny),
	}
	if r.Access&policy.OSSBrowse != 0 {
		probes = append(probes, list("browse the bucket root (one level)", "", "/", policy.Allowed))
	}
	return append(probes,
		object("read inside", "oss:GetObject", r.Bucket, r.Dir+probeKey, want(policy.OSSRead)),
		object("write inside", "oss:PutObject", r.Bucket, r.Dir+probeKey, want(policy.OSSWrite)),
		object("delete inside", "oss:DeleteObject", r.Bucket, r.Dir+probeKey, want(policy.OSSDelete)),
		object("read outside", "oss:GetObject", r.Bucket, parent+probeKey, policy.ImplicitDeny),
		object("write outside", "oss:PutObject", r.Bucket, parent+probeKey, policy.ImplicitDeny),
		other(object("read another bucket", "oss:GetObject", otherBucket, r.Dir+probeKey, policy.ImplicitDeny)),
	)
}

func other(p Probe) Probe {
	p.Other = true
	return p
}

// retarget points an object probe at another bucket, the same key.
func (p *Probe) retarget(bucket string) {
	p.Bucket = bucket
	p.Request.Resource = "acs:oss:*:*:" + bucket + "/" + p.Key
}

// RunProbes evaluates the probes as subject (the role, with a session policy if one is given).
func RunProbes(subject *access.Subject, probes []Probe) []ProbeResult {
	out := make([]ProbeResult, len(probes))
	for i, p := range probes {
		a := subject.Evaluate(p.Request)
		ok := a.Decision == p.Expect || (p.Expect != policy.Allowed && a.Decision != policy.Allowed)
		out[i] = ProbeResult{Probe: p, Answer: a, OK: ok}
	}
	return out
}

// Check is one link of the chain from the user to the permission.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	// Skipped is set when the check was not made (Detail says why); it is neither passed nor
	// failed.
	Skipped bool `json:"skipped,omitempty"`
}

// Verification is what Verify found.
type Verification struct {
	Probes []ProbeResult
	Chain  []Check
}

// OK reports whether every probe matched and every check made passed.
func (v *Verification) OK() bool {
	for _, p := range v.Probes {
		if !p.OK {
			return false
		}
	}
	for _, c := range v.Chain {
		if !c.OK && !c.Skipped {
			return false
		}
	}
	return true
}

// VerifyOptions tune Verify.
type VerifyOptions struct {
	// SessionPolicy (JSON) narrows the session the probes evaluate, as the developer's
	// AssumeRole Policy parameter would.
	SessionPolicy string
	// AssumeForReal makes Verify really assume the role as the user: it creates a temporary
	// AccessKey for the user, calls AssumeRole with it, asks STS who the session is, and deletes
	// the key again (also when a step fails). It is the only way to prove the chain end to end
	// without the user's own secret; on a real account it is done only when asked for.
	AssumeForReal bool
	// Live also makes the probes for real, as OSS requests signed with the session of that
	// AssumeRole (so it implies AssumeForReal): list the directory, write a uniquely named
	// probe object inside, read it back, delete it; list the bucket root and write outside,
	// expecting AccessDenied. Whatever a probe wrote is removed before Verify returns, with the
	// admin's credentials when the session may not delete.
	Live bool
	// OSSEndpoint is where live probes go: "" means the simulator's own port when the client
	// talks to a local simulator, else the public endpoint of the request's region (which
	// must then be given: ErrLiveEndpoint).
	OSSEndpoint string
	// UserCredentials, when set, is the user's own AccessKey (given by the admin): the real
	// AssumeRole signs with it instead of a temporary key made for the check.
	UserCredentials *ramclient.Credentials
}

// SessionName is the RoleSessionName of the real AssumeRole check.
const SessionName = "ramtui-grant-check"

// Verify checks the grant as it now is in the account (not as planned): the probes, evaluated
// with the role's attached policies (and the session policy), and the chain: the role trusts
// the user, the user may call AssumeRole on it, the role has the grant's policy, and, with
// AssumeForReal, an actual AssumeRole as the user.
func Verify(ctx context.Context, c *ramclient.Client, p *Plan, o VerifyOptions) (*Verification, error) {
	r := p.Request
	var target liveTarget
	if o.Live {
		var err error
		if target, err = newLiveTarget(c, r, o); err != nil {
			return nil, err
		}
	}
	// The reads are independent: make them at once.
	var (
		role, user    *access.Subject
		got           ramclient.Role
		other, notYet string
	)
	err := parallel.Each(4, func(i int) (err error) {
		switch i {
		case 0:
			role, err = access.Load(ctx, c, access.Principal{Kind: access.Role, Name: r.RoleName, SessionPolicy: o.SessionPolicy}, p.AccountID)
		case 1:
			got, err = c.GetRole(ctx, r.RoleName)
		case 2:
			user, err = access.Load(ctx, c, access.Principal{Kind: access.User, Name: r.User}, p.AccountID)
		case 3:
			if o.Live {
				other, notYet = target.otherBucket(ctx, r.Bucket)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	probes := Probes(r)
	for i := range probes {
		if probes[i].Other && other != "" {
			probes[i].retarget(other)
		}
	}
	v := &Verification{Probes: RunProbes(role, probes)}
	if o.Live {
		for i := range v.Probes {
			if v.Probes[i].Other && other == "" {
				v.Probes[i].ObservedDetail = notYet // evaluated only: runLive leaves it
			}
		}
	}

	trust := Check{Name: "the role trusts user " + r.User}
	if doc, err := policy.Parse(got.TrustPolicy, policy.Trust); err != nil {
		trust.Detail = "the trust policy does not parse: " + err.Error()
	} else {
		res := policy.Trusts(doc, policy.Caller{Type: policy.CallerUser, AccountID: p.AccountID, Name: r.User}, nil)
		trust.OK, trust.Detail = res.Decision == policy.Allowed, res.Explain()
	}
	v.Chain = append(v.Chain, trust)

	a := user.Evaluate(policy.Request{Action: "sts:AssumeRole", Resource: p.RoleARN})
	v.Chain = append(v.Chain, Check{Name: "user " + r.User + " may call sts:AssumeRole on the role", OK: a.Decision == policy.Allowed, Detail: a.Explanation})

	has := Check{Name: "the role has policy " + p.PolicyName, Detail: "not attached"}
	for _, pol := range role.Policies {
		if pol.Name == p.PolicyName && pol.Type == "Custom" {
			has.OK, has.Detail = true, "attached, default version "+pol.Version
		}
	}
	v.Chain = append(v.Chain, has)

	if o.Live {
		var cleanup *Check
		ch := assumeAsUser(ctx, c, p, o, func(sess ramclient.STSCredentials) {
			cleanup = runLive(ctx, target, ossclient.Credentials{AccessKeyID: sess.AccessKeyID,
				AccessKeySecret: sess.AccessKeySecret, SecurityToken: sess.SecurityToken}, v.Probes)
		})
		v.Chain = append(v.Chain, ch)
		if cleanup != nil {
			v.Chain = append(v.Chain, *cleanup)
		}
		if !ch.OK {
			// Without a session no probe was made: none of them may pass as if it had been.
			for i := range v.Probes {
				if v.Probes[i].Observed == "" && v.Probes[i].ObservedDetail == "" {
					v.Probes[i].observe(ObservedNoAnswer, "", "not made: no session (see the AssumeRole check)")
				}
			}
		}
	} else if o.AssumeForReal {
		v.Chain = append(v.Chain, assumeAsUser(ctx, c, p, o, nil))
	} else {
		v.Chain = append(v.Chain, Check{Name: "AssumeRole as user " + r.User, Skipped: true,
			Detail: "evaluated only: a real AssumeRole needs a temporary AccessKey for the user (ask for it)"})
	}
	return v, nil
}

// assumeAsUser proves the chain with real calls: a temporary key for the user (or the key the
// admin gave), AssumeRole, GetCallerIdentity as the session, then (when then is not nil) the
// session's work, and the temporary key deleted whatever happens.
func assumeAsUser(ctx context.Context, c *ramclient.Client, p *Plan, o VerifyOptions, then func(ramclient.STSCredentials)) (ch Check) {
	r := p.Request
	ch = Check{Name: "AssumeRole as user " + r.User}
	if o.UserCredentials != nil {
		return assumeWith(ctx, c, p, *o.UserCredentials, true, o.SessionPolicy, "with the AccessKey given for the user", then)
	}
	key, err := c.CreateAccessKey(ctx, r.User)
	if errors.Is(err, ramclient.ErrLimitExceeded) {
		ch.Skipped, ch.Detail = true, "not made: user "+r.User+" already has the most AccessKeys a user may have, and none of them is ours to use"
		return ch
	}
	if err != nil {
		ch.Detail = "could not create a temporary AccessKey for the user: " + err.Error()
		return ch
	}
	defer func() {
		// Delete the key even when ctx was cancelled: a forgotten key is a real risk.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := c.DeleteAccessKey(dctx, r.User, key.AccessKeyID); err != nil {
			ch.OK = false
			ch.Detail += "; and the temporary AccessKey " + key.AccessKeyID + " could NOT be deleted: " + err.Error() + " -- delete it by hand"
		}
	}()
	return assumeWith(ctx, c, p, ramclient.Credentials{AccessKeyID: key.AccessKeyID, AccessKeySecret: key.Secret, Source: "temporary key of " + r.User},
		false, o.SessionPolicy, "a temporary AccessKey of the user was created for this and deleted", then)
}

// assumeWith assumes the plan's role signed with the user's key and checks the session.
// given is set for a key from outside, which is first checked to be the user's.
func assumeWith(ctx context.Context, c *ramclient.Client, p *Plan, key ramclient.Credentials, given bool, sessionPolicy, how string, then func(ramclient.STSCredentials)) (ch Check) {
	r := p.Request
	ch = Check{Name: "AssumeRole as user " + r.User}
	as, err := c.As(key)
	if err != nil {
		ch.Detail = err.Error()
		return ch
	}
	defer as.Close()
	if given {
		// Make sure the key is the user's, or the check would prove nothing.
		id, err := as.CallerIdentity(ctx)
		if err != nil {
			ch.Detail = "the AccessKey given for the user does not work: " + err.Error()
			return ch
		}
		if !strings.HasSuffix(id.Arn, ":user/"+r.User) {
			ch.Detail = "the AccessKey given is " + id.Arn + "'s, not user " + r.User + "'s"
			return ch
		}
	}
	creds, err := assumeWithRetry(ctx, as, ramclient.AssumeRoleInput{RoleArn: p.RoleARN, SessionName: SessionName, Policy: sessionPolicy})
	if err != nil {
		ch.Detail = "AssumeRole failed: " + err.Error()
		return ch
	}
	sess, err := c.As(creds.Credentials())
	if err != nil {
		ch.Detail = err.Error()
		return ch
	}
	defer sess.Close()
	id, err := sess.CallerIdentity(ctx)
	if err != nil {
		ch.Detail = "the session does not work: " + err.Error()
		return ch
	}
	ch.OK = strings.Contains(id.Arn, ":role/"+r.RoleName+"/") || strings.Contains(id.Arn, ":assumed-role/"+r.RoleName+"/")
	ch.Detail = "session " + id.Arn + " (" + how + ")"
	if ch.OK && then != nil {
		then(creds)
	}
	return ch
}

// assumeWithRetry retries a refused AssumeRole for a few seconds: on the real service a new
// AccessKey and a new trust policy take a moment to be seen everywhere.
func assumeWithRetry(ctx context.Context, c *ramclient.Client, in ramclient.AssumeRoleInput) (ramclient.STSCredentials, error) {
	deadline := time.Now().Add(15 * time.Second)
	for {
		creds, err := c.AssumeRole(ctx, in)
		if err == nil || c.Local() || time.Now().After(deadline) ||
			!(errors.Is(err, ramclient.ErrDenied) || errors.Is(err, ramclient.ErrAuthFailed)) {
			return creds, err
		}
		select {
		case <-ctx.Done():
			return creds, err
		case <-time.After(2 * time.Second):
		}
	}
}

// PlannedProbes evaluates the probes on the plan's own permission policy, before anything is
// applied: what the session will be able to do if the role ends up with exactly this policy
// (a preview for the plan; Verify checks the account as it really is afterwards).
func (p *Plan) PlannedProbes() []ProbeResult {
	role := &access.Subject{
		Principal: access.Principal{Kind: access.Role, Name: p.Request.RoleName},
		AccountID: p.AccountID,
		Policies: []access.Policy{{Name: p.PolicyName, Type: "Custom", Version: "planned",
			Via: []string{"role " + p.Request.RoleName}, Document: p.Permission.Pretty(), Doc: p.Permission}},
	}
	return RunProbes(role, Probes(p.Request))
}
