package audit

import (
	"path"
	"strings"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/policy"
)

// Grant is one principal whose policies allow the request, with the statements that decide it.
type Grant struct {
	Subject  *access.Subject
	Answer   access.Answer
	Assumers []Assumer // roles: the users who may assume the role
	// Trusted are the other principals the role's trust policy admits (services, identity
	// providers, other accounts, the whole account): who-can cannot tell which of their
	// identities get in, so it names them.
	Trusted []string
}

// Assumer is a user who may assume a role: its policies allow sts:AssumeRole on the role
// (Allow) and the role's trust policy admits it (TrustStatements, indexes into the trust
// policy's Statement array).
type Assumer struct {
	User            string
	Subject         *access.Subject // the user's, whose statements Allow names
	Allow           access.Answer
	TrustStatements []int
}

// Subject builds the access subject of a user (its own and its groups' policies), a group or a
// role from the snapshot, so who-can asks the same engine as `ramtui simulate`. nil when the
// principal is not in the snapshot.
func (s *Snapshot) Subject(kind access.Kind, name string) *access.Subject {
	sub := &access.Subject{Principal: access.Principal{Kind: kind, Name: name}, AccountID: s.AccountID}
	switch kind {
	case access.User:
		u := s.user(name)
		if u == nil {
			return nil
		}
		return s.userSubject(u)
	case access.Group:
		g := s.group(name)
		if g == nil {
			return nil
		}
		s.addPolicies(sub, g.Policies, "group "+name)
	case access.Role:
		r := s.role(name)
		if r == nil {
			return nil
		}
		s.addPolicies(sub, r.Policies, "role "+name)
	}
	return sub
}

// userSubject is a user's subject: its own policies and its groups'.
func (s *Snapshot) userSubject(u *UserFacts) *access.Subject {
	name := u.User.UserName
	sub := &access.Subject{Principal: access.Principal{Kind: access.User, Name: name}, AccountID: s.AccountID}
	s.addPolicies(sub, u.Policies, "user "+name)
	for _, g := range u.Groups {
		sub.Groups = append(sub.Groups, g)
		if gf := s.group(g); gf != nil {
			s.addPolicies(sub, gf.Policies, "group "+g)
		}
	}
	return sub
}

// addPolicies adds the policies keys name to sub, each distinct policy once with every way it
// applies.
func (s *Snapshot) addPolicies(sub *access.Subject, keys []PolicyKey, via string) {
next:
	for _, k := range keys {
		for i := range sub.Policies {
			if sub.Policies[i].Name == k.Name && sub.Policies[i].Type == k.Type {
				sub.Policies[i].Via = append(sub.Policies[i].Via, via)
				continue next
			}
		}
		p := s.Policies[k]
		if p == nil {
			continue // deleted while the account was read
		}
		cp := *p
		cp.Via = []string{via}
		sub.Policies = append(sub.Policies, cp)
	}
}

// WhoCan lists every user (directly or through its groups), group and role whose policies allow
// req, with the deciding statements; for each role, the users who may assume it.
func WhoCan(s *Snapshot, req policy.Request) []Grant {
	var out []Grant
	users := s.userSubjects()
	for i := range s.Users {
		if a := users[i].Evaluate(req); a.Decision == policy.Allowed {
			out = append(out, Grant{Subject: users[i], Answer: a})
		}
	}
	for _, g := range s.Groups {
		sub := s.Subject(access.Group, g.Group.GroupName)
		if a := sub.Evaluate(req); a.Decision == policy.Allowed {
			out = append(out, Grant{Subject: sub, Answer: a})
		}
	}
	for _, r := range s.Roles {
		sub := s.Subject(access.Role, r.Role.RoleName)
		a := sub.Evaluate(req)
		if a.Decision != policy.Allowed {
			continue
		}
		g := Grant{Subject: sub, Answer: a, Trusted: s.otherTrusted(r), Assumers: s.assumers(r, req.Context, false)}
		out = append(out, g)
	}
	return out
}

// assumers are the users of the account who may assume the role: its trust policy admits them
// (with ctx) and their policies allow sts:AssumeRole on it. With first, it stops at the first.
// Only the users the trust policy can admit are evaluated: those it names, or all when it
// trusts the whole account or "*".
func (s *Snapshot) assumers(r RoleFacts, ctx policy.Context, first bool) []Assumer {
	if r.Trust == nil {
		return nil
	}
	named, all := map[string]bool{}, false
	userPrefix := "acs:ram::" + s.AccountID + ":user/"
	for _, st := range r.Trust.Statement {
		if st.Effect != policy.Allow || st.Principal == nil {
			continue
		}
		for _, p := range st.Principal.RAM {
			switch l := strings.ToLower(p); {
			case strings.HasPrefix(l, userPrefix):
				named[p[len(userPrefix):]] = true
			case l == "*" || l == s.AccountID || l == "acs:ram::"+s.AccountID+":root":
				all = true
			}
		}
	}
	if !all && len(named) == 0 {
		return nil
	}
	users := s.userSubjects()
	assume := policy.Request{Action: "sts:AssumeRole", Resource: r.Role.Arn, Context: ctx}
	if assume.Resource == "" {
		assume.Resource = "acs:ram::" + s.AccountID + ":role/" + r.Role.RoleName
	}
	// Users with the same policies are allowed alike: evaluate each set once (at 10,000 users
	// and 1,000 roles trusting the account, per user it was 10 million evaluations).
	memo := map[string]bool{}
	var out []Assumer
	for i, u := range s.Users {
		if !all && !named[u.User.UserName] {
			continue
		}
		allowed, ok := memo[s.subjectKeys[i]]
		if !ok && !s.mayAssume[i] {
			allowed, ok = false, true // no Allow statement names an sts action: nothing to evaluate
		}
		if !ok {
			allowed = users[i].Evaluate(assume).Decision == policy.Allowed
			memo[s.subjectKeys[i]] = allowed
		}
		if !allowed {
			continue
		}
		caller := policy.Caller{Type: policy.CallerUser, AccountID: s.AccountID, Name: u.User.UserName}
		t := policy.Trusts(r.Trust, caller, ctx)
		if t.Decision != policy.Allowed {
			continue
		}
		// Evaluated again for this user: the statements' "via user <name>" are its own.
		as := Assumer{User: u.User.UserName, Subject: users[i], Allow: users[i].Evaluate(assume)}
		for _, m := range t.Matches {
			as.TrustStatements = append(as.TrustStatements, m.Statement)
		}
		out = append(out, as)
		if first {
			break
		}
	}
	return out
}

// userSubjects are the users' subjects, in the order of s.Users, built once.
func (s *Snapshot) userSubjects() []*access.Subject {
	s.subjectsOnce.Do(func() {
		s.subjects = make([]*access.Subject, len(s.Users))
		s.subjectKeys = make([]string, len(s.Users))
		s.mayAssume = make([]bool, len(s.Users))
		for i := range s.Users {
			s.subjects[i] = s.userSubject(&s.Users[i])
			s.mayAssume[i] = mayAllowAssume(s.subjects[i].Policies)
			var b strings.Builder
			for _, p := range s.subjects[i].Policies {
				b.WriteString(p.Type + "/" + p.Name + "\n")
				if strings.Contains(p.Document, "${") { // a policy variable: decided per user
					b.WriteString("user/" + s.Users[i].User.UserName + "\n")
				}
			}
			s.subjectKeys[i] = b.String()
		}
	})
	return s.subjects
}

// otherTrusted are the trust policy's Allow principals that are not a user of this account.
func (s *Snapshot) otherTrusted(r RoleFacts) []string {
	if r.Trust == nil {
		return nil
	}
	userPrefix := "acs:ram::" + s.AccountID + ":user/"
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, st := range r.Trust.Statement {
		if st.Effect != policy.Allow || st.Principal == nil {
			continue
		}
		for _, p := range st.Principal.RAM {
			if len(p) <= len(userPrefix) || p[:len(userPrefix)] != userPrefix {
				add(p)
			}
		}
		for _, p := range st.Principal.Service {
			add(p)
		}
		for _, p := range st.Principal.Federated {
			add(p)
		}
	}
	return out
}

func (s *Snapshot) user(name string) *UserFacts {
	for i := range s.Users {
		if s.Users[i].User.UserName == name {
			return &s.Users[i]
		}
	}
	return nil
}

func (s *Snapshot) group(name string) *GroupFacts {
	for i := range s.Groups {
		if s.Groups[i].Group.GroupName == name {
			return &s.Groups[i]
		}
	}
	return nil
}

func (s *Snapshot) role(name string) *RoleFacts {
	for i := range s.Roles {
		if s.Roles[i].Role.RoleName == name {
			return &s.Roles[i]
		}
	}
	return nil
}

// mayAllowSTS reports whether some Allow statement of the policies could allow
// sts:AssumeRole: one with an action matching it, or with NotAction. A
// user whose policies have none is never allowed sts:AssumeRole, so the roles' checks skip
// evaluating it (at 10,000 users and 1,000 roles that was most of the audit's checking time).
func mayAllowAssume(ps []access.Policy) bool {
	for _, p := range ps {
		if p.Doc == nil {
			return true // not read: evaluate
		}
		for _, st := range p.Doc.Statement {
			if st.Effect != policy.Allow {
				continue
			}
			if len(st.NotAction) > 0 {
				return true
			}
			for _, a := range st.Action {
				a = strings.ToLower(a)
				// Actions have no '/', so path.Match's * and ? are the policy's; a pattern
				// with its other syntax ([, \\) is evaluated rather than guessed.
				if ok, err := path.Match(a, "sts:assumerole"); ok || err != nil || strings.ContainsAny(a, "[\\") {
					return true
				}
			}
		}
	}
	return false
}
