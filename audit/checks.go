package audit

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// Stale is the age after which a key, or a user's last activity, is a finding.
const Stale = 90 * 24 * time.Hour

// Check runs every check on the snapshot as of now and returns the report, findings most
// severe first (then by check and entity, so the order is stable).
func Check(s *Snapshot, now time.Time) Report {
	var fs []Finding
	add := func(f Finding) { fs = append(fs, f) }

	if s.Caller.IdentityType == "Account" {
		add(Finding{Check: CheckRootCaller, Severity: Critical, Kind: "account", Name: s.AccountID,
			Why: "this audit ran with the root account's AccessKey: it can do anything and cannot be restricted by policies",
			Fix: Fix{Summary: "create a RAM user with the permissions needed, use its key, and delete the root account's AccessKey", Screen: "users"}})
	}
	if s.RootActiveKeys > 0 {
		keys := "an active AccessKey"
		if s.RootActiveKeys > 1 {
			keys = fmt.Sprintf("%d active AccessKeys", s.RootActiveKeys)
		}
		add(Finding{Check: CheckRootKey, Severity: Critical, Kind: "account", Name: s.AccountID,
			Why: "the root account has " + keys + " (credential report): a secret that can do anything and no policy limits",
			Fix: Fix{Summary: "delete the root account's AccessKeys in the console (AccessKey management) and use RAM users' or roles' credentials"}})
	}
	for _, u := range s.Users {
		checkUser(u, now, add)
	}
	checkSettings(s, add)
	for _, r := range s.Roles {
		checkRole(s, r, add)
	}
	for _, p := range s.Custom {
		checkCustom(s, p, add)
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.Entity() < b.Entity()
	})
	caller := s.Caller.Arn
	if caller == "" {
		caller = s.Caller.IdentityType
	}
	return Report{AccountID: s.AccountID, Caller: caller, Score: Score(fs), Findings: fs, Unchecked: s.Unchecked, CredentialReport: s.Report}
}

func checkUser(u UserFacts, now time.Time, add func(Finding)) {
	name := u.User.UserName
	user := func(check string, sev Severity, why string, fix Fix) {
		add(Finding{Check: check, Severity: sev, Kind: "user", Name: name, Why: why, Fix: fix})
	}
	screen := "user " + name
	switch {
	case u.Console && !u.MFA && u.MFARequired:
		// Required at the next sign-in: better, not done. Until then the password alone signs
		// in, and whoever signs in next with it (the user, or someone who has the password)
		// binds the device. Requiring it again is not a fix.
		user(CheckConsoleNoMFA, Medium, "MFA is required at the next sign-in but no device is bound yet: whoever signs in next with the password binds one",
			Fix{Summary: "have the user sign in and bind the device now, or remove console access until then", Screen: screen})
	case u.Console && !u.MFA:
		user(CheckConsoleNoMFA, High, "the user signs in to the console with a password alone: a leaked password is enough to act as it",
			Fix{Summary: "bind an MFA device, or require one at the next sign-in", Screen: screen})
	}
	active := 0
	for _, k := range u.Keys {
		key := func(check string, sev Severity, why string, fix Fix) {
			add(Finding{Check: check, Severity: sev, Kind: "accesskey", Name: k.AccessKeyID, User: name, Why: why, Fix: fix})
		}
		params := map[string]string{"UserName": name, "UserAccessKeyId": k.AccessKeyID}
		if k.Status != "Active" {
			key(CheckKeyInactive, Low, "the key is disabled but still exists: anyone with the right to enable it can bring it back",
				Fix{Summary: "delete the key", Steps: []Step{{Action: "DeleteAccessKey", Params: params}}})
			continue
		}
		active++
		age := now.Sub(k.CreateDate)
		idle := k.LastUsed.IsZero() || now.Sub(k.LastUsed) >= Stale
		switch {
		case !k.CreateDate.IsZero() && age >= Stale && idle:
			key(CheckKeyUnused, High, fmt.Sprintf("the key is %d days old and %s: a forgotten secret that still works", days(age), lastUse(k, now)),
				Fix{Summary: "disable the key (delete it once nothing breaks)", Steps: []Step{{Action: "UpdateAccessKey", Params: with(params, "Status", "Inactive")}}})
		case !k.CreateDate.IsZero() && age >= Stale:
			key(CheckKeyOld, Medium, fmt.Sprintf("the key is %d days old: the longer a secret lives, the more places it leaks to", days(age)),
				Fix{Summary: "create a new key, move its users to it, then disable this one", Screen: "keys " + name})
		}
	}
	if active > 1 {
		user(CheckKeysMultiple, Medium, fmt.Sprintf("the user has %d active AccessKeys: one is normal, two only while rotating", active),
			Fix{Summary: "finish the rotation: disable the key no longer used", Screen: "keys " + name})
	}
	if u.Console && active > 0 {
		user(CheckConsoleAndKeys, Medium, "the user is both a person (console password) and a program (AccessKey): the key outlives the person's need",
			Fix{Summary: "give programs their own user or a role, and keep people on the console", Screen: screen})
	}
	if last, ok := lastActive(u); !u.User.CreateDate.IsZero() && now.Sub(u.User.CreateDate) >= Stale && (!ok || now.Sub(last) >= Stale) {
		user(CheckUserInactive, Medium, "the user "+inactivity(u, now)+": an identity nobody uses is one nobody watches",
			Fix{Summary: "delete the user, or remove its console access and keys", Screen: screen})
	}
	for _, p := range u.Policies {
		if p.Name == "AdministratorAccess" && p.Type == string(ramclient.PolicySystem) {
			user(CheckAdminOnUser, High, "AdministratorAccess is attached directly to the user: full control of the account that no group or role review sees",
				Fix{Summary: "detach it; give administration through a role assumed with MFA", Steps: []Step{{Action: "DetachPolicyFromUser",
					Params: map[string]string{"UserName": name, "PolicyName": p.Name, "PolicyType": p.Type}}}})
		}
	}
}

func checkRole(s *Snapshot, r RoleFacts, add func(Finding)) {
	account, name := s.AccountID, r.Role.RoleName
	role := func(check string, sev Severity, why string) {
		add(Finding{Check: check, Severity: sev, Kind: "role", Name: name, Why: why,
			Fix: Fix{Summary: "narrow the trust policy", Screen: "role " + name}})
	}
	if r.Trust == nil {
		if r.Role.TrustPolicy != "" {
			role(CheckTrustUnparsable, Low, "the trust policy could not be read, so it was not checked")
		}
		return
	}
	own := map[string]bool{account: true, "acs:ram::" + account + ":root": true}
	var anyone, wholeAccount bool
	for _, st := range r.Trust.Statement {
		if st.Effect != policy.Allow || st.Principal == nil {
			continue
		}
		for _, p := range st.Principal.RAM {
			switch {
			case p == "*":
				anyone = true
			case own[strings.ToLower(p)] && len(st.Condition) == 0:
				wholeAccount = true
			}
		}
	}
	if anyone {
		role(CheckTrustAny, Critical, `the trust policy names "*": any RAM identity of any Alibaba Cloud account may assume the role`)
	}
	for _, l := range policy.LintAccount(r.Trust, policy.Trust, "", account) {
		if l.Rule == policy.RuleNoExternalID && !anyone {
			role(CheckTrustNoExternal, High, "another account is trusted without an sts:ExternalId condition: "+l.Message)
			break
		}
	}
	if wholeAccount {
		role(CheckTrustAccount, Low, "the whole account is trusted: every user allowed sts:AssumeRole may assume it, where naming the users would do")
	}
	checkRoleUse(s, r, add)
}

// checkRoleUse finds roles nobody can assume and service roles given nothing to do. What RAM
// cannot tell is said in the finding: roles have no last-use date, and whether a service is
// still used in the account is not visible from RAM.
func checkRoleUse(s *Snapshot, r RoleFacts, add func(Finding)) {
	name := r.Role.RoleName
	if r.Trust == nil || r.Role.ServiceLinked() {
		return // unread trust (reported above), or a service-linked role the service manages
	}
	var services []string
	others := false
	for _, st := range r.Trust.Statement {
		if st.Effect != policy.Allow || st.Principal == nil {
			continue
		}
		services = append(services, st.Principal.Service...)
		if len(st.Principal.Federated) > 0 {
			others = true
		}
	}
	if len(services) > 0 {
		if len(r.Policies) == 0 {
			add(Finding{Check: CheckServiceRoleIdle, Severity: Low, Kind: "role", Name: name,
				Why: "the role is for " + strings.Join(services, ", ") + " but has no policy attached: the service gains nothing by assuming it. " +
					"RAM cannot tell whether the service is still used in this account (a role has no last-use date): check before deleting",
				Fix: Fix{Summary: "delete the role if the service is not used, or attach the policy it needs", Screen: "role " + name}})
		}
		return
	}
	own := map[string]bool{s.AccountID: true, "acs:ram::" + s.AccountID + ":root": true}
	for _, p := range s.otherTrusted(r) {
		if !own[strings.ToLower(p)] {
			others = true
		}
	}
	if others {
		return // identity providers or other accounts: their identities are not visible here
	}
	if len(s.assumers(r, nil, true)) > 0 {
		return
	}
	add(Finding{Check: CheckRoleUnassumable, Severity: Low, Kind: "role", Name: name,
		Why: "no user of this account may assume the role (those its trust policy admits lack sts:AssumeRole on it, or do not exist), " +
			"and it trusts no service, identity provider or other account: an unused role is one nobody reviews",
		Fix: Fix{Summary: "delete the role, or trust the user who needs it and allow that user sts:AssumeRole", Screen: "role " + name}})
}

func checkCustom(s *Snapshot, p ramclient.Policy, add func(Finding)) {
	name := p.PolicyName
	if p.AttachmentCount == 0 {
		var steps []Step
		for _, v := range s.Versions[name] {
			steps = append(steps, Step{Action: "DeletePolicyVersion", Params: map[string]string{"PolicyName": name, "VersionId": v}})
		}
		steps = append(steps, Step{Action: "DeletePolicy", Params: map[string]string{"PolicyName": name}})
		add(Finding{Check: CheckPolicyUnattached, Severity: Low, Kind: "policy", Name: name,
			Why: "the custom policy is attached to nothing: clutter that someone may attach without reading",
			Fix: Fix{Summary: "delete the policy", Steps: steps}})
	}
	pol := s.Policies[PolicyKey{name, string(ramclient.PolicyCustom)}]
	if pol == nil || pol.Doc == nil {
		return
	}
	for _, l := range policy.Lint(pol.Doc, policy.Permission, pol.Document) {
		sev := Low
		switch {
		case l.Rule == policy.RuleAllowAll:
			sev = High
		case l.Rule == policy.RuleAllowNotAction || l.Severity == policy.SeverityError:
			sev = Medium
		case l.Severity == policy.SeverityInfo:
			continue
		}
		where := ""
		if l.Path != "" {
			where = l.Path + ": "
		}
		add(Finding{Check: CheckPolicyLint + ":" + l.Rule, Severity: sev, Kind: "policy", Name: name, Why: where + l.Message,
			Fix: Fix{Summary: "write a new version of the policy", Screen: "policy " + name}})
	}
}

// lastActive is the user's latest console sign-in or key use; false when there was none.
func lastActive(u UserFacts) (time.Time, bool) {
	last := u.User.LastLoginDate
	for _, k := range u.Keys {
		if k.LastUsed.After(last) {
			last = k.LastUsed
		}
	}
	return last, !last.IsZero()
}

// inactivity says what is known of an inactive user's sign-ins and keys, and no more: RAM
// keeps no use of a deleted key, so a user whose only key was deleted "has no AccessKey" (it
// said "never signed in nor used a key", untrue of a key used until it was deleted).
func inactivity(u UserFacts, now time.Time) string {
	login := "has never signed in"
	if t := u.User.LastLoginDate; !t.IsZero() {
		login = fmt.Sprintf("last signed in %d days ago", days(now.Sub(t)))
	}
	var used time.Time
	for _, k := range u.Keys {
		if k.LastUsed.After(used) {
			used = k.LastUsed
		}
	}
	keys := "has no AccessKey"
	switch {
	case !used.IsZero():
		keys = fmt.Sprintf("last used an AccessKey %d days ago", days(now.Sub(used)))
	case len(u.Keys) == 1:
		keys = "never used its AccessKey"
	case len(u.Keys) > 1:
		keys = "never used its AccessKeys"
	}
	return login + " and " + keys
}

func days(d time.Duration) int { return int(d / (24 * time.Hour)) }

func lastUse(k ramclient.AccessKey, now time.Time) string {
	if k.LastUsed.IsZero() {
		return "never used"
	}
	return fmt.Sprintf("last used %d days ago", days(now.Sub(k.LastUsed)))
}

func with(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range m {
		out[a] = b
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
