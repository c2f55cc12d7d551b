// Package grant turns a developer's request -- "STS access to one directory of one OSS bucket
// for RAM user U" -- into a verified role ARN: the plan (permission policy, trust policy, role,
// attachment, and the caller-side sts:AssumeRole permission the user lacks), its step-by-step
// application with progress events and rollback of what the run created, re-runs that reuse
// what matches and report what differs, the verification probes, the hand-over note, and the
// revocation of a grant made earlier.
//
// Everything a grant creates carries the Marker at the start of its description, so revoke
// removes only what a grant made. The TUI wizard and `ramtui grant` share this package.
package grant

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/ramtui/ramtui/lazyre"
	"github.com/ramtui/ramtui/policy"
)

// Marker starts the description of every role and policy a grant creates.
const Marker = "ramtui grant: "

// Request is what the developer asked for, plus the admin's choices.
type Request struct {
	Bucket      string
	Dir         string // object key prefix; normalised to end in "/"
	User        string // the RAM user that will call AssumeRole
	Region      string // the bucket's region (optional): only for the hand-over's OSS endpoint
	Access      policy.OSSAccess
	RoleName    string        // "" = SuggestRoleName
	MaxSession  time.Duration // the role's MaxSessionDuration; 0 = 1h
	Description string        // optional, appended to the generated descriptions
}

// DefaultAccess is list + read + write (no delete).
const DefaultAccess = policy.OSSList | policy.OSSRead | policy.OSSWrite

var accessNames = []struct {
	name string
	bit  policy.OSSAccess
}{{"list", policy.OSSList}, {"read", policy.OSSRead}, {"write", policy.OSSWrite}, {"delete", policy.OSSDelete}, {"browse", policy.OSSBrowse}}

// ParseAccess reads "list,read,write,delete,browse" (any subset, any order).
func ParseAccess(s string) (policy.OSSAccess, error) {
	var a policy.OSSAccess
	for _, part := range strings.Split(s, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		found := false
		for _, n := range accessNames {
			if part == n.name {
				a |= n.bit
				found = true
			}
		}
		if !found {
			return 0, &policy.FieldError{Field: "access", Message: fmt.Sprintf("%q is not a level: use list, read, write, delete or browse", part)}
		}
	}
	return a, nil
}

// AccessString is the inverse of ParseAccess, e.g. "list,read,write".
func AccessString(a policy.OSSAccess) string {
	var parts []string
	for _, n := range accessNames {
		if a&n.bit != 0 {
			parts = append(parts, n.name)
		}
	}
	return strings.Join(parts, ",")
}

var (
	userNameRE = lazyre.New(`^[A-Za-z0-9._@-]{1,64}$`)
	roleNameRE = lazyre.New(`^[A-Za-z0-9.-]{1,64}$`)
	regionRE   = lazyre.New(`^[a-z]{2,}(-[a-z0-9]+)+$`)
)

// Session limits of a role (ram-api.md §3.6).
const (
	MinMaxSession = time.Hour
	MaxMaxSession = 12 * time.Hour
)

// SuggestRoleName derives a valid role name from the bucket and directory:
// "oss-test" + "dir111/dir111_secondline1/" -> "oss-test-dir111-dir111-secondline1". Names
// that would pass 64 characters keep their start and end a short hash of the whole, so two
// long directories never share a name.
func SuggestRoleName(bucket, dir string) string {
	var b strings.Builder
	dash := false
	for _, r := range bucket + "/" + strings.TrimSuffix(dir, "/") {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-') // '/', '_' and the rest; one dash for a run of them
			dash = true
		}
	}
	name := strings.Trim(b.String(), "-")
	if len(name) > 64 {
		sum := sha256.Sum256([]byte(bucket + "/" + dir))
		name = strings.TrimRight(name[:55], "-") + "-" + hex.EncodeToString(sum[:])[:8]
	}
	return name
}

// PolicyName is the name of the grant's permission policy for a role.
func PolicyName(role string) string { return strings.ReplaceAll(role, ".", "-") + "-oss" }

// CallerPolicyName is the name of the caller-side policy allowing sts:AssumeRole on the role:
// the same name the switch-role doctor proposes, so the two recognise each other's policy.
func CallerPolicyName(role string) string {
	name := "AssumeRole-" + strings.ReplaceAll(role, ".", "-")
	if len(name) > 128 {
		name = name[:128]
	}
	return name
}

func fieldErr(field, format string, args ...any) error {
	return &policy.FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Normalize checks every input before any API call and returns the request with the directory
// ending in "/", the role name filled in, defaults applied. Errors are *policy.FieldError.
func (r Request) Normalize() (Request, error) {
	r.Bucket = strings.TrimSpace(r.Bucket)
	r.User = strings.TrimSpace(r.User)
	r.Region = strings.TrimSpace(r.Region)
	r.RoleName = strings.TrimSpace(r.RoleName)
	if err := policy.ValidateBucket(r.Bucket); err != nil {
		return r, err
	}
	if strings.TrimSpace(r.Dir) == "" {
		return r, fieldErr("directory", "is required: the grant is for one directory, e.g. data/team-a/")
	}
	dir, err := policy.NormaliseDirectory(strings.TrimSpace(r.Dir))
	if err != nil {
		return r, err
	}
	r.Dir = dir
	if r.User == "" {
		return r, fieldErr("user", "is required: the RAM user that will call AssumeRole")
	}
	if !userNameRE.MatchString(r.User) {
		return r, fieldErr("user", "%q is not a RAM user name (1-64 of letters, digits, . _ @ -)", r.User)
	}
	if r.Region != "" && !regionRE.MatchString(r.Region) {
		return r, fieldErr("region", "%q is not a region id such as cn-hangzhou", r.Region)
	}
	if r.Access == 0 {
		r.Access = DefaultAccess
	}
	if r.Access&(policy.OSSList|policy.OSSRead|policy.OSSWrite|policy.OSSDelete) == 0 {
		return r, fieldErr("access", "choose at least one of list, read, write and delete")
	}
	if r.RoleName == "" {
		r.RoleName = SuggestRoleName(r.Bucket, r.Dir)
	}
	if !roleNameRE.MatchString(r.RoleName) {
		return r, fieldErr("role name", "%q is not a role name (1-64 of letters, digits, . -)", r.RoleName)
	}
	if r.MaxSession == 0 {
		r.MaxSession = MinMaxSession
	}
	if r.MaxSession < MinMaxSession || r.MaxSession > MaxMaxSession || r.MaxSession%time.Second != 0 {
		return r, fieldErr("max session", "%v: a role's maximum session is whole seconds from 1h to 12h", r.MaxSession)
	}
	if strings.ContainsAny(r.Description, "\n\r\t") || len(r.Description) > 512 {
		return r, fieldErr("description", "must be one line of at most 512 characters")
	}
	return r, nil
}

// roleDescription and the policy descriptions carry the Marker and say what the grant is.
func (r Request) roleDescription() string {
	d := Marker + "oss://" + r.Bucket + "/" + r.Dir + " (" + AccessString(r.Access) + ") for RAM user " + r.User
	if r.Description != "" {
		d += "; " + r.Description
	}
	return d
}

func (r Request) policyDescription() string {
	return Marker + AccessString(r.Access) + " on oss://" + r.Bucket + "/" + r.Dir + " for role " + r.RoleName
}

func (r Request) callerPolicyDescription() string {
	return Marker + "lets RAM user " + r.User + " assume role " + r.RoleName
}
