package grant

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/parallel"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// Action says what a step will do.
type Action string

const (
	Create  Action = "create"  // the entity does not exist: make it
	Reuse   Action = "reuse"   // it exists and matches: nothing to do
	Replace Action = "replace" // it exists and differs: only with Options.Replace
	Attach  Action = "attach"  // attach a policy
	Skip    Action = "skip"    // already attached, or not needed (Step.Why says which)
)

// StepKind names the five steps of a grant, in the plan's order (Apply makes the policy, the
// role and the caller-side policy together, then the two attachments: applyRounds).
type StepKind string

const (
	StepPolicy       StepKind = "policy"        // the permission policy
	StepRole         StepKind = "role"          // the role with its trust policy
	StepAttachRole   StepKind = "attach-role"   // the permission policy onto the role
	StepCallerPolicy StepKind = "caller-policy" // the scoped sts:AssumeRole policy
	StepAttachUser   StepKind = "attach-user"   // the caller-side policy onto the user
)

// Step is one change of the plan.
type Step struct {
	Kind   StepKind
	Action Action
	Title  string // e.g. "create policy oss-test-dir111-oss"
	Why    string // for Skip and Reuse: why nothing is done
	// Diff is, for Replace, what differs between what exists (-) and what the grant wants (+).
	Diff string
}

// Changes reports whether the step calls a mutating API.
func (s Step) Changes() bool { return s.Action == Create || s.Action == Replace || s.Action == Attach }

// Plan is everything a grant will do, computed from the request and the account as it is.
type Plan struct {
	Request   Request // normalised
	AccountID string
	RoleARN   string

	PolicyName string
	Permission *policy.Document
	Trust      *policy.Document

	// CallerPolicy is the scoped sts:AssumeRole policy when the user needs it, else nil and
	// CallerAlready says why not (the statement that already allows it).
	CallerPolicyName string
	CallerPolicy     *policy.Document
	CallerAlready    string

	Steps []Step
	// Bucket is whether the account has the bucket (checked beside the RAM reads).
	Bucket BucketCheck
	// Blockers are problems no step can fix (an explicit Deny of sts:AssumeRole on the user):
	// the plan must not be applied.
	Blockers []string

	existing existing
}

// existing is what the plan found, for Apply's replacements and rollbacks.
type existing struct {
	role         *ramclient.Role
	policyVer    string // the policies' current default versions, to restore on rollback
	callerVer    string
	roleAttached bool
	userAttached bool
}

// Differs reports whether any step would replace an existing document.
func (p *Plan) Differs() bool {
	for _, s := range p.Steps {
		if s.Action == Replace {
			return true
		}
	}
	return false
}

// Changes counts the steps that call a mutating API.
func (p *Plan) Changes() int {
	n := 0
	for _, s := range p.Steps {
		if s.Changes() {
			n++
		}
	}
	return n
}

// ErrUserNotFound is returned by MakePlan when the RAM user does not exist.
var ErrUserNotFound = errors.New("the RAM user does not exist")

// MakePlan validates the request, reads what exists (the user and its effective policies, the
// role, the policies, whether the account has the bucket) and returns what a grant would do.
// It changes nothing.
func MakePlan(ctx context.Context, c *ramclient.Client, req Request) (*Plan, error) {
	req, err := req.Normalize()
	if err != nil {
		return nil, err
	}
	id, err := c.CallerIdentity(ctx)
	if err != nil {
		return nil, err
	}
	// The account ID goes into ARNs and documents printed later: the templates below refuse
	// anything but digits, so a hostile answer stops here.
	p := &Plan{Request: req, AccountID: id.AccountID, PolicyName: PolicyName(req.RoleName), CallerPolicyName: CallerPolicyName(req.RoleName)}
	p.RoleARN = "acs:ram::" + p.AccountID + ":role/" + req.RoleName
	if p.Permission, err = policy.OSSDirectoryPolicy(req.Bucket, req.Dir, req.Access); err != nil {
		return nil, err
	}
	if p.Trust, err = policy.TrustPrincipalsPolicy([]string{"acs:ram::" + p.AccountID + ":user/" + req.User}, ""); err != nil {
		return nil, err
	}
	if p.CallerPolicy, err = policy.AssumeRolePolicy(p.RoleARN); err != nil {
		return nil, err
	}

	// Read the account: the user (with what it may already do), the role, both policies.
	var (
		user                  *access.Subject
		userErr, roleErr      error
		role                  ramclient.Role
		perm, caller          ramclient.Policy
		permErr, callerErr    error
		roleAttached          []ramclient.Policy
		roleAttachedErr       error
		roleExists, permFound bool
	)
	// The bucket is looked for beside them (OSS, as the admin): one round trip more in
	// parallel, none in sequence.
	_ = parallel.Each(5, func(i int) error {
		switch i {
		case 0:
			user, userErr = access.Load(ctx, c, access.Principal{Kind: access.User, Name: req.User}, p.AccountID)
		case 1:
			role, roleErr = c.GetRole(ctx, req.RoleName)
			if roleErr == nil {
				roleAttached, roleAttachedErr = c.PoliciesFor(ctx, ramclient.RolePrincipal(req.RoleName))
			}
		case 2:
			perm, permErr = c.GetPolicy(ctx, p.PolicyName, ramclient.PolicyCustom)
		case 3:
			caller, callerErr = c.GetPolicy(ctx, p.CallerPolicyName, ramclient.PolicyCustom)
		case 4:
			p.Bucket = checkBucket(ctx, c, req)
		}
		return nil
	})
	if errors.Is(userErr, ramclient.ErrNotFound) {
		return nil, fmt.Errorf("user %s: %w", req.User, ErrUserNotFound)
	}
	for _, e := range []error{userErr, absent(roleErr), absent(permErr), absent(callerErr), roleAttachedErr} {
		if e != nil {
			return nil, e
		}
	}
	roleExists, permFound = roleErr == nil, permErr == nil

	// 1. The permission policy.
	if permFound {
		p.existing.policyVer = perm.DefaultVersion
		p.Steps = append(p.Steps, compareDoc(StepPolicy, "policy "+p.PolicyName, perm.Document, p.Permission, policy.Permission))
	} else {
		p.Steps = append(p.Steps, Step{Kind: StepPolicy, Action: Create, Title: "create policy " + p.PolicyName})
	}
	// 2. The role.
	if roleExists {
		p.existing.role = &role
		st := compareRole(role, p.Trust, req.MaxSession)
		if !strings.HasPrefix(role.Description, Marker) {
			st.Why += "; the role was not made by a grant, so 'grant revoke' will not remove it"
		}
		p.Steps = append(p.Steps, st)
	} else {
		p.Steps = append(p.Steps, Step{Kind: StepRole, Action: Create, Title: "create role " + req.RoleName})
	}
	// 3. The attachment.
	for _, a := range roleAttached {
		if a.PolicyName == p.PolicyName && a.PolicyType == ramclient.PolicyCustom {
			p.existing.roleAttached = true
		}
	}
	if p.existing.roleAttached {
		p.Steps = append(p.Steps, Step{Kind: StepAttachRole, Action: Skip, Title: "attach policy " + p.PolicyName + " to role " + req.RoleName, Why: "already attached"})
	} else {
		p.Steps = append(p.Steps, Step{Kind: StepAttachRole, Action: Attach, Title: "attach policy " + p.PolicyName + " to role " + req.RoleName})
	}
	// 4-5. The caller side: may the user already call AssumeRole on this role?
	p.planCaller(user, caller, callerErr == nil)
	return p, nil
}

func (p *Plan) planCaller(user *access.Subject, caller ramclient.Policy, callerFound bool) {
	req := p.Request
	for _, pol := range user.Policies {
		if pol.Name == p.CallerPolicyName && pol.Type == "Custom" {
			for _, via := range pol.Via {
				if via == "user "+req.User {
					p.existing.userAttached = true
				}
			}
		}
	}
	a := user.Evaluate(policy.Request{Action: "sts:AssumeRole", Resource: p.RoleARN})
	createTitle := "create policy " + p.CallerPolicyName + " (sts:AssumeRole on " + p.RoleARN + " only)"
	attachTitle := "attach policy " + p.CallerPolicyName + " to user " + req.User
	switch {
	case a.Decision == policy.ExplicitDeny:
		p.Blockers = append(p.Blockers, "user "+req.User+" is explicitly denied sts:AssumeRole on this role: "+a.Explanation+
			"; no Allow can override a Deny, so the grant could never be used")
		p.CallerPolicy = nil
		return
	case a.Decision == policy.Allowed && !p.existing.userAttached:
		// Another policy (e.g. AliyunSTSAssumeRoleAccess) already allows it: add nothing.
		p.CallerAlready = a.Explanation
		p.CallerPolicy = nil
		why := "user " + req.User + " may already call AssumeRole on this role: " + a.Explanation
		p.Steps = append(p.Steps,
			Step{Kind: StepCallerPolicy, Action: Skip, Title: createTitle, Why: why},
			Step{Kind: StepAttachUser, Action: Skip, Title: attachTitle, Why: "not needed"})
		return
	}
	if callerFound {
		p.existing.callerVer = caller.DefaultVersion
		st := compareDoc(StepCallerPolicy, "policy "+p.CallerPolicyName, caller.Document, p.CallerPolicy, policy.Permission)
		p.Steps = append(p.Steps, st)
	} else {
		p.Steps = append(p.Steps, Step{Kind: StepCallerPolicy, Action: Create, Title: createTitle})
	}
	if p.existing.userAttached {
		p.Steps = append(p.Steps, Step{Kind: StepAttachUser, Action: Skip, Title: attachTitle, Why: "already attached"})
	} else {
		p.Steps = append(p.Steps, Step{Kind: StepAttachUser, Action: Attach, Title: attachTitle})
	}
}

// compareDoc is Reuse when the existing document means the same as want, else Replace with a
// diff. A document that does not even parse differs.
func compareDoc(kind StepKind, what, have string, want *policy.Document, k policy.Kind) Step {
	if d, err := policy.Parse(have, k); err == nil && d.Equal(want) {
		return Step{Kind: kind, Action: Reuse, Title: "reuse " + what, Why: "exists with the same document"}
	}
	return Step{Kind: kind, Action: Replace, Title: "replace the document of " + what,
		Diff: Diff(prettyOr(have, k), want.Pretty())}
}

func compareRole(role ramclient.Role, trust *policy.Document, maxSession time.Duration) Step {
	st := compareDoc(StepRole, "role "+role.RoleName, role.TrustPolicy, trust, policy.Trust)
	if st.Action == Replace {
		st.Title = "replace the trust policy of role " + role.RoleName
	}
	if role.MaxSessionDuration != maxSession {
		line := fmt.Sprintf("-MaxSessionDuration %v\n+MaxSessionDuration %v\n", role.MaxSessionDuration, maxSession)
		if st.Action == Replace {
			st.Diff += line
			st.Title += " and its maximum session"
		} else {
			st = Step{Kind: StepRole, Action: Replace, Title: "change the maximum session of role " + role.RoleName, Diff: line}
		}
	}
	return st
}

// prettyOr re-formats a document for a readable diff; one that does not parse stays as it is.
func prettyOr(doc string, k policy.Kind) string {
	if d, err := policy.Parse(doc, k); err == nil {
		return d.Pretty()
	}
	return doc
}

// absent turns "not found" into no error: for the plan, absence is an answer.
func absent(err error) error {
	if errors.Is(err, ramclient.ErrNotFound) {
		return nil
	}
	return err
}
