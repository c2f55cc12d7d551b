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
package account

import (
	"time"
)

// Product names the API an action belongs to.
type Product string

const (
	RAM Product = "Ram" // version 2015-05-01
	STS Product = "Sts" // version 2015-04-01
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
	// Seed is the data set: "empty", "demo" or "scale:N".
	Seed string
	// Clock is the account's notion of now: create dates, STS expiry, key last-used dates.
	// nil means time.Now. (Request timestamp skew is checked by ramsim against real time.)
	Clock func() time.Time
	// RootKeyID / RootKeySecret fix the root AccessKey; empty means generated.
	RootKeyID, RootKeySecret string
}
