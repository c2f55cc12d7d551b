package policy

import (
	"strconv"
	"strings"
)

// Templates build documents from a few answers (TUI wizards). Each validates its inputs,
// returns a *FieldError naming the bad field, and returns a Document that went through
// Parse, so it is valid and precompiled.

// FieldError is a template input error.
type FieldError struct {
	Field   string // "bucket", "directory", "account", ...
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, msg string) error { return &FieldError{Field: field, Message: msg} }

// build renders and re-parses a template document, so templates can only return what
// Parse accepts (including the size limit).
func build(kind Kind, stmts ...Statement) (*Document, error) {
	d := &Document{Version: "1", Statement: stmts}
	return Parse(d.Compact(), kind)
}

// OSSAccess selects what OSSDirectoryPolicy grants; combine with |.
type OSSAccess uint8

const (
	OSSList   OSSAccess = 1 << iota // oss:ListObjects on the bucket, limited to the directory by oss:Prefix
	OSSRead                         // oss:GetObject on the directory's objects
	OSSWrite                        // oss:PutObject, AbortMultipartUpload, ListParts (uploads, multipart too)
	OSSDelete                       // oss:DeleteObject: a separate level, so "write" never means "erase"
	// OSSBrowse lets a console or ossbrowser walk down to the directory: ListObjects of each
	// parent prefix ("" and every "a/" on the way), only with oss:Delimiter "/" so the listing
	// shows one level of names, never the objects below. It reveals the names of sibling
	// directories, which is why it is not part of OSSList (the Alibaba Cloud console example
	// for "access a directory from the console" has the same shape).
	OSSBrowse
)

// OSSObjectActions are the object actions OSSDirectoryPolicy grants for each level.
func OSSObjectActions(access OSSAccess) []string {
	var actions []string
	if access&OSSRead != 0 {
		actions = append(actions, "oss:GetObject")
	}
	if access&OSSWrite != 0 {
		actions = append(actions, "oss:PutObject")
	}
	if access&OSSDelete != 0 {
		actions = append(actions, "oss:DeleteObject")
	}
	if access&OSSWrite != 0 {
		actions = append(actions, "oss:AbortMultipartUpload", "oss:ListParts")
	}
	return actions
}

// ValidateBucket checks an OSS bucket name: 3-63 characters of lower-case letters, digits
// and hyphens, not starting or ending with a hyphen.
func ValidateBucket(bucket string) error {
	if n := len(bucket); n < 3 || n > 63 {
		return fieldErr("bucket", "a bucket name has 3 to 63 characters, got "+strconv.Itoa(len(bucket)))
	}
	for i := 0; i < len(bucket); i++ {
		c := bucket[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return fieldErr("bucket", "a bucket name has only lower-case letters, digits and hyphens; "+strconv.Quote(string(rune(c)))+" is not allowed")
		}
	}
	if bucket[0] == '-' || bucket[len(bucket)-1] == '-' {
		return fieldErr("bucket", "a bucket name may not start or end with a hyphen")
	}
	return nil
}

// NormaliseDirectory checks an OSS directory (object key prefix) and returns it ending in
// "/". "" means the whole bucket. A leading "/", empty, "." or ".." segments, wildcards and
// control characters are rejected.
func NormaliseDirectory(dir string) (string, error) {
	if dir == "" {
		return "", nil
	}
	if strings.HasPrefix(dir, "/") {
		return "", fieldErr("directory", `must not start with "/"; write "data/team-a/", not "/data/team-a/"`)
	}
	if strings.ContainsAny(dir, "*?") {
		return "", fieldErr("directory", "must not contain the wildcards * or ?")
	}
	for _, r := range dir {
		if r < 0x20 || r == 0x7f {
			return "", fieldErr("directory", "must not contain control characters")
		}
	}
	dir = strings.TrimSuffix(dir, "/")
	for _, seg := range strings.Split(dir, "/") {
		switch seg {
		case "":
			return "", fieldErr("directory", `must not contain empty segments ("//")`)
		case ".", "..":
			return "", fieldErr("directory", `must not contain "." or ".." segments`)
		}
	}
	if len(dir)+1 > 1023 {
		return "", fieldErr("directory", "is longer than an OSS object key may be (1023 bytes)")
	}
	return dir + "/", nil
}

// OSSDirectoryPolicy grants access to one directory of one bucket, in the shape of RAM's
// documented example: ListObjects on the bucket with StringLike oss:Prefix "dir/*", and
// object actions on "bucket/dir/*". Use it as a role's policy or as a session policy.
func OSSDirectoryPolicy(bucket, directory string, access OSSAccess) (*Document, error) {
	if err := ValidateBucket(bucket); err != nil {
		return nil, err
	}
	dir, err := NormaliseDirectory(directory)
	if err != nil {
		return nil, err
	}
	if access&(OSSList|OSSRead|OSSWrite|OSSDelete|OSSBrowse) == 0 {
		return nil, fieldErr("access", "choose at least one of list, read, write and delete")
	}
	var stmts []Statement
	if access&OSSList != 0 {
		stmts = append(stmts, Statement{
			Effect:    Allow,
			Action:    []string{"oss:ListObjects"},
			Resource:  []string{"acs:oss:*:*:" + bucket},
			Condition: Conditions{"StringLike": {"oss:Prefix": {dir + "*"}}},
		})
	}
	if access&OSSBrowse != 0 && dir != "" {
		stmts = append(stmts, Statement{
			Effect:   Allow,
			Action:   []string{"oss:ListObjects"},
			Resource: []string{"acs:oss:*:*:" + bucket},
			Condition: Conditions{"StringLike": {
				"oss:Prefix":    parentPrefixes(dir),
				"oss:Delimiter": {"/"},
			}},
		})
	}
	if actions := OSSObjectActions(access); len(actions) > 0 {
		stmts = append(stmts, Statement{Effect: Allow, Action: actions, Resource: []string{"acs:oss:*:*:" + bucket + "/" + dir + "*"}})
	}
	return build(Permission, stmts...)
}

// parentPrefixes are the prefixes a browser lists on its way down to dir ("a/b/" -> "", "a/").
func parentPrefixes(dir string) []string {
	out := []string{""}
	for i := 0; i < len(dir)-1; i++ {
		if dir[i] == '/' {
			out = append(out, dir[:i+1])
		}
	}
	return out
}

func validateAccount(field, id string) error {
	if !isDigits(id) || len(id) > 32 {
		return fieldErr(field, "an account ID is a string of digits, such as 1234567890123456; got "+strconv.Quote(id))
	}
	return nil
}

func assumeRole(p *Principal, cond Conditions) Statement {
	return Statement{Effect: Allow, Action: []string{"sts:AssumeRole"}, Principal: p, Condition: cond}
}

func externalIDCondition(externalID string) (Conditions, error) {
	if externalID == "" {
		return nil, nil
	}
	if hasSpace(externalID) || len(externalID) > 1224 {
		return nil, fieldErr("external ID", "must have no whitespace and be at most 1224 characters")
	}
	return Conditions{"StringEquals": {"sts:ExternalId": {externalID}}}, nil
}

// TrustAccountPolicy trusts every RAM user and role of an account (this one or another)
// that is itself allowed sts:AssumeRole. externalID ("" for none) adds an sts:ExternalId
// condition, recommended when trusting another account.
func TrustAccountPolicy(accountID, externalID string) (*Document, error) {
	if err := validateAccount("account", accountID); err != nil {
		return nil, err
	}
	cond, err := externalIDCondition(externalID)
	if err != nil {
		return nil, err
	}
	return build(Trust, assumeRole(&Principal{RAM: []string{rootARN(accountID)}}, cond))
}

// TrustPrincipalsPolicy trusts specific RAM users or roles, given as ARNs
// ("acs:ram::<account>:user/<name>" or "...:role/<name>").
func TrustPrincipalsPolicy(arns []string, externalID string) (*Document, error) {
	if len(arns) == 0 {
		return nil, fieldErr("principals", "name at least one RAM user or role")
	}
	for _, a := range arns {
		parts := strings.SplitN(a, ":", 5)
		ok := len(parts) == 5 && parts[0] == "acs" && parts[1] == "ram" && parts[2] == "" && isDigits(parts[3])
		if ok {
			kind, name, found := strings.Cut(parts[4], "/")
			ok = found && (kind == "user" || kind == "role") && name != "" && !strings.ContainsAny(name, "/*? \t")
		}
		if !ok {
			return nil, fieldErr("principals", "expected a user or role ARN such as acs:ram::1234567890123456:user/alice; got "+strconv.Quote(a))
		}
	}
	cond, err := externalIDCondition(externalID)
	if err != nil {
		return nil, err
	}
	return build(Trust, assumeRole(&Principal{RAM: append([]string(nil), arns...)}, cond))
}

// TrustServicePolicy trusts cloud services such as "ecs.aliyuncs.com".
func TrustServicePolicy(services ...string) (*Document, error) {
	if len(services) == 0 {
		return nil, fieldErr("service", "name at least one service, such as ecs.aliyuncs.com")
	}
	for _, s := range services {
		if !strings.HasSuffix(s, ".aliyuncs.com") || len(s) == len(".aliyuncs.com") || strings.ContainsAny(s, " \t/*?:") {
			return nil, fieldErr("service", `expected a service name "<code>.aliyuncs.com" such as ecs.aliyuncs.com; got `+strconv.Quote(s))
		}
	}
	return build(Trust, assumeRole(&Principal{Service: append([]string(nil), services...)}, nil))
}

// Default SAML recipients for TrustSAMLPolicy.
const (
	SAMLRecipientChina = "https://signin.aliyun.com/saml-role/sso"
	SAMLRecipientIntl  = "https://signin.alibabacloud.com/saml-role/sso"
)

func validateProvider(arn, kind string) error {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) == 5 && parts[0] == "acs" && parts[1] == "ram" && parts[2] == "" && isDigits(parts[3]) &&
		strings.HasPrefix(parts[4], kind+"/") && len(parts[4]) > len(kind)+1 && !strings.ContainsAny(parts[4], "*? \t") {
		return nil
	}
	return fieldErr("provider", "expected acs:ram::<account>:"+kind+"/<name>; got "+strconv.Quote(arn))
}

// TrustSAMLPolicy trusts a SAML identity provider; recipient "" means SAMLRecipientChina.
func TrustSAMLPolicy(providerARN, recipient string) (*Document, error) {
	if err := validateProvider(providerARN, "saml-provider"); err != nil {
		return nil, err
	}
	if recipient == "" {
		recipient = SAMLRecipientChina
	}
	if !strings.HasPrefix(recipient, "https://") || hasSpace(recipient) {
		return nil, fieldErr("recipient", "expected an https:// URL such as "+SAMLRecipientChina)
	}
	return build(Trust, assumeRole(&Principal{Federated: []string{providerARN}},
		Conditions{"StringEquals": {"saml:recipient": {recipient}}}))
}

// TrustOIDCPolicy trusts an OIDC identity provider (e.g. ACK RRSA): issuer and at least one
// audience are required; subjects ("system:serviceaccount:<ns>:<sa>") are optional.
func TrustOIDCPolicy(providerARN, issuer string, audiences, subjects []string) (*Document, error) {
	if err := validateProvider(providerARN, "oidc-provider"); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(issuer, "https://") || hasSpace(issuer) {
		return nil, fieldErr("issuer", "expected the provider's https:// issuer URL; got "+strconv.Quote(issuer))
	}
	if len(audiences) == 0 {
		return nil, fieldErr("audience", "name at least one audience (client ID), such as sts.aliyuncs.com")
	}
	for _, l := range [][]string{audiences, subjects} {
		for _, v := range l {
			if v == "" || hasSpace(v) {
				return nil, fieldErr("audience", "audiences and subjects may not be empty or contain whitespace")
			}
		}
	}
	cond := Conditions{"StringEquals": {
		"oidc:iss": {issuer},
		"oidc:aud": append([]string(nil), audiences...),
	}}
	if len(subjects) > 0 {
		cond["StringEquals"]["oidc:sub"] = append([]string(nil), subjects...)
	}
	return build(Trust, assumeRole(&Principal{Federated: []string{providerARN}}, cond))
}

// AssumeRolePolicy is the caller-side permission policy allowing sts:AssumeRole on one role.
func AssumeRolePolicy(roleARN string) (*Document, error) {
	parts := strings.SplitN(roleARN, ":", 5)
	if !(len(parts) == 5 && parts[0] == "acs" && parts[1] == "ram" && parts[2] == "" && isDigits(parts[3]) &&
		strings.HasPrefix(parts[4], "role/") && len(parts[4]) > 5 && !hasSpace(parts[4])) {
		return nil, fieldErr("role", "expected a role ARN such as acs:ram::1234567890123456:role/reader; got "+strconv.Quote(roleARN))
	}
	return build(Permission, Statement{Effect: Allow, Action: []string{"sts:AssumeRole"}, Resource: []string{roleARN}})
}
