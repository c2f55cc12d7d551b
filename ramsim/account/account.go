// Package account models one Alibaba Cloud account as RAM and STS see it: users, groups, roles,
// policies, AccessKeys, login profiles, MFA, STS sessions, and the authorization rules that decide
// who may do what. It knows nothing about HTTP or signatures; package ramsim puts it on the wire.
//
// The seam with package ramsim (keep it stable; both sides rely on it):
//   - ramsim verifies a request's signature with Credential, then calls Invoke with the caller's
//     Identity and the decoded parameters, and renders the result (or *Error) as JSON.
//   - Invoke does everything else: parameter validation, authorization through package policy,
//     the action itself. It reports whether the account changed, so ramsim can persist.
//   - Snapshot/Restore give ramsim a JSON form of the whole state for --state files.
//
// Where the service's behaviour is undocumented, these are the simulator's choices:
//   - Names of users, groups, roles, policies and MFA devices are unique case-insensitively and
//     looked up case-insensitively; responses keep the spelling given at creation.
//   - A missing required parameter is 400 MissingParameter, `The input parameter "X" that is
//     mandatory for processing this request is not supplied.`; a malformed optional one is
//     400 InvalidParameter.<Name> (MaxItems, Marker, Status, RotateStrategy, booleans, ...).
//   - Parameters are validated first, then the caller is authorized, then entities are looked
//     up: a rejected request changes nothing.
//   - System policies cannot be created, changed or deleted: 400 InvalidParameter.PolicyType
//     (CreatePolicy with a system policy's name: 409 EntityAlreadyExists.Policy).
//   - List* results are ordered by lower-cased name; Marker is opaque (base64 of the last name
//     returned), so paging survives concurrent creates and deletes. ListRoles leaves out
//     AssumeRolePolicyDocument, as the service does; GetRole has it.
//   - An STS session's ARN is acs:ram::<acct>:role/<role>/<session> in AssumeRole and in
//     GetCallerIdentity alike (ram-api.md §4.1); PrincipalId is <RoleId>:<session>.
//   - Role chaining: a session may call AssumeRole; the trust policy sees the session's role
//     (policy.CallerRole), the identity check uses the session's permissions.
//   - BindMFADevice checks real TOTP codes (see TOTP); QRCodePNG is a valid but blank PNG.
//   - The root account and role sessions must name UserName in the AccessKey actions (root keys
//     are not managed through the API). RAM users may manage their own keys without a policy
//     when SetSecurityPreference AllowUserToManageAccessKeys is true (default false).
//   - Role sessions stop working when their role is deleted; sessions that expired more than a
//     day ago are forgotten at the next AssumeRole.
//   - Quotas follow ram-api.md §3.11; the scale data set raises account-wide quotas above its size.
package account

import (
	"time"
)

// Product names the API an action belongs to.
type Product string

const (
	RAM Product = "Ram" // version 2015-05-01
	STS Product = "Sts" // version 2015-04-01
	IMS Product = "Ims" // version 2019-08-15 (identity providers)
)

// IdentityType is the kind of principal that signed a request.
type IdentityType string

const (
	IdentityRoot        IdentityType = "Account"         // the account's root AccessKey
	IdentityUser        IdentityType = "RAMUser"         // a RAM user's AccessKey
	IdentityAssumedRole IdentityType = "AssumedRoleUser" // an STS session from AssumeRole
)

// Identity is who signed a request.
type Identity struct {
	Type        IdentityType
	AccountID   string
	AccessKeyID string
	UserName    string // IdentityUser
	UserID      string // IdentityUser
	RoleName    string // IdentityAssumedRole
	RoleID      string // IdentityAssumedRole
	SessionName string // IdentityAssumedRole
}

// Credential is what the account knows about an AccessKey id: enough for ramsim to verify a
// signature and a security token, and the identity the key stands for.
type Credential struct {
	AccessKeyID   string
	Secret        string
	Active        bool      // false: InvalidAccessKeyId.Inactive
	SecurityToken string    // non-empty for STS keys ("STS." prefix)
	Expiration    time.Time // zero for permanent keys
	Identity      Identity
}

// Request is one authenticated call.
type Request struct {
	Product   Product
	Action    string
	Params    map[string]string // decoded business parameters (common protocol params may be present too)
	Caller    Identity
	SourceIP  string // for acs:SourceIp
	Secure    bool   // for acs:SecureTransport (TLS listener)
	RequestID string
	// CrossAccount is set by ramsim on an AssumeRole whose caller belongs to another account of
	// the same simulator: Caller.AccountID is that account, and its verdict is carried here
	// because only that account holds the caller's policies.
	CrossAccount *CrossAccount
}

// CrossAccount is the caller's own account's judgement of a cross-account AssumeRole.
type CrossAccount struct {
	// Denied is that account's refusal of sts:AssumeRole on the role (with ExternalId in the
	// context), nil when its policies allow it. The trust policy is judged here.
	Denied *Error
}

// Error is an API error as the service reports it. Status is the HTTP status.
type Error struct {
	Status  int
	Code    string
	Message string
	// Denied is set on 403 NoPermission and becomes the AccessDeniedDetail object.
	Denied *AccessDeniedDetail
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// AccessDeniedDetail mirrors the AccessDeniedDetail object of a NoPermission error body.
type AccessDeniedDetail struct {
	AuthAction               string `json:"AuthAction"`
	AuthPrincipalType        string `json:"AuthPrincipalType"`
	AuthPrincipalOwnerId     string `json:"AuthPrincipalOwnerId"`
	AuthPrincipalDisplayName string `json:"AuthPrincipalDisplayName"`
	PolicyType               string `json:"PolicyType"`
	NoPermissionType         string `json:"NoPermissionType"` // ImplicitDeny | ExplicitDeny
	EncodedDiagnosticMessage string `json:"EncodedDiagnosticMessage"`
}

// Options configure a new Account.
type Options struct {
	// Seed is the data set: "empty", "demo", "partner" or "scale:N".
	Seed string
	// Clock is the account's notion of now: create dates, STS expiry, key last-used dates.
	// nil means time.Now. (Request timestamp skew is checked by ramsim against real time.)
	Clock func() time.Time
	// RootKeyID / RootKeySecret fix the root AccessKey; empty means generated.
	RootKeyID, RootKeySecret string
	// AccountID fixes the account id (16 digits); empty means generated ("partner": its fixed
	// PartnerAccountID).
	AccountID string
	// Peer is the account whose role the "partner" data set's staff may assume (the demo
	// account's id); empty means any account's role of that name.
	Peer string
}
