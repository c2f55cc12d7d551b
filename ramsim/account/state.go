package account

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ramtui/ramtui/policy"
)

// The state is plain data so that Snapshot is just encoding/json over it. Maps are keyed by the
// lower-cased name: names are unique case-insensitively (an assumption: the service's behaviour
// is not documented, and treating "Alice" and "alice" as one user is the safer reading).
// Fields tagged `json:"-"` are derived and rebuilt by reindex.

// stateFormat names the Snapshot format; Restore refuses anything else.
const stateFormat = "ramsim-account/1"

type state struct {
	Format     string                 `json:"format"`
	AccountID  string                 `json:"accountId"`
	Alias      string                 `json:"alias"`
	RootKey    *accessKey             `json:"rootKey"`
	Limits     limits                 `json:"limits"`
	Users      map[string]*user       `json:"users"`
	Groups     map[string]*group      `json:"groups"`
	Roles      map[string]*role       `json:"roles"`
	Policies   map[string]*policyEnt  `json:"policies"`
	MFADevices map[string]*mfaDevice  `json:"mfaDevices"` // by serial number
	Sessions   map[string]*stsSession `json:"sessions"`   // by STS AccessKeyId

	SAMLProviders map[string]*samlProvider `json:"samlProviders,omitempty"` // providers.go
	OIDCProviders map[string]*oidcProvider `json:"oidcProviders,omitempty"`

	PasswordPolicy *passwordPolicy     `json:"passwordPolicy"`
	Security       *securityPreference `json:"securityPreference"`
	// CredentialReportAt is when GenerateCredentialReport last made a report (report.go).
	CredentialReportAt time.Time `json:"credentialReportAt,omitzero"`

	keyOwner map[string]*user // AccessKeyId -> owner (permanent user keys)

	sorted  sortedIndex  // sorted names of the large collections, for paging
	holders holdersIndex // policy -> the principals it is attached to (holders.go)
	dirty   *dirtySet    // during a write: the large collections' keys it touched (journal.go)
}

// limits are the account quotas (ram-api.md §3.11). They are state, not constants, because
// the scale data set must be able to exceed the default user count and still accept new users.
type limits struct {
	Users    int `json:"users"`
	Groups   int `json:"groups"`
	Roles    int `json:"roles"`
	Policies int `json:"policies"`
}

func defaultLimits() limits { return limits{Users: 5000, Groups: 300, Roles: 1000, Policies: 1500} }

// Per-principal quotas that are not configurable.
const (
	maxKeysPerUser       = 2
	maxGroupsPerUser     = 10
	maxSystemAttachments = 20
	maxCustomAttachments = 10
	maxVersionsPerPolicy = 5
	maxMFADevices        = 5000
)

type user struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	DisplayName string        `json:"displayName,omitempty"`
	MobilePhone string        `json:"mobilePhone,omitempty"`
	Email       string        `json:"email,omitempty"`
	Comments    string        `json:"comments,omitempty"`
	Created     time.Time     `json:"created"`
	Updated     time.Time     `json:"updated"`
	LastLogin   time.Time     `json:"lastLogin,omitzero"`
	Keys        []*accessKey  `json:"keys,omitempty"`
	Login       *loginProfile `json:"login,omitempty"`
	MFASerial   string        `json:"mfaSerial,omitempty"`
	Groups      []membership  `json:"groups,omitempty"` // in join order
	Attached    []attachment  `json:"attached,omitempty"`
}

type accessKey struct {
	ID       string    `json:"id"`
	Secret   string    `json:"secret"`
	Active   bool      `json:"active"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"lastUsed,omitzero"`
}

type loginProfile struct {
	PasswordHash          string    `json:"passwordHash"` // salted SHA-256, never the password
	PasswordResetRequired bool      `json:"passwordResetRequired"`
	MFABindRequired       bool      `json:"mfaBindRequired"`
	Created               time.Time `json:"created"`
}

type membership struct {
	Group  string    `json:"group"` // the group's name (kept in step with renames)
	Joined time.Time `json:"joined"`
}

// attachment is a policy attached to a principal.
type attachment struct {
	Type     string    `json:"type"` // System | Custom
	Name     string    `json:"name"`
	Attached time.Time `json:"attached"`
}

type group struct {
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Comments string       `json:"comments,omitempty"`
	Created  time.Time    `json:"created"`
	Updated  time.Time    `json:"updated"`
	Attached []attachment `json:"attached,omitempty"`
}

type role struct {
	ID                 string            `json:"id"`
	Name               string            `json:"name"`
	Description        string            `json:"description,omitempty"`
	TrustPolicy        string            `json:"trustPolicy"`
	MaxSessionDuration int64             `json:"maxSessionDuration"`
	Created            time.Time         `json:"created"`
	Updated            time.Time         `json:"updated"`
	Attached           []attachment      `json:"attached,omitempty"`
	Tags               map[string]string `json:"tags,omitempty"`
	Path               string            `json:"path,omitempty"` // "/aliyun-service-role/": servicelinked.go

	trust *policy.Document
}

type policyEnt struct {
	Name           string            `json:"name"`
	Type           string            `json:"type"` // System | Custom
	Description    string            `json:"description,omitempty"`
	DefaultVersion string            `json:"defaultVersion"`
	NextVersion    int               `json:"nextVersion"` // version ids are never reused
	Versions       []*policyVersion  `json:"versions"`    // oldest first
	Attachments    int               `json:"attachments"`
	Tags           map[string]string `json:"tags,omitempty"`
	Created        time.Time         `json:"created"`
	Updated        time.Time         `json:"updated"`
}

type policyVersion struct {
	ID       string    `json:"id"`
	Document string    `json:"document"` // as the caller sent it
	Created  time.Time `json:"created"`

	doc *policy.Document
}

type mfaDevice struct {
	Name      string    `json:"name"`
	Serial    string    `json:"serial"`
	Seed      string    `json:"seed"` // base32 TOTP seed
	User      string    `json:"user,omitempty"`
	Activated time.Time `json:"activated,omitzero"`
	Created   time.Time `json:"created"`
}

// stsSession is one set of temporary credentials from AssumeRole.
type stsSession struct {
	KeyID       string    `json:"keyId"`
	Secret      string    `json:"secret"`
	Token       string    `json:"token"`
	Expiration  time.Time `json:"expiration"`
	RoleName    string    `json:"roleName"`
	RoleID      string    `json:"roleId"`
	SessionName string    `json:"sessionName"`
	Policy      string    `json:"policy,omitempty"` // session policy as sent
	Created     time.Time `json:"created"`

	doc *policy.Document
}

func newState(accountID string) *state {
	return &state{
		Format:         stateFormat,
		AccountID:      accountID,
		Limits:         defaultLimits(),
		Users:          map[string]*user{},
		Groups:         map[string]*group{},
		Roles:          map[string]*role{},
		Policies:       map[string]*policyEnt{},
		MFADevices:     map[string]*mfaDevice{},
		Sessions:       map[string]*stsSession{},
		SAMLProviders:  map[string]*samlProvider{},
		OIDCProviders:  map[string]*oidcProvider{},
		keyOwner:       map[string]*user{},
		PasswordPolicy: defaultPasswordPolicy(),
		Security:       defaultSecurityPreference(),
	}
}

func key(name string) string { return strings.ToLower(name) }

// The lookups mark what a write touches, for the journal (a read has no dirty set).

func (s *state) user(name string) *user {
	s.touch(colUsers, key(name))
	return s.Users[key(name)]
}

func (s *state) group(name string) *group {
	s.touch(colGroups, key(name))
	return s.Groups[key(name)]
}

func (s *state) role(name string) *role {
	s.touch(colRoles, key(name))
	return s.Roles[key(name)]
}

func (s *state) policy(name string) *policyEnt {
	s.touch(colPolicies, key(name))
	return s.Policies[key(name)]
}

// keyUser is the user owning a permanent AccessKey (nil: none), marked as touched.
func (s *state) keyUser(accessKeyID string) *user {
	u := s.keyOwner[accessKeyID]
	if u != nil {
		s.touch(colUsers, key(u.Name))
	}
	return u
}

// sortedKeys returns a map's keys in order: List* results are ordered by lower-cased name, which
// makes markers stable while entities come and go.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (p *policyEnt) version(id string) *policyVersion {
	for _, v := range p.Versions {
		if v.ID == id {
			return v
		}
	}
	return nil
}

func (p *policyEnt) defaultVersion() *policyVersion { return p.version(p.DefaultVersion) }

func (s *state) groupMembers(groupName string) []*user {
	var out []*user
	for _, k := range sortedNames(s, "users", s.Users) {
		u := s.Users[k]
		if u.memberOf(groupName) >= 0 {
			s.touch(colUsers, k)
			out = append(out, u)
		}
	}
	return out
}

func (u *user) memberOf(groupName string) int {
	for i, m := range u.Groups {
		if key(m.Group) == key(groupName) {
			return i
		}
	}
	return -1
}

func findAttachment(list []attachment, policyName string) int {
	for i, a := range list {
		if sameKey(a.Name, policyName) {
			return i
		}
	}
	return -1
}

// sameKey is key(a) == key(b) without allocating for ASCII names: ListEntitiesForPolicy calls
// it for every attachment of every principal (100,000s at scale), and strings.ToLower allocates
// for every name with a capital.
func sameKey(a, b string) bool {
	ascii := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				return false
			}
		}
		return true
	}
	if !ascii(a) || !ascii(b) {
		return key(a) == key(b)
	}
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		ca, cb := a[i], b[i]
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return false
		}
	}
	return true
}
