package account

// Attachments of policies to users, groups and roles (ram-api.md §3.8). Each principal holds
// its attachments; each policy keeps AttachmentCount in step.

type principalKind int

const (
	principalUser principalKind = iota
	principalGroup
	principalRole
)

// kindName is the word used in parameter names and error codes: User, Group, Role.
func (k principalKind) kindName() string { return [...]string{"User", "Group", "Role"}[k] }

// principal validates <Kind>Name, authorizes on the principal and returns its attachment list
// (a pointer, so callers can change it).
func (c *call) principal(k principalKind) (*[]attachment, *Error) {
	switch k {
	case principalUser:
		u, err := c.existingUser("UserName")
		if err != nil {
			return nil, err
		}
		return &u.Attached, nil
	case principalGroup:
		g, err := c.existingGroup("GroupName")
		if err != nil {
			return nil, err
		}
		return &g.Attached, nil
	default:
		r, err := c.existingRole("RoleName")
		if err != nil {
			return nil, err
		}
		return &r.Attached, nil
	}
}

// attachArgs validates PolicyType and PolicyName, then the principal, and finds the policy.
func (c *call) attachArgs(k principalKind) (*[]attachment, *policyEnt, *Error) {
	typ, err := c.policyType(true)
	if err != nil {
		return nil, nil, err
	}
	name, err := c.policyName("PolicyName")
	if err != nil {
		return nil, nil, err
	}
	if _, err := c.required(k.kindName() + "Name"); err != nil {
		return nil, nil, err
	}
	list, err := c.principal(k)
	if err != nil {
		return nil, nil, err
	}
	if r := c.s.role(c.p("RoleName")); k == principalRole && r != nil {
		if err := refuseServiceLinked(r, c.req.Action); err != nil {
			return nil, nil, err
		}
	}
	p := c.s.policy(name)
	if p == nil || p.Type != typ {
		return nil, nil, errNoPolicy()
	}
	return list, p, nil
}

func attachTo(k principalKind) handler {
	return func(c *call) (any, *Error) {
		list, p, err := c.attachArgs(k)
		if err != nil {
			return nil, err
		}
		if findAttachment(*list, p.Name) >= 0 {
			return nil, errConflict("EntityAlreadyExists."+k.kindName()+".Policy",
				"The policy has already been attached to the %s.", lower(k.kindName()))
		}
		limit, n := maxCustomAttachments, 0
		if p.Type == "System" {
			limit = maxSystemAttachments
		}
		for _, a := range *list {
			if a.Type == p.Type {
				n++
			}
		}
		if n >= limit {
			return nil, errConflict("LimitExceeded."+k.kindName()+".Policy",
				"The count of %s policies attached to the %s beyond the current limits (%d).",
				p.Type, lower(k.kindName()), limit)
		}
		*list = append(*list, attachment{Type: p.Type, Name: p.Name, Attached: c.now})
		p.Attachments++
		c.s.attachedChanged(k, key(c.p(k.kindName()+"Name")), p.Name, true)
		return map[string]any{}, nil
	}
}

func detachFrom(k principalKind) handler {
	return func(c *call) (any, *Error) {
		list, p, err := c.attachArgs(k)
		if err != nil {
			return nil, err
		}
		i := findAttachment(*list, p.Name)
		if i < 0 {
			return nil, errNotFound("EntityNotExist."+k.kindName()+".Policy",
				"The policy is not attached to the %s.", lower(k.kindName()))
		}
		*list = append((*list)[:i:i], (*list)[i+1:]...)
		p.Attachments--
		c.s.attachedChanged(k, key(c.p(k.kindName()+"Name")), p.Name, false)
		return map[string]any{}, nil
	}
}

func listPoliciesFor(k principalKind) handler {
	return func(c *call) (any, *Error) {
		list, err := c.principal(k)
		if err != nil {
			return nil, err
		}
		out := policiesList{Policy: make([]policyView, 0, len(*list))}
		for _, a := range *list {
			p := c.s.policy(a.Name)
			if p == nil {
				continue
			}
			out.Policy = append(out.Policy, policyView{PolicyName: p.Name, PolicyType: p.Type,
				Description: p.Description, DefaultVersion: p.DefaultVersion, AttachDate: fmtTime(a.Attached)})
		}
		return map[string]any{"Policies": out}, nil
	}
}

func lower(s string) string { return key(s) }
