package ramclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"syscall"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

// Kind classifies an error so the UI can react without parsing codes. A Kind is itself an error,
// so the exported Err* sentinels work with errors.Is:
//
//	if errors.Is(err, ramclient.ErrNotFound) { ... }
type Kind int

const (
	KindOther         Kind = iota // anything not covered below
	KindNotFound                  // EntityNotExist.*
	KindAlreadyExists             // EntityAlreadyExists.*
	KindConflict                  // DeleteConflict.* (the entity still has attachments, keys, members ...)
	KindLimitExceeded             // LimitExceeded.* (quotas: 2 keys per user, 5 policy versions ...)
	KindDenied                    // NoPermission / Forbidden*: see Error.Denied
	KindInvalidInput              // InvalidParameter.*, MalformedPolicyDocument, client-side validation
	KindAuthFailed                // bad key, bad signature, inactive key, expired token: see Error.Hint
	KindThrottled                 // Throttling* after the retries ran out
	KindUnreachable               // connection refused, DNS, timeout
	KindServer                    // 5xx, or a response the client could not understand
	KindCredentials               // no usable credentials could be resolved (see CredentialsError)
)

var kindNames = [...]string{
	KindOther: "error", KindNotFound: "not found", KindAlreadyExists: "already exists",
	KindConflict: "conflict", KindLimitExceeded: "limit exceeded", KindDenied: "access denied",
	KindInvalidInput: "invalid input", KindAuthFailed: "authentication failed",
	KindThrottled: "throttled", KindUnreachable: "unreachable", KindServer: "server error",
	KindCredentials: "no credentials",
}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error makes a Kind usable as an errors.Is target.
func (k Kind) Error() string { return k.String() }

// Sentinels for errors.Is.
var (
	ErrNotFound      error = KindNotFound
	ErrAlreadyExists error = KindAlreadyExists
	ErrConflict      error = KindConflict
	ErrLimitExceeded error = KindLimitExceeded
	ErrDenied        error = KindDenied
	ErrInvalidInput  error = KindInvalidInput
	ErrAuthFailed    error = KindAuthFailed
	ErrThrottled     error = KindThrottled
	ErrUnreachable   error = KindUnreachable
	ErrServer        error = KindServer
	ErrCredentials   error = KindCredentials
)

// Error is every error ramclient returns for a failed call (context cancellation aside, which is
// returned as ctx.Err()).
type Error struct {
	Kind       Kind
	Code       string // the service's error code, e.g. "EntityNotExist.User"; "" for client-side errors
	Message    string // the service's (or our) message
	RequestID  string
	HTTPStatus int    // 0 when no response arrived
	Action     string // the API action, e.g. "DeleteUser"
	Hint       string // what to do about it, when we know
	Denied     *DeniedDetail
	Attempts   int   // how many times the call was sent
	Err        error // underlying cause (network error, panic value ...), if any

	// afterLost: an earlier attempt's answer was lost (it may have done the work). A rename
	// whose retry finds the old name gone checks the new one (see renamedEarlier).
	afterLost bool
	// refused: client-side validation refused the call and the call log has it (refuse).
	refused bool
}

// DeniedDetail is the service's AccessDeniedDetail of a NoPermission error.
type DeniedDetail struct {
	AuthAction        string // e.g. "ram:DeleteUser"
	PrincipalType     string // e.g. "SubUser", "AssumedRoleUser"
	PrincipalOwnerID  string
	PrincipalName     string // AuthPrincipalDisplayName
	PolicyType        string
	Explicit          bool   // NoPermissionType == "ExplicitDeny" (a Deny statement matched)
	NoPermissionType  string // "ImplicitDeny" | "ExplicitDeny" as sent
	EncodedDiagnostic string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Action != "" {
		b.WriteString(e.Action)
		b.WriteString(": ")
	}
	if e.Code != "" {
		b.WriteString(e.Code)
		if e.Message != "" {
			b.WriteString(": ")
		}
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else if e.Code == "" {
		b.WriteString(e.Kind.String())
	}
	if e.RequestID != "" {
		b.WriteString(" (RequestId ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Is reports whether target is e's Kind, so errors.Is(err, ErrNotFound) works.
func (e *Error) Is(target error) bool {
	k, ok := target.(Kind)
	return ok && k == e.Kind
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err (KindOther for errors that are not *Error).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// invalidInput is the client-side validation error, raised before any API call.
func invalidInput(action, field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if field != "" {
		msg = field + ": " + msg
	}
	return &Error{Kind: KindInvalidInput, Action: action, Message: msg}
}

// maxMessage bounds a message taken from a response body: a proxy's HTML page is not a message.
const maxMessage = 512

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// fromSDK converts whatever the SDK returned into an *Error. ctx errors are the caller's business
// and are handled before this is called.
func fromSDK(action string, err error) *Error {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		e := &Error{
			Action:     action,
			Code:       se.ErrorCode(),
			Message:    strings.TrimSpace(truncate(withoutStringToSign(se.Message()), maxMessage)),
			RequestID:  se.RequestId(),
			HTTPStatus: se.HttpStatus(),
		}
		if d := se.AccessDeniedDetail(); d != nil {
			e.Denied = deniedDetail(d)
		}
		classify(e)
		return e
	}
	var ce *sdkerrors.ClientError
	if errors.As(err, &ce) {
		e := &Error{Action: action, Code: ce.ErrorCode(), Message: ce.Message(), Err: redactURLError(ce.OriginError())}
		switch {
		case ce.ErrorCode() == sdkerrors.TimeoutErrorCode || isNetworkError(ce.OriginError()):
			e.Kind = KindUnreachable
			e.Hint = networkHint(ce.OriginError())
		case ce.ErrorCode() == sdkerrors.JsonUnmarshalErrorCode:
			e.Kind = KindServer
			e.Hint = "the endpoint answered with a body that is not a RAM/STS response; is --endpoint right?"
		default:
			e.Kind = KindOther
		}
		return e
	}
	err = redactURLError(err)
	if isNetworkError(err) {
		return &Error{Action: action, Kind: KindUnreachable, Message: err.Error(), Hint: networkHint(err), Err: err}
	}
	return &Error{Action: action, Kind: KindOther, Message: err.Error(), Err: err}
}

// redactURLError drops the query from a *url.Error: the SDK puts every parameter in the query,
// the AccessKey id and STS security token included, and a network error quotes the whole URL.
func redactURLError(err error) error {
	var ue *url.Error
	if err == nil || !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	redacted := "(url)"
	if perr == nil {
		u.RawQuery, u.Fragment, u.User = "", "", nil
		redacted = u.String()
	}
	return &url.Error{Op: ue.Op, URL: redacted, Err: ue.Err}
}

// withoutStringToSign cuts the tail of a SignatureDoesNotMatch message: the service quotes its
// string to sign, which holds every request parameter, the STS security token included.
func withoutStringToSign(msg string) string {
	if i := strings.Index(msg, sdkerrors.MessageContain); i >= 0 {
		return strings.TrimSpace(msg[:i])
	}
	return msg
}

func deniedDetail(m map[string]any) *DeniedDetail {
	s := func(k string) string {
		v, _ := m[k].(string)
		return v
	}
	d := &DeniedDetail{
		AuthAction:        s("AuthAction"),
		PrincipalType:     s("AuthPrincipalType"),
		PrincipalOwnerID:  s("AuthPrincipalOwnerId"),
		PrincipalName:     s("AuthPrincipalDisplayName"),
		PolicyType:        s("PolicyType"),
		NoPermissionType:  s("NoPermissionType"),
		EncodedDiagnostic: s("EncodedDiagnosticMessage"),
	}
	d.Explicit = strings.EqualFold(d.NoPermissionType, "ExplicitDeny")
	return d
}

// authHints maps authentication failures to what the user should do; made on first use.
var authHints = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"InvalidAccessKeyId.NotFound":                "the AccessKey id is unknown: check the profile's access_key_id (or the key was deleted)",
		"InvalidAccessKeyId.Inactive":                "the AccessKey is disabled: re-enable it or use another key",
		"SignatureDoesNotMatch":                      "the AccessKey secret does not match the id: check access_key_secret",
		"IncompleteSignature":                        "the request signature was rejected: check access_key_secret",
		"InvalidSecurityToken.Expired":               "the STS token has expired: switch role again or refresh the profile",
		"InvalidSecurityToken.Malformed":             "the STS security token is malformed: check sts_token",
		"InvalidSecurityToken.MismatchWithAccessKey": "the STS token does not belong to this AccessKey id: check the profile",
		"MissingSecurityToken":                       "an STS AccessKey (STS.*) needs its security token: set sts_token / ALIBABA_CLOUD_SECURITY_TOKEN",
		"InvalidTimeStamp.Expired":                   "the request time is too far from the server's: check the system clock",
		"InvalidTimeStamp.Format":                    "the request timestamp was rejected: check the system clock",
		"Inactive":                                   "the RAM service is not activated for this account: activate it in the console",
	}
})

// classify sets Kind (and a Hint where useful) from Code and HTTPStatus.
func classify(e *Error) {
	c := e.Code
	switch {
	case authHints()[c] != "":
		e.Kind, e.Hint = KindAuthFailed, authHints()[c]
	case strings.HasPrefix(c, "InvalidAccessKeyId"), strings.HasPrefix(c, "InvalidSecurityToken"):
		e.Kind, e.Hint = KindAuthFailed, "the credentials were rejected: check the profile"
	case strings.HasPrefix(c, "EntityNotExist"):
		e.Kind = KindNotFound
	case strings.HasPrefix(c, "EntityAlreadyExists"):
		e.Kind = KindAlreadyExists
	case strings.HasPrefix(c, "DeleteConflict"):
		e.Kind = KindConflict
	case strings.HasPrefix(c, "LimitExceeded"):
		e.Kind = KindLimitExceeded
	case strings.HasPrefix(c, "Throttling"):
		e.Kind = KindThrottled
		e.Hint = "the service is rate-limiting this account: wait a moment and retry"
	case c == "NoPermission" || strings.HasPrefix(c, "Forbidden") || strings.HasPrefix(c, "NotAuthorized") || e.Denied != nil:
		e.Kind = KindDenied
		e.Hint = deniedHint(e.Denied)
	case strings.HasPrefix(c, "AuthenticationFail.SAMLAssertion."), strings.HasPrefix(c, "AuthenticationFail.OIDCToken."):
		// AssumeRoleWithSAML/OIDC: the identity provider's credential was refused (signature,
		// expiry, audience ...); the message says which check failed.
		e.Kind, e.Hint = KindAuthFailed, "the identity provider's assertion or token was refused: get a fresh one, or check the provider's metadata, issuer and client ids"
	case strings.HasPrefix(c, "InvalidParameter"), strings.HasPrefix(c, "MissingParameter"),
		strings.HasPrefix(c, "Missing"), c == "MalformedPolicyDocument", strings.HasPrefix(c, "InvalidVersionId"):
		e.Kind = KindInvalidInput
	case e.HTTPStatus >= 500:
		e.Kind = KindServer
	case e.HTTPStatus == 404:
		e.Kind = KindNotFound
	case e.HTTPStatus == 403:
		e.Kind = KindDenied
	case e.HTTPStatus == 400:
		e.Kind = KindInvalidInput
	default:
		e.Kind = KindOther
	}
	switch {
	case e.Code == "" && e.HTTPStatus != 0:
		// A non-JSON answer (a proxy, a web server): not the RAM API.
		e.Hint = fmt.Sprintf("the endpoint answered HTTP %d without a RAM/STS error body; is --endpoint right?", e.HTTPStatus)
	case e.Kind == KindServer && e.Hint == "":
		e.Hint = "the service failed; try again later"
	}
}

func deniedHint(d *DeniedDetail) string {
	if d == nil {
		return "the caller lacks the permission for this action"
	}
	if d.PolicyType == "AssumeRolePolicy" { // the role's trust policy refused, not the caller's policies
		return fmt.Sprintf("the role's trust policy does not let %s assume it (or asks for an ExternalId that was missing or wrong)", orWord(d.PrincipalName, "the caller"))
	}
	if d.Explicit {
		return fmt.Sprintf("an explicit Deny in a %s policy blocks %s", orWord(d.PolicyType, "RAM"), orWord(d.AuthAction, "this action"))
	}
	return fmt.Sprintf("no policy allows %s for %s: attach a policy that grants it", orWord(d.AuthAction, "this action"), orWord(d.PrincipalName, "the caller"))
}

func orWord(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// isNetworkError reports whether err comes from the transport rather than the service.
func isNetworkError(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var oe *net.OpError
	var de *net.DNSError
	return errors.As(err, &oe) || errors.As(err, &de) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, context.DeadlineExceeded)
}

// neverSent reports whether a network error happened before the request could reach the server
// (dial failures, DNS): retrying such a request can never duplicate a create.
func neverSent(err error) bool {
	var de *net.DNSError
	if errors.As(err, &de) {
		return true
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

func networkHint(err error) string {
	var de *net.DNSError
	switch {
	case err == nil:
		return "the endpoint did not answer in time: check --endpoint and the network"
	case errors.As(err, &de):
		return "the endpoint's host name does not resolve: check --endpoint and DNS"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "nothing listens at the endpoint: check --endpoint (is `ramtui sim` running?)"
	default:
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return "the endpoint did not answer in time: check --endpoint, the network or the timeouts"
		}
		return "the connection to the endpoint failed: check --endpoint and the network"
	}
}

// panicError turns a panic inside the SDK (it panics on some malformed bodies) into an error.
func panicError(action string, v any) *Error {
	return &Error{
		Action:  action,
		Kind:    KindServer,
		Message: fmt.Sprintf("malformed response (the SDK failed to decode it: %v)", v),
		Hint:    "the endpoint's answer is not a well-formed RAM/STS response; is --endpoint right?",
	}
}
