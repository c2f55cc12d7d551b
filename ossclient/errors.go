package ossclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"

	"github.com/ramtui/ramtui/safetext"
)

// Error is every error a call returns (context cancellation aside, returned as ctx.Err()).
// Code and RequestID are the service's: a live probe reports them as observed.
type Error struct {
	Op         string // "PutObject", ...
	Code       string // OSS error code: AccessDenied, NoSuchKey, ...; "" when no answer came
	Message    string
	RequestID  string
	HTTPStatus int    // 0 when no answer came
	EC         string // the service's detailed error code, when it sends one
	Invalid    bool   // rejected before any request: bad input
	Err        error  // the cause (network error, ErrTooLarge ...), if any
}

// Error text is safe to print: Code and Message come from outside.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.Code != "" {
		b.WriteString(safetext.Line(e.Code))
		b.WriteString(": ")
	}
	b.WriteString(safetext.Line(e.Message))
	if e.RequestID != "" {
		b.WriteString(" (RequestId " + safetext.Line(e.RequestID) + ")")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Code returns the OSS error code of err ("" when it is not a service answer).
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// IsAccessDenied reports an AccessDenied answer: the request reached OSS and was refused by
// policy, the outcome a probe that must not be allowed expects.
func IsAccessDenied(err error) bool { return Code(err) == "AccessDenied" }

func invalid(op, field, format string, args ...any) *Error {
	return &Error{Op: op, Invalid: true, Message: field + ": " + fmt.Sprintf(format, args...)}
}

// wrap turns the SDK's error into *Error, keeping the service's code and RequestId.
func wrap(op string, err error) error {
	if errors.Is(err, context.Canceled) {
		return context.Canceled
	}
	var se *oss.ServiceError
	if errors.As(err, &se) {
		return &Error{Op: op, Code: se.Code, Message: se.Message, RequestID: se.RequestID,
			HTTPStatus: se.StatusCode, EC: se.EC, Err: err}
	}
	return &Error{Op: op, Message: "no answer from OSS: " + err.Error(), Err: err}
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }
