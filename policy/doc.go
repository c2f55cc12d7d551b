// Package policy is the engine for the Alibaba Cloud RAM policy language: it parses and
// validates permission, trust and session policies, formats them canonically, evaluates
// requests against them (for ramsim's authorization and the TUI's simulator), lints them,
// and provides templates and the seeded system policies. It is pure Go: no I/O, no SDK.
//
// # Grammar (Parse)
//
// Strict by design; these choices are ours where RAM's documentation is silent:
//
//   - Key names ("Version", "Statement", "Effect", "Action", "NotAction", "Resource",
//     "Condition", "Principal", "RAM", "Service", "Federated"), Effect values ("Allow",
//     "Deny") and condition operator names are case-sensitive, spelled as documented. A
//     wrong case gets a "did you mean" error. Unknown keys are errors ("NotResource" and
//     "NotPrincipal" are not supported by RAM).
//   - Version must be the string "1". Statement is a non-empty array of statements; a single
//     statement object is accepted and normalised to a one-element list.
//   - Every value list accepts a string or a non-empty array of strings; other JSON types
//     (numbers, booleans, null) are errors, also as condition values ("true" must be quoted).
//   - Actions are "*" or "<service>:<pattern>"; resources are "*" or start with "acs:".
//   - Permission and session policies require Resource and forbid Principal. Trust policies
//     require Principal (with at least one of RAM, Service, Federated) and forbid Resource.
//     RAM principals are "*", an account ID, or an "acs:ram:" ARN; Federated principals are
//     "acs:ram:" provider ARNs; Service principals are names such as "ecs.aliyuncs.com".
//   - Condition operators must be known; condition keys look like "<service>:<Key>" and may
//     not repeat under one operator ignoring case. Values are checked when parsed: numbers
//     (decimal, optional exponent), dates (see below), booleans ("true"/"false", any case),
//     IPs and CIDRs (IPv4 or IPv6). An empty "Condition": {} means no condition.
//   - JSON must be a single RFC 8259 value in valid UTF-8: duplicate keys, trailing data, a
//     byte order mark, or nesting deeper than 32 levels are errors.
//
// Errors are *Error with the RAM/STS code (MalformedPolicyDocument for permission and trust
// grammar, InvalidParameter.PolicyGrammar for session grammar, and the *.Length/PolicySize
// codes for size), a Path such as "Statement[1].Effect" ("Statement.Effect" when Statement
// was a single object), and the 1-based line and column (in characters) of the offending
// text; size errors have no position. JSON syntax errors have no Path, except a duplicate
// key, whose Path names it. (Positions are also given for grammar errors, not only for
// JSON syntax errors, so that an editor can jump to them.)
//
// # Limits
//
// Sizes count characters (Unicode code points, whitespace included), not bytes, and are
// checked before the grammar: permission policies 6144, session policies 2048, trust
// policies 4096 (an assumption: RAM documents the error code but not the number).
//
// # Canonical form
//
// Pretty and Compact write keys in a fixed order (Version, Statement; Effect, Principal,
// Action/NotAction, Resource, Condition; RAM, Service, Federated; operators and condition
// keys sorted), every value list as an array (even with one element; Pretty keeps a
// one-element array on one line) and 2-space indentation. Parse(Pretty()) equals the
// document (see Document.Equal). The canonical forms can be longer than the text they came
// from (Pretty always, Compact when single strings become arrays), so a document close to
// its size limit may need to be sent as written; Lint's size finding warns at 90%.
//
// # Evaluation
//
// Explicit Deny wins, then Allow, else implicit deny. A statement matches a request when
// its Action matches (or, for NotAction, none of NotAction matches), a Resource matches,
// and every condition holds.
//
//   - Actions match ASCII case-insensitively; resources match case-sensitively. In both,
//     '*' matches any run of characters (also '/' and ':'), '?' exactly one character.
//   - Condition key names match the request Context case-insensitively. Several values of
//     one key OR, several keys AND, several operators AND.
//   - Positive operators hold when any context value of the key matches any policy value. A
//     missing key (or one with no values) matches nothing, so positive operators are false.
//     The negated operators (StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike,
//     NumericNotEquals, DateNotEquals, NotIpAddress) are exactly the negation of their
//     positive form: true when the key is missing, and with several context values true
//     only when none of them matches any policy value. Context values that do not parse as
//     the operator's type (a non-number for Numeric*) match nothing.
//   - StringLike values use the same '*'/'?' wildcards, case-sensitively.
//   - Dates are RFC 3339 ("2026-01-02T15:04:05Z", offsets and fractions allowed), a bare
//     date "2026-01-02" (midnight UTC), or integer epoch seconds (9 to 12 digits, so that "2026" is an error rather than 1970); this
//     applies to policy values and to context values such as acs:CurrentTime.
//   - IpAddress/NotIpAddress accept IPv4 and IPv6 addresses and CIDRs; IPv4-mapped IPv6
//     addresses are treated as IPv4.
//
// EvaluateSession requires both the role policies and the session policy to allow;
// Result.DeniedBy names the side that refused. Trusts evaluates a trust policy for an
// sts:AssumeRole call; principal matching is ASCII case-insensitive, an account ID means
// that account's root, and a root principal trusts every user and role of the account.
//
// Parse precompiles a document (lower-cased action patterns, parsed numbers, dates and
// CIDRs) so that Evaluate allocates only for the Matches it returns; treat parsed
// documents as read-only (use Clone to edit one).
package policy
