package ramclient

import (
	"context"
	"errors"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/ramtui/ramtui/policy"
)

func (c *Client) policies(typ PolicyType) listing[ram.Policy, Policy] {
	return listing[ram.Policy, Policy]{conv: toPolicy, fetch: func(ctx context.Context, marker string) (rawPage[ram.Policy], error) {
		const action = "ListPolicies"
		if err := policyType(action, typ, true); err != nil {
			return rawPage[ram.Policy]{}, c.refuse(err)
		}
		target := string(typ)
		if marker != "" {
			target += " " + markerTarget(marker)
		}
		resp, err := invoke(ctx, c, call{action: action, target: target},
			func() (requests.AcsRequest, *responses.CommonResponse) {
				req := ram.CreateListPoliciesRequest()
				req.PolicyType, req.Marker, req.MaxItems = string(typ), marker, requests.NewInteger(pagePolicies)
				return req, responses.NewCommonResponse()
			})
		if err != nil {
			return rawPage[ram.Policy]{}, err
		}
		return deferredPage(action, resp, ram.CreateListPoliciesResponse, func(r *ram.ListPoliciesResponse) []ram.Policy { return r.Policies.Policy })
	}}
}

// ListPoliciesPage returns the page of policies of type typ (PolicyAny = both) starting at marker.
func (c *Client) ListPoliciesPage(ctx context.Context, typ PolicyType, marker string) (Page[Policy], error) {
	return c.policies(typ).page(ctx, marker)
}

// StreamPolicies calls fn with every page of policies of type typ as it arrives.
func (c *Client) StreamPolicies(ctx context.Context, typ PolicyType, fn func([]Policy) error) error {
	return c.policies(typ).stream(ctx, fn)
}

// AllPolicies returns every policy of type typ (PolicyAny = both).
func (c *Client) AllPolicies(ctx context.Context, typ PolicyType) ([]Policy, error) {
	return c.policies(typ).all(ctx)
}

// GetPolicy returns a policy with its default version's document in Policy.Document.
func (c *Client) GetPolicy(ctx context.Context, name string, typ PolicyType) (Policy, error) {
	const action = "GetPolicy"
	if err := lookupName(action, "PolicyName", name); err != nil {
		return Policy{}, c.refuse(err)
	}
	if err := policyType(action, typ, false); err != nil {
		return Policy{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.GetPolicyResponse) {
			req := ram.CreateGetPolicyRequest()
			req.PolicyName, req.PolicyType = name, string(typ)
			return req, ram.CreateGetPolicyResponse()
		})
	if err != nil {
		return Policy{}, err
	}
	p := toPolicy(resp.Policy)
	p.Document = resp.DefaultPolicyVersion.PolicyDocument
	if p.Document == "" && resp.Policy.PolicyDocument != "N/A" {
		p.Document = resp.Policy.PolicyDocument // older responses put it on the policy
	}
	return p, nil
}

// NewPolicy is CreatePolicy's input.
type NewPolicy struct {
	PolicyName  string // 1-128 of [A-Za-z0-9-]
	Document    string // JSON, up to 6144 characters
	Description string // up to 1024
}

// CreatePolicy creates a custom policy (checked against duplicates after an unknown outcome).
func (c *Client) CreatePolicy(ctx context.Context, p NewPolicy) (Policy, error) {
	const action = "CreatePolicy"
	for _, err := range []error{
		newPolicyName(action, "PolicyName", p.PolicyName),
		policyDocument(action, "PolicyDocument", p.Document, policy.Permission),
		maxLen(action, "Description", p.Description, 1024),
	} {
		if err != nil {
			return Policy{}, c.refuse(err)
		}
	}
	var found Policy
	check := func(ctx context.Context) (bool, error) {
		v, err := c.GetPolicy(ctx, p.PolicyName, PolicyCustom)
		return readBack(action, "policy "+p.PolicyName, v, err, &found, func(v Policy) bool { return v.Description == p.Description })
	}
	resp, err := invoke(ctx, c, call{action: action, target: p.PolicyName, safety: checked, check: check},
		func() (requests.AcsRequest, *ram.CreatePolicyResponse) {
			req := ram.CreateCreatePolicyRequest()
			req.PolicyName, req.PolicyDocument, req.Description = p.PolicyName, p.Document, p.Description
			return req, ram.CreateCreatePolicyResponse()
		})
	if errors.Is(err, errDoneEarlier) {
		return found, nil
	}
	if err != nil {
		return Policy{}, err
	}
	out := toPolicy(resp.Policy)
	out.Document = p.Document
	return out, nil
}

// UpdatePolicyDescription changes a custom policy's description.
func (c *Client) UpdatePolicyDescription(ctx context.Context, name, description string) (Policy, error) {
	const action = "UpdatePolicyDescription"
	if err := lookupName(action, "PolicyName", name); err != nil {
		return Policy{}, c.refuse(err)
	}
	if err := maxLen(action, "NewDescription", description, 1024); err != nil {
		return Policy{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.UpdatePolicyDescriptionResponse) {
			req := ram.CreateUpdatePolicyDescriptionRequest()
			req.PolicyName, req.NewDescription = name, description
			return req, ram.CreateUpdatePolicyDescriptionResponse()
		})
	if err != nil {
		return Policy{}, err
	}
	return toPolicy(resp.Policy), nil
}

// DeletePolicy deletes a custom policy (KindConflict while attached or with non-default versions).
func (c *Client) DeletePolicy(ctx context.Context, name string) error {
	const action = "DeletePolicy"
	if err := lookupName(action, "PolicyName", name); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: name, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ram.DeletePolicyResponse) {
			req := ram.CreateDeletePolicyRequest()
			req.PolicyName = name
			return req, ram.CreateDeletePolicyResponse()
		})
	return err
}

// PolicyVersions lists a policy's versions.
func (c *Client) PolicyVersions(ctx context.Context, name string, typ PolicyType) ([]PolicyVersion, error) {
	const action = "ListPolicyVersions"
	if err := lookupName(action, "PolicyName", name); err != nil {
		return nil, c.refuse(err)
	}
	if err := policyType(action, typ, false); err != nil {
		return nil, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.ListPolicyVersionsResponse) {
			req := ram.CreateListPolicyVersionsRequest()
			req.PolicyName, req.PolicyType = name, string(typ)
			return req, ram.CreateListPolicyVersionsResponse()
		})
	if err != nil {
		return nil, err
	}
	return mapSlice(resp.PolicyVersions.PolicyVersion, toVersion), nil
}

// GetPolicyVersion returns one version with its document.
func (c *Client) GetPolicyVersion(ctx context.Context, name string, typ PolicyType, version string) (PolicyVersion, error) {
	const action = "GetPolicyVersion"
	if err := lookupName(action, "PolicyName", name); err != nil {
		return PolicyVersion{}, c.refuse(err)
	}
	if err := policyType(action, typ, false); err != nil {
		return PolicyVersion{}, c.refuse(err)
	}
	if err := versionID(action, version); err != nil {
		return PolicyVersion{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name + " " + version},
		func() (requests.AcsRequest, *ram.GetPolicyVersionResponse) {
			req := ram.CreateGetPolicyVersionRequest()
			req.PolicyName, req.PolicyType, req.VersionId = name, string(typ), version
			return req, ram.CreateGetPolicyVersionResponse()
		})
	if err != nil {
		return PolicyVersion{}, err
	}
	return toVersion(resp.PolicyVersion), nil
}

// NewPolicyVersion is CreatePolicyVersion's input.
type NewPolicyVersion struct {
	Document   string
	SetDefault bool
	// RotateOldest deletes the oldest non-default version when the policy already has 5
	// (RotateStrategy DeleteOldestNonDefaultVersionWhenLimitExceeded); otherwise that is
	// KindLimitExceeded.
	RotateOldest bool
}

// CreatePolicyVersion adds a version to a custom policy. It is never sent twice after an unknown
// outcome without reading the versions back first (a duplicate version would be added).
func (c *Client) CreatePolicyVersion(ctx context.Context, name string, v NewPolicyVersion) (PolicyVersion, error) {
	const action = "CreatePolicyVersion"
	if err := lookupName(action, "PolicyName", name); err != nil {
		return PolicyVersion{}, c.refuse(err)
	}
	if err := policyDocument(action, "PolicyDocument", v.Document, policy.Permission); err != nil {
		return PolicyVersion{}, c.refuse(err)
	}
	// After a lost answer the versions are read back: a version that appeared since, with this
	// document, is ours (not created twice); none means the create did not happen.
	cl := call{action: action, target: name, safety: checked}
	before, err := c.PolicyVersions(ctx, name, PolicyCustom)
	switch {
	case errors.Is(err, ErrDenied): // may create but not list: a lost answer is only reported
		cl.safety = once
	case err != nil:
		return PolicyVersion{}, err
	}
	var found PolicyVersion
	cl.check = func(ctx context.Context) (bool, error) {
		after, err := c.PolicyVersions(ctx, name, PolicyCustom)
		if err != nil {
			return false, err
		}
		known := map[string]bool{}
		for _, pv := range before {
			known[pv.VersionID] = true
		}
		for _, pv := range after {
			if !known[pv.VersionID] {
				if pv.Document != v.Document {
					return false, &Error{Action: action, Kind: KindConflict,
						Message: "the answer was lost, and version " + pv.VersionID + " that appeared meanwhile has another document: not created by this call"}
				}
				found = pv
				return true, nil
			}
		}
		return false, nil
	}
	resp, err := invoke(ctx, c, cl,
		func() (requests.AcsRequest, *ram.CreatePolicyVersionResponse) {
			req := ram.CreateCreatePolicyVersionRequest()
			req.PolicyName, req.PolicyDocument = name, v.Document
			req.SetAsDefault = requests.NewBoolean(v.SetDefault)
			if v.RotateOldest {
				req.RotateStrategy = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
			}
			return req, ram.CreateCreatePolicyVersionResponse()
		})
	if errors.Is(err, errDoneEarlier) {
		return found, nil
	}
	if err != nil {
		return PolicyVersion{}, err
	}
	return toVersion(resp.PolicyVersion), nil
}

// DeletePolicyVersion deletes a non-default version.
func (c *Client) DeletePolicyVersion(ctx context.Context, name, version string) error {
	const action = "DeletePolicyVersion"
	if err := lookupName(action, "PolicyName", name); err != nil {
		return c.refuse(err)
	}
	if err := versionID(action, version); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: name + " " + version, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ram.DeletePolicyVersionResponse) {
			req := ram.CreateDeletePolicyVersionRequest()
			req.PolicyName, req.VersionId = name, version
			return req, ram.CreateDeletePolicyVersionResponse()
		})
	return err
}

// SetDefaultPolicyVersion makes version the policy's default.
func (c *Client) SetDefaultPolicyVersion(ctx context.Context, name, version string) error {
	const action = "SetDefaultPolicyVersion"
	if err := lookupName(action, "PolicyName", name); err != nil {
		return c.refuse(err)
	}
	if err := versionID(action, version); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: name + " " + version},
		func() (requests.AcsRequest, *ram.SetDefaultPolicyVersionResponse) {
			req := ram.CreateSetDefaultPolicyVersionRequest()
			req.PolicyName, req.VersionId = name, version
			return req, ram.CreateSetDefaultPolicyVersionResponse()
		})
	return err
}

// PolicyEntities lists the users, groups and roles a policy is attached to (AttachDate set).
func (c *Client) PolicyEntities(ctx context.Context, name string, typ PolicyType) (PolicyEntities, error) {
	const action = "ListEntitiesForPolicy"
	if err := lookupName(action, "PolicyName", name); err != nil {
		return PolicyEntities{}, c.refuse(err)
	}
	if err := policyType(action, typ, false); err != nil {
		return PolicyEntities{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.ListEntitiesForPolicyResponse) {
			req := ram.CreateListEntitiesForPolicyRequest()
			req.PolicyName, req.PolicyType = name, string(typ)
			return req, ram.CreateListEntitiesForPolicyResponse()
		})
	if err != nil {
		return PolicyEntities{}, err
	}
	return PolicyEntities{
		Users:  mapSlice(resp.Users.User, toUser),
		Groups: mapSlice(resp.Groups.Group, toGroup),
		Roles:  mapSlice(resp.Roles.Role, toRole),
	}, nil
}
