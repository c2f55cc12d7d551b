package audit

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/parallel"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// Snapshot is everything the checks and who-can read: the account's principals, what is attached
// to them, and every attached or custom policy's default document. It is gathered once (Load)
// and then read by pure functions, so a screen can re-run the checks or ask who-can many
// questions without calling the service again.
type Snapshot struct {
	AccountID string
	Caller    ramclient.CallerIdentity
	Users     []UserFacts
	Groups    []GroupFacts
	Roles     []RoleFacts
	Custom    []ramclient.Policy // every custom policy (AttachmentCount set)
	// Versions are the non-default versions of custom policies attached nowhere (what deleting
	// one needs first).
	Versions map[string][]string
	Policies map[PolicyKey]*access.Policy // every attached or custom policy, parsed
	// PasswordPolicy and Security are the account-wide settings; nil when the caller may not
	// read them (then they are not checked, and Unchecked says so).
	PasswordPolicy *ramclient.PasswordPolicy
	Security       *ramclient.IMSSecurityPreference
	// RootActiveKeys counts the root account's active AccessKeys (from the credential report;
	// 0 when it was not used).
	RootActiveKeys int
	// Report says whether the IMS credential report was used, and why not.
	Report string
	// Unchecked names what could not be read, and so was not checked ("password policy: ...").
	Unchecked []string

	mu           sync.Mutex // guards Unchecked while Load runs
	subjectsOnce sync.Once
	subjects     []*access.Subject // users' subjects, built on first use (userSubjects)
	subjectKeys  []string          // the policy set of each (users with the same set decide alike)
	mayAssume    []bool            // whether each one's policies could allow an sts action at all
}

// CredentialRow is a user's row of the credential report.
type CredentialRow ramclient.CredentialReportRow

// PolicyKey names a policy: its name and type ("System"/"Custom").
type PolicyKey struct{ Name, Type string }

// UserFacts is what the checks need of one user.
type UserFacts struct {
	User ramclient.User
	// Console: has a login profile. Not read (false) for a user with a virtual MFA device and no
	// active key, where no finding depends on it (readUser).
	Console bool
	MFA     bool // has an MFA device bound (without console access: a virtual one; others are not asked)
	// MFARequired: the login profile asks the user to bind an MFA device at the next sign-in.
	// Read for a user with console access and no MFA (console-no-mfa depends on it).
	MFARequired bool
	// Keys, with LastUsed read only where a finding can depend on it (readUser): zero for a
	// young key of a user seen active.
	Keys     []ramclient.AccessKey
	Policies []PolicyKey // attached directly
	Groups   []string
}

// GroupFacts is a group with its policies.
type GroupFacts struct {
	Group    ramclient.Group
	Policies []PolicyKey
}

// RoleFacts is a role with its trust policy (parsed; nil when it does not parse) and policies.
type RoleFacts struct {
	Role     ramclient.Role
	Trust    *policy.Document
	Policies []PolicyKey
}

// Load reads the account: users (login profile, MFA, keys with last use, policies, groups),
// groups, roles (GetRole for the trust policy: ListRoles has none), custom policies, the
// account settings and the documents of every policy in use. Calls run concurrently within
// the client's bound.
//
// Console access, MFA, last sign-in and keys' last use come from the IMS credential report
// when the service makes one (accounts of at most 3,500 users, a caller allowed
// ram:GenerateCredentialReport): one call instead of three per user and one per key. Without
// it (Snapshot.Report says why) they are read per user and per key where a finding can depend
// on them (readUser), MFA only for users with a password (console access) and no virtual MFA
// device (ListVirtualMFADevices, one call).
func Load(ctx context.Context, c *ramclient.Client) (*Snapshot, error) {
	s := &Snapshot{Policies: map[PolicyKey]*access.Policy{}, Versions: map[string][]string{}}
	now := time.Now()
	var (
		users  []ramclient.User
		roles  []ramclient.Role
		system []ramclient.Policy
		report ramclient.CredentialReport
		// mfaUsers have a virtual MFA device (one call for all; empty when not allowed).
		mfaUsers map[string]bool
	)
	err := parallel.Each(10, func(i int) (err error) {
		switch i {
		case 0:
			s.Caller, err = c.CallerIdentity(ctx)
		case 1:
			users, err = c.AllUsers(ctx)
		case 2:
			if report, err = c.CredentialReportNow(ctx); err != nil && ctx.Err() == nil {
				s.Report = "not used (" + err.Error() + "): console access, MFA and last use read per user and key"
				err = nil
			}
		case 3:
			var gs []ramclient.Group
			if gs, err = c.AllGroups(ctx); err == nil {
				for _, g := range gs {
					s.Groups = append(s.Groups, GroupFacts{Group: g})
				}
			}
		case 4:
			s.Custom, err = c.AllPolicies(ctx, ramclient.PolicyCustom)
		case 5:
			var p ramclient.PasswordPolicy
			if p, err = c.GetPasswordPolicy(ctx); err == nil {
				s.PasswordPolicy = &p
			}
			err = s.unchecked("the password policy", err)
		case 6:
			var p ramclient.IMSSecurityPreference // IMS's: RAM's lacks MFA at sign-in
			if p, err = c.GetIMSSecurityPreference(ctx); err == nil {
				s.Security = &p
			}
			err = s.unchecked("the security preference", err)
		case 7:
			roles, err = c.AllRoles(ctx)
		case 8:
			system, err = c.AllPolicies(ctx, ramclient.PolicySystem)
		case 9:
			if mfaUsers, err = c.VirtualMFAUsers(ctx); ramclient.KindOf(err) == ramclient.KindDenied {
				err = nil // then GetUserMFA answers for each user with a password
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	s.AccountID = s.Caller.AccountID
	rows := map[string]*CredentialRow{}
	for i := range report.Rows {
		rows[report.Rows[i].User] = (*CredentialRow)(&report.Rows[i])
	}
	if root := rows["<root>"]; root != nil {
		for _, k := range root.Keys {
			if k.Active {
				s.RootActiveKeys++
			}
		}
	}
	if s.Report == "" {
		s.Report = fmt.Sprintf("used (generated %s)", report.Generated.UTC().Format(time.RFC3339))
	}
	s.Users = make([]UserFacts, len(users))
	for i, u := range users {
		s.Users[i] = UserFacts{User: u}
	}
	s.Roles = make([]RoleFacts, len(roles))

	// Per entity: one job each, run on as many workers as the client lets calls fly (its bound
	// per action times the actions a user's reads mix, MaxInFlight).
	var userJobs, jobs []func() error
	for i := range s.Users {
		u := &s.Users[i]
		row := rows[u.User.UserName]
		userJobs = append(userJobs, func() error { return gone(readUser(ctx, c, u, row, mfaUsers[u.User.UserName], now)) })
	}
	// Who is in which group, and what is attached to whom, are read from the groups and the
	// policies in use (one call each) rather than per user: far fewer calls in a large account.
	members := make([][]ramclient.User, len(s.Groups))
	for i := range s.Groups {
		jobs = append(jobs, func() (err error) {
			members[i], err = c.AllGroupMembers(ctx, s.Groups[i].Group.GroupName)
			return gone(err)
		})
	}
	var inUse []ramclient.Policy
	for _, p := range append(append([]ramclient.Policy(nil), s.Custom...), system...) {
		if p.AttachmentCount > 0 {
			inUse = append(inUse, p)
		}
	}
	entities := make([]ramclient.PolicyEntities, len(inUse))
	for i, p := range inUse {
		jobs = append(jobs, func() (err error) {
			entities[i], err = c.PolicyEntities(ctx, p.PolicyName, p.PolicyType)
			return gone(err)
		})
	}
	for i, r := range roles {
		rf := &s.Roles[i]
		rf.Role = r
		jobs = append(jobs,
			func() error {
				full, err := c.GetRole(ctx, r.RoleName)
				if err != nil {
					return gone(err)
				}
				rf.Role = full
				rf.Trust, _ = policy.Parse(full.TrustPolicy, policy.Trust) // nil: reported by the checks
				return nil
			})
	}
	var mu sync.Mutex
	for _, p := range s.Custom {
		if p.AttachmentCount != 0 {
			continue
		}
		jobs = append(jobs, func() error {
			vs, err := c.PolicyVersions(ctx, p.PolicyName, ramclient.PolicyCustom)
			mu.Lock()
			defer mu.Unlock()
			for _, v := range vs {
				if !v.IsDefault {
					s.Versions[p.PolicyName] = append(s.Versions[p.PolicyName], v.VersionID)
				}
			}
			return gone(err)
		})
	}
	// Every custom policy and every policy attached somewhere (AttachmentCount) is read with
	// the rest, not after the attachments are known: no pause between the two.
	pols := &policySet{got: s.Policies}
	for _, p := range append(append([]ramclient.Policy(nil), s.Custom...), inUse...) {
		k := PolicyKey{p.PolicyName, string(p.PolicyType)}
		if pols.want(k) {
			jobs = append(jobs, func() error { return pols.read(ctx, c, k) })
		}
	}
	// The service limits each action on its own: the groups', policies' and roles' reads (other
	// actions than the users') are spread among the users' so that they spend their budgets side
	// by side instead of after them (at 1,000 users under flow control, 2.7 s more).
	jobs = spread(userJobs, jobs)
	if err := parallel.EachN(len(jobs), c.MaxInFlight(), func(i int) error { return jobs[i]() }); err != nil {
		return nil, err
	}
	s.join(members, inUse, entities)

	// A policy attached since the listing (its count was 0 then) is read now.
	var late []PolicyKey
	for _, u := range s.Users {
		late = append(late, u.Policies...)
	}
	for _, g := range s.Groups {
		late = append(late, g.Policies...)
	}
	for _, r := range s.Roles {
		late = append(late, r.Policies...)
	}
	late = slices.DeleteFunc(late, func(k PolicyKey) bool { return !pols.want(k) })
	if err := parallel.Each(len(late), func(i int) error { return pols.read(ctx, c, late[i]) }); err != nil {
		return nil, err
	}
	return s, nil
}

// spread merges b into a evenly, each in its order: after a's i-th job, b's jobs up to its
// (i+1)/len(a) share, rounded up (the few go first).
func spread[T any](a, b []T) []T {
	out := make([]T, 0, len(a)+len(b))
	j := 0
	for i := range a {
		out = append(out, a[i])
		for ; j < len(b) && j*len(a) < (i+1)*len(b); j++ {
			out = append(out, b[j])
		}
	}
	return append(out, b[j:]...)
}

// policySet reads each policy's default document once into got.
type policySet struct {
	mu    sync.Mutex
	asked map[PolicyKey]bool
	got   map[PolicyKey]*access.Policy
}

// want reports whether k is yet to be read, and marks it as asked.
func (ps *policySet) want(k PolicyKey) bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.asked == nil {
		ps.asked = map[PolicyKey]bool{}
	}
	if ps.asked[k] {
		return false
	}
	ps.asked[k] = true
	return true
}

func (ps *policySet) read(ctx context.Context, c *ramclient.Client, k PolicyKey) error {
	p, err := c.GetPolicy(ctx, k.Name, ramclient.PolicyType(k.Type))
	if err != nil {
		return gone(err)
	}
	doc, err := policy.Parse(p.Document, policy.Permission)
	if err != nil {
		return fmt.Errorf("policy %s: %w", k.Name, err)
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.got[k] = &access.Policy{Name: k.Name, Type: k.Type, Version: p.DefaultVersion, Document: p.Document, Doc: doc}
	return nil
}

// margin is how much later than Load the checks may run and still find what they would have
// found at once: a read skipped because no finding could depend on it is not skipped within
// this margin of the boundary (a key 89 days and 23.5 hours old has its last use read). The
// audit's checks run as soon as it is read (seconds at 10,000 users).
const margin = time.Hour

// readUser reads a user's AccessKeys and, from the credential report row when there is one and
// by a call otherwise, only what a finding can depend on as of now (within margin):
//   - a key's last use, for an active key old enough to be unused for 90 days (key-unused:
//     a key created within the window cannot be), then, while the user may still be inactive
//     for 90 days (user-inactive: old enough, no sign-in nor key use seen within the window),
//     for its other keys;
//   - console access (GetLoginProfile), unless the user has a virtual MFA device and no active
//     key (console-no-mfa needs no MFA, console-and-keys an active key): then it is not read
//     and Console stays false;
//   - MFA (GetUserMFAInfo), for a user with console access and no virtual MFA device;
//   - the last sign-in (GetUser: RAM's ListUsers has none), for a user who may still be
//     inactive after its keys.
func readUser(ctx context.Context, c *ramclient.Client, u *UserFacts, row *CredentialRow, virtualMFA bool, now time.Time) error {
	name := u.User.UserName
	keys, err := c.AccessKeys(ctx, name)
	if err != nil {
		return err
	}
	u.Keys = keys
	if row != nil {
		u.Console, u.MFA, u.User.LastLoginDate = row.PasswordExist, row.MFAActive, row.LastLogon
	} else {
		// RAM's ListUsers does not return the last sign-in (its GetUser does): a date a
		// listing carries is not relied on, and GetUser is asked below where it matters.
		u.User.LastLoginDate = time.Time{}
	}
	read := make([]bool, len(keys))
	for k := range keys { // the report's are free
		keys[k].LastUsed, read[k] = row.lastUsed(keys[k])
	}
	lastUse := func(k int) error {
		if read[k] {
			return nil
		}
		read[k] = true
		t, err := c.AccessKeyLastUsed(ctx, name, keys[k].AccessKeyID)
		keys[k].LastUsed = t
		return gone(err) // a key deleted meanwhile
	}
	active := 0
	for k, key := range keys {
		if key.Status != "Active" {
			continue
		}
		active++
		if key.CreateDate.IsZero() || now.Sub(key.CreateDate) >= Stale-margin {
			if err := lastUse(k); err != nil {
				return err
			}
		}
	}
	for k := range keys {
		if !read[k] && mayBeInactive(*u, now) {
			if err := lastUse(k); err != nil {
				return err
			}
		}
	}
	if row != nil {
		if u.Console && !u.MFA {
			// The report does not say whether MFA is required at the next sign-in: asked of
			// the few users console-no-mfa finds. Not known (refused): the finding stays as bad.
			lp, err := c.GetLoginProfile(ctx, name)
			switch {
			case err == nil:
				u.MFARequired = lp.MFABindRequired
			case ramclient.KindOf(err) == ramclient.KindNotFound:
				u.Console = false // removed since the report
			case ctx.Err() != nil:
				return ctx.Err()
			}
		}
		return nil
	}
	if mayBeInactive(*u, now) { // no key used lately: the last sign-in decides
		full, err := c.GetUser(ctx, name)
		if err != nil {
			return err
		}
		u.User.LastLoginDate = full.LastLoginDate
	}
	if virtualMFA && active == 0 {
		u.MFA = true
		return nil
	}
	lp, err := c.GetLoginProfile(ctx, name)
	u.Console, u.MFA, u.MFARequired = err == nil, virtualMFA, lp.MFABindRequired
	if err != nil || u.MFA {
		return gone(err)
	}
	// Devices other than virtual ones are not in ListVirtualMFADevices: ask.
	_, err = c.GetUserMFA(ctx, name)
	u.MFA = err == nil
	return err
}

// mayBeInactive is whether the user-inactive check could find u within margin of now with
// what is read of it so far: old enough, and no sign-in nor key use surely within the window.
func mayBeInactive(u UserFacts, now time.Time) bool {
	if u.User.CreateDate.IsZero() || now.Sub(u.User.CreateDate) < Stale-margin {
		return false
	}
	last, ok := lastActive(u)
	return !ok || now.Sub(last) >= Stale-margin
}

// lastUsed is the report's last use of k, matched by creation time (the report names no key
// ids); false when the report has no row or no key created then.
func (r *CredentialRow) lastUsed(k ramclient.AccessKey) (time.Time, bool) {
	if r == nil {
		return time.Time{}, false
	}
	for _, rk := range r.Keys {
		if !rk.LastRotated.IsZero() && rk.LastRotated.Equal(k.CreateDate.Truncate(time.Second)) {
			return rk.LastUsed, true
		}
	}
	return time.Time{}, false
}

// unchecked records a setting the caller may not read (it is then not checked) instead of
// failing the whole audit; other errors pass through.
func (s *Snapshot) unchecked(what string, err error) error {
	if ramclient.KindOf(err) != ramclient.KindDenied {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Unchecked = append(s.Unchecked, what+": not allowed to read it")
	return nil
}

// join files the group memberships and attachments read by group and by policy under the
// users, groups and roles.
func (s *Snapshot) join(members [][]ramclient.User, inUse []ramclient.Policy, entities []ramclient.PolicyEntities) {
	users := make(map[string]*UserFacts, len(s.Users))
	for i := range s.Users {
		users[s.Users[i].User.UserName] = &s.Users[i]
	}
	groups := make(map[string]*GroupFacts, len(s.Groups))
	for i := range s.Groups {
		groups[s.Groups[i].Group.GroupName] = &s.Groups[i]
		for _, m := range members[i] {
			if u := users[m.UserName]; u != nil {
				u.Groups = append(u.Groups, s.Groups[i].Group.GroupName)
			}
		}
	}
	roles := make(map[string]*RoleFacts, len(s.Roles))
	for i := range s.Roles {
		roles[s.Roles[i].Role.RoleName] = &s.Roles[i]
	}
	for i, p := range inUse {
		k := PolicyKey{p.PolicyName, string(p.PolicyType)}
		for _, u := range entities[i].Users {
			if f := users[u.UserName]; f != nil {
				f.Policies = append(f.Policies, k)
			}
		}
		for _, g := range entities[i].Groups {
			if f := groups[g.GroupName]; f != nil {
				f.Policies = append(f.Policies, k)
			}
		}
		for _, r := range entities[i].Roles {
			if f := roles[r.RoleName]; f != nil {
				f.Policies = append(f.Policies, k)
			}
		}
	}
	for i := range s.Users { // membership in a stable order: by group name
		sort.Strings(s.Users[i].Groups)
	}
}

// gone treats an entity deleted while the account is read as absent, not as a failure.
func gone(err error) error {
	if ramclient.KindOf(err) == ramclient.KindNotFound {
		return nil
	}
	return err
}
