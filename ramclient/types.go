package ramclient

import "time"

// Domain types: plain Go values, times parsed (zero when the service sent none).

type User struct {
	UserID        string
	UserName      string
	DisplayName   string
	MobilePhone   string
	Email         string
	Comments      string
	CreateDate    time.Time
	UpdateDate    time.Time
	LastLoginDate time.Time
	JoinDate      time.Time // in a group's member list
	AttachDate    time.Time // in a policy's entity list
}

type Group struct {
	GroupID    string
	GroupName  string
	Comments   string
	CreateDate time.Time
	UpdateDate time.Time
	JoinDate   time.Time // in a user's group list
	AttachDate time.Time // in a policy's entity list
}

type Role struct {
	RoleID             string
	RoleName           string
	Arn                string
	Description        string
	TrustPolicy        string // AssumeRolePolicyDocument (JSON)
	MaxSessionDuration time.Duration
	CreateDate         time.Time
	UpdateDate         time.Time
	AttachDate         time.Time // in a policy's entity list
}

// PolicyType is "System" or "Custom".
type PolicyType string

const (
	PolicySystem PolicyType = "System"
	PolicyCustom PolicyType = "Custom"
	PolicyAny    PolicyType = "" // listing filter: both kinds
)

type Policy struct {
	PolicyName      string
	PolicyType      PolicyType
	Description     string
	DefaultVersion  string // "v1", ...
	AttachmentCount int
	CreateDate      time.Time
	UpdateDate      time.Time
	AttachDate      time.Time // in a user/group/role's policy list
	// Document is the default version's document; filled by GetPolicy, "" in lists.
	Document string
}

type PolicyVersion struct {
	VersionID  string // "v1", "v2", ...
	IsDefault  bool
	Document   string
	CreateDate time.Time
}

type AccessKey struct {
	AccessKeyID string
	UserName    string
	Status      string // "Active" | "Inactive"
	CreateDate  time.Time
	LastUsed    time.Time // filled by the account-wide listing and AccessKeyLastUsed; zero = never/unknown
}

// NewAccessKey is CreateAccessKey's result: the only time the secret is ever available.
type NewAccessKey struct {
	AccessKey
	Secret string
}

// String never shows the secret.
func (k NewAccessKey) String() string { return k.AccessKeyID + " (" + k.UserName + ", secret hidden)" }

// GoString keeps %#v from printing the secret.
func (k NewAccessKey) GoString() string { return "ramclient.NewAccessKey{" + k.String() + "}" }

type LoginProfile struct {
	UserName              string
	PasswordResetRequired bool
	MFABindRequired       bool
	CreateDate            time.Time
}

type MFADevice struct {
	SerialNumber string
	Type         string
}

// PolicyEntities are the principals a policy is attached to.
type PolicyEntities struct {
	Users  []User
	Groups []Group
	Roles  []Role
}

// CallerIdentity is STS GetCallerIdentity's answer.
type CallerIdentity struct {
	IdentityType string // "Account" | "RAMUser" | "AssumedRoleUser"
	AccountID    string
	PrincipalID  string
	UserID       string
	RoleID       string
	Arn          string
}

// STSCredentials is AssumeRole's answer.
type STSCredentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	Expiration      time.Time
	AssumedRoleArn  string // acs:ram::<acct>:role/<role>/<session>
	AssumedRoleID   string // <RoleId>:<session>
	RequestID       string
}

// Credentials turns the result into Credentials a Client can sign with.
func (s STSCredentials) Credentials() Credentials {
	return Credentials{AccessKeyID: s.AccessKeyID, AccessKeySecret: s.AccessKeySecret, SecurityToken: s.SecurityToken,
		Expiration: s.Expiration, Source: "AssumeRole " + s.AssumedRoleArn, Label: "role session"}
}

// String never shows the secret or token.
func (s STSCredentials) String() string {
	return MaskKeyID(s.AccessKeyID) + " for " + s.AssumedRoleArn + ", expires " + s.Expiration.UTC().Format(time.RFC3339)
}

// GoString keeps %#v from printing the secret.
func (s STSCredentials) GoString() string { return "ramclient.STSCredentials{" + s.String() + "}" }

// Page is one page of a listing. NextMarker is what to pass for the next page when Truncated.
type Page[T any] struct {
	Items      []T
	NextMarker string
	Truncated  bool
}

// parseTime reads the service's "2006-01-02T15:04:05Z" (tolerating fractions and offsets).
func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{"2006-01-02T15:04:05Z", time.RFC3339Nano, "2006-01-02T15:04Z", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
