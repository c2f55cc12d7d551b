package account

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ramtui/ramtui/policy"
)

// Data sets (Options.Seed): "empty", "demo", "scale:N". Every account has its root key and the
// system policies.

func (a *Account) seed(name string) (*state, error) {
	now := a.now()
	accountID := a.opts.AccountID
	if accountID == "" && name == "partner" {
		accountID = PartnerAccountID
	}
	if accountID == "" {
		accountID = newAccountID()
	}
	s := newState(accountID)
	id, secret := newAccessKey()
	if a.opts.RootKeyID != "" {
		id = a.opts.RootKeyID
	}
	if a.opts.RootKeySecret != "" {
		secret = a.opts.RootKeySecret
	}
	s.RootKey = &accessKey{ID: id, Secret: secret, Active: true, Created: now.AddDate(-3, 0, 0)}
	sd := &seeder{s: s, now: now}
	sd.systemPolicies()
	switch {
	case name == "" || name == "empty":
	case name == "demo":
		sd.demo()
	case name == "partner":
		sd.partner(a.opts.Peer)
	case strings.HasPrefix(name, "scale:"):
		n, err := strconv.Atoi(strings.TrimPrefix(name, "scale:"))
		if err != nil || n < 0 || n > 1_000_000 {
			return nil, fmt.Errorf("account: seed %q: N must be a whole number from 0 to 1000000", name)
		}
		sd.scale(n)
	default:
		return nil, fmt.Errorf("account: unknown seed %q (want empty, demo, partner or scale:N)", name)
	}
	if sd.err != nil {
		return nil, fmt.Errorf("account: seed %q: %w", name, sd.err)
	}
	s.warm()
	return s, nil
}

// seeder builds state directly, bypassing the API (no authorization, dates in the past). The
// first error sticks and later calls do nothing; seed data is constant, so an error is a bug.
type seeder struct {
	s   *state
	now time.Time
	err error
}

func (sd *seeder) fail(format string, args ...any) {
	if sd.err == nil {
		sd.err = fmt.Errorf(format, args...)
	}
}

// ago is now minus a number of days (and a few hours, so dates do not all share a time of day).
func (sd *seeder) ago(days int) time.Time {
	return sd.now.Add(-time.Duration(days)*24*time.Hour - time.Duration(days%11)*time.Hour - time.Duration(days%7*13)*time.Minute)
}

type seedUser struct {
	name, display, email, phone, comments string
	created                               int // days ago
}

func (sd *seeder) user(u seedUser) *user {
	if sd.err != nil {
		return nil
	}
	x := &user{ID: newUserID(), Name: u.name, DisplayName: u.display, Email: u.email, MobilePhone: u.phone,
		Comments: u.comments, Created: sd.ago(u.created), Updated: sd.ago(u.created / 2)}
	sd.s.Users[key(u.name)] = x
	return x
}

func (sd *seeder) group(name, comments string, created int) *group {
	g := &group{ID: newGroupID(), Name: name, Comments: comments, Created: sd.ago(created), Updated: sd.ago(created)}
	sd.s.Groups[key(name)] = g
	return g
}

func (sd *seeder) join(userName, groupName string, daysAgo int) {
	u, g := sd.s.user(userName), sd.s.group(groupName)
	if u == nil || g == nil {
		sd.fail("join %s to %s: no such user or group", userName, groupName)
		return
	}
	u.Groups = append(u.Groups, membership{Group: g.Name, Joined: notBefore(sd.ago(daysAgo), u.Created, g.Created)})
}

// notBefore keeps a relation's date after the creation of what it relates (plus a day).
func notBefore(t time.Time, created ...time.Time) time.Time {
	for _, c := range created {
		if !t.After(c) {
			t = c.Add(24 * time.Hour)
		}
	}
	return t
}

func (sd *seeder) role(name, description, trust string, maxDur int64, created int) *role {
	d, err := policy.Parse(trust, policy.Trust)
	if err != nil {
		sd.fail("role %s trust policy: %v", name, err)
		return nil
	}
	r := &role{ID: newRoleID(), Name: name, Description: description, TrustPolicy: trust,
		MaxSessionDuration: maxDur, Created: sd.ago(created), Updated: sd.ago(created / 3), trust: d}
	sd.s.Roles[key(name)] = r
	return r
}

// policy adds a policy whose versions are docs (oldest first); defaultIdx picks the default.
func (sd *seeder) policy(name, typ, description string, created, defaultIdx int, docs ...string) *policyEnt {
	p := &policyEnt{Name: name, Type: typ, Description: description, Created: sd.ago(created),
		NextVersion: len(docs) + 1}
	for i, text := range docs {
		d, err := policy.Parse(text, policy.Permission)
		if err != nil {
			sd.fail("policy %s v%d: %v", name, i+1, err)
			return nil
		}
		// versions spread evenly between creation and (almost) now
		at := sd.ago(created - created*i/len(docs))
		p.Versions = append(p.Versions, &policyVersion{ID: "v" + strconv.Itoa(i+1), Document: text, Created: at, doc: d})
	}
	p.DefaultVersion = p.Versions[defaultIdx].ID
	p.Updated = p.Versions[len(p.Versions)-1].Created
	sd.s.Policies[key(name)] = p
	return p
}

// attach attaches a policy to a principal ("user", "group" or "role").
func (sd *seeder) attach(kind, principal, policyName string, daysAgo int) {
	p := sd.s.policy(policyName)
	var list *[]attachment
	var created time.Time
	switch kind {
	case "user":
		if u := sd.s.user(principal); u != nil {
			list, created = &u.Attached, u.Created
		}
	case "group":
		if g := sd.s.group(principal); g != nil {
			list, created = &g.Attached, g.Created
		}
	case "role":
		if r := sd.s.role(principal); r != nil {
			list, created = &r.Attached, r.Created
		}
	}
	if p == nil || list == nil {
		sd.fail("attach %s to %s %s: no such policy or principal", policyName, kind, principal)
		return
	}
	at := notBefore(sd.ago(daysAgo), created, p.Created)
	*list = append(*list, attachment{Type: p.Type, Name: p.Name, Attached: at})
	p.Attachments++
}

// key adds an AccessKey created daysAgo, last used lastUsed days ago (-1: never).
func (sd *seeder) key(userName string, daysAgo, lastUsed int, active bool) {
	u := sd.s.user(userName)
	if u == nil {
		sd.fail("key for %s: no such user", userName)
		return
	}
	id, secret := newAccessKey()
	k := &accessKey{ID: id, Secret: secret, Active: active, Created: sd.ago(daysAgo)}
	if lastUsed >= 0 {
		k.LastUsed = sd.ago(lastUsed)
	}
	u.Keys = append(u.Keys, k)
	sd.s.keyOwner[id] = u
}

func (sd *seeder) loginProfile(userName string, daysAgo int, reset, mfaRequired bool) {
	u := sd.s.user(userName)
	if u == nil {
		sd.fail("login profile for %s: no such user", userName)
		return
	}
	u.Login = &loginProfile{PasswordHash: hashPassword(sd.s.AccountID, u.ID, newTOTPSeed()),
		PasswordResetRequired: reset, MFABindRequired: mfaRequired, Created: sd.ago(daysAgo)}
	u.LastLogin = sd.ago(daysAgo / 20)
}

// mfa creates a virtual MFA device named after the user and binds it.
func (sd *seeder) mfa(userName string, daysAgo int) {
	u := sd.s.user(userName)
	if u == nil {
		sd.fail("MFA for %s: no such user", userName)
		return
	}
	serial := mfaSerial(sd.s.AccountID, u.Name)
	sd.s.MFADevices[serial] = &mfaDevice{Name: u.Name, Serial: serial, Seed: newTOTPSeed(), User: u.Name,
		Activated: sd.ago(daysAgo), Created: sd.ago(daysAgo)}
	u.MFASerial = serial
}
