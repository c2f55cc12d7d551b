package account

import (
	"fmt"
	"net/http"
)

// Error constructors, one per HTTP status family of ram-api.md §2.2. Handlers return these; the
// wire layer renders Status, Code and Message as-is.

func errBadRequest(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errNotFound(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errConflict(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusConflict, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errForbidden(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusForbidden, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errInternal(format string, args ...any) *Error {
	return &Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: fmt.Sprintf(format, args...)}
}

func errMissing(param string) *Error {
	return errBadRequest("MissingParameter",
		"The input parameter %q that is mandatory for processing this request is not supplied.", param)
}

// Entity-not-found errors with the service's wording.
var (
	errNoUser   = func() *Error { return errNotFound("EntityNotExist.User", "The user does not exist.") }
	errNoGroup  = func() *Error { return errNotFound("EntityNotExist.Group", "The group does not exist.") }
	errNoRole   = func() *Error { return errNotFound("EntityNotExist.Role", "The role does not exist.") }
	errNoPolicy = func() *Error { return errNotFound("EntityNotExist.Policy", "The policy does not exist.") }
	errNoKey    = func() *Error {
		return errNotFound("EntityNotExist.User.AccessKey", "The user access key does not exist.")
	}
	errNoLoginProfile = func() *Error {
		return errNotFound("EntityNotExist.User.LoginProfile", "The user login profile does not exist.")
	}
	errNoUserMFA = func() *Error {
		return errNotFound("EntityNotExist.User.MFADevice", "The user has not bound any MFA device.")
	}
	errNoVersion = func() *Error {
		return errNotFound("EntityNotExist.Policy.Version", "The policy version does not exist.")
	}
)
