package policy

import (
	"strconv"
	"strings"
)

// Kind says which grammar and size limit a document is checked against.
type Kind int

const (
	Permission Kind = iota // identity policies (custom/system): Resource required, no Principal; <= 6144 chars
	Trust                  // role trust policy (AssumeRolePolicyDocument): Principal required, no Resource
	Session                // STS AssumeRole `Policy`: like Permission, <= 2048 chars
)

// Size limits in characters (Unicode code points, not bytes).
const (
	MaxPermissionChars = 6144
	MaxSessionChars    = 2048
	// MaxTrustChars is an assumption: the real limit of AssumeRolePolicyDocument is unconfirmed.
	MaxTrustChars = 4096
)

// Error codes, as RAM and STS return them.
const (
	CodeMalformed      = "MalformedPolicyDocument"
	CodePermissionSize = "InvalidParameter.PolicyDocument.Length"
	CodeTrustSize      = "InvalidParameter.AssumeRolePolicyDocument.Length"
	CodeSessionGrammar = "InvalidParameter.PolicyGrammar"
	CodeSessionSize    = "InvalidParameter.PolicySize"
)

func (k Kind) String() string {
	switch k {
	case Permission:
		return "Permission"
	case Trust:
		return "Trust"
	case Session:
		return "Session"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// MaxChars is the size limit of a document of this kind, in characters.
func (k Kind) MaxChars() int {
	switch k {
	case Trust:
		return MaxTrustChars
	case Session:
		return MaxSessionChars
	}
	return MaxPermissionChars
}

func (k Kind) grammarCode() string {
	if k == Session {
		return CodeSessionGrammar
	}
	return CodeMalformed
}

func (k Kind) sizeCode() string {
	switch k {
	case Trust:
		return CodeTrustSize
	case Session:
		return CodeSessionSize
	}
	return CodePermissionSize
}

// Error is every error Parse returns.
type Error struct {
	Code         string // RAM/STS error code (see the Code* constants)
	Path         string // e.g. "Statement[1].Effect"; "" for syntax and size errors
	Line, Column int    // 1-based position of the offending text (characters, not bytes); 0 when unknown
	Message      string // what is wrong and what was expected
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Line > 0 {
		b.WriteString(" (line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(", column ")
		b.WriteString(strconv.Itoa(e.Column))
		b.WriteString(")")
	}
	return b.String()
}

// Effect of a statement.
type Effect string

const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Document is a parsed, normalised policy. A Document returned by Parse (or a template)
// carries a precompiled form that Evaluate uses; treat it as read-only. To change one,
// edit a Clone (which Evaluate compiles on each call) or re-Parse its Compact form.
type Document struct {
	Version   string
	Statement []Statement

	prog *program // compiled at Parse; nil for hand-built documents
}

// Statement is one statement; list fields are never empty when present.
type Statement struct {
	Effect    Effect
	Action    []string
	NotAction []string
	Resource  []string
	Principal *Principal // trust policies only
	Condition Conditions // nil when absent
}

// Principal of a trust policy statement.
type Principal struct{ RAM, Service, Federated []string }

// Conditions: operator -> condition key -> values (values OR, keys AND, operators AND).
type Conditions map[string]map[string][]string

// Context holds condition key values for a request. Keys are matched case-insensitively
// ("acs:SourceIp", "acs:CurrentTime", "acs:SecureTransport", "acs:MFAPresent", "oss:Prefix",
// "sts:ExternalId", ...).
type Context map[string][]string

// Request is what Evaluate decides.
type Request struct {
	Action   string // "oss:GetObject", "ram:CreateUser", "sts:AssumeRole"
	Resource string // ARN, e.g. "acs:oss:*:*:oss-test/dir/a.txt"
	Context  Context
}

// Named is a policy with the name and type the UI uses to explain a decision.
type Named struct {
	Name string
	Type string // "System", "Custom", "Session", "Trust", ...
	Doc  *Document
}

// Decision of an evaluation.
type Decision int

const (
	ImplicitDeny Decision = iota
	Allowed
	ExplicitDeny
)

func (d Decision) String() string {
	switch d {
	case ImplicitDeny:
		return "ImplicitDeny"
	case Allowed:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "Decision(" + strconv.Itoa(int(d)) + ")"
}

// Match names one statement that decided (or contributed to) a decision.
type Match struct {
	Policy    string
	Type      string
	Statement int // index into Document.Statement
	Effect    Effect
}

// Values of Result.DeniedBy.
const (
	DeniedByIdentity = "identity" // the identity (role) policies denied or did not allow
	DeniedBySession  = "session"  // the session policy denied or did not allow
	DeniedByBoth     = "identity,session"
	DeniedByTrust    = "trust" // Trusts: the trust policy denied or did not trust the caller
)

// Result of Evaluate, EvaluateSession and Trusts.
type Result struct {
	Decision Decision
	Matches  []Match // ExplicitDeny: the deny statements; Allowed: the allow statements; ImplicitDeny: empty
	// DeniedBy says which side refused when Decision != Allowed: one of the DeniedBy*
	// constants. Evaluate leaves it "" (there is only one side).
	DeniedBy string
}
