package ramsim

import (
	"net/http"

	"github.com/ramtui/ramtui/ramsim/account"
)

// Gateway errors: the ones the API gateway answers before a request reaches RAM or STS
// (ram-api.md §2.4). Statuses where sources disagree are chosen here and documented:
//   - InvalidAccessKeyId.Inactive: 403 (the key exists but is refused).
//   - Throttling.User: 400, as the real gateway answers it; note that the SDK's AutoRetry
//     only retries >= 500, so throttled calls are not retried automatically.
//   - InvalidSecurityToken.*: 400.

func gatewayError(status int, code, message string) *account.Error {
	return &account.Error{Status: status, Code: code, Message: message}
}

func errMissing(name string) *account.Error {
	return gatewayError(http.StatusBadRequest, "Missing"+name, name+" is mandatory for this action.")
}

func errMissingParameter(name string) *account.Error {
	return gatewayError(http.StatusBadRequest, "MissingParameter",
		"The input parameter \""+name+"\" that is mandatory for processing this request is not supplied.")
}

var (
	errUnsupportedMethod = gatewayError(http.StatusBadRequest, "UnsupportedHTTPMethod",
		"This http method is not supported.")
	errInvalidVersion = gatewayError(http.StatusBadRequest, "InvalidVersion",
		"Specified parameter Version is not valid.")
	errInvalidSignatureMethod = gatewayError(http.StatusBadRequest, "InvalidSignatureMethod",
		"Specified signature method is not valid.")
	errInvalidSignatureVersion = gatewayError(http.StatusBadRequest, "InvalidSignatureVersion",
		"Specified signature version is not valid.")
	errTimestampFormat = gatewayError(http.StatusBadRequest, "InvalidTimeStamp.Format",
		"Specified time stamp or date value is not well formatted.")
	errTimestampExpired = gatewayError(http.StatusBadRequest, "InvalidTimeStamp.Expired",
		"Specified time stamp or date value is expired.")
	errNonceUsed = gatewayError(http.StatusBadRequest, "SignatureNonceUsed",
		"Specified signature nonce was used already.")
	errKeyNotFound = gatewayError(http.StatusNotFound, "InvalidAccessKeyId.NotFound",
		"Specified access key is not found.")
	errKeyInactive = gatewayError(http.StatusForbidden, "InvalidAccessKeyId.Inactive",
		"Specified access key is disabled.")
	errMissingToken = gatewayError(http.StatusBadRequest, "MissingSecurityToken",
		"SecurityToken is mandatory for this action.")
	errTokenExpired = gatewayError(http.StatusBadRequest, "InvalidSecurityToken.Expired",
		"Specified SecurityToken is expired.")
	errTokenMismatch = gatewayError(http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey",
		"Specified SecurityToken mismatch with the AccessKey.")
	errIncompleteSignature = gatewayError(http.StatusBadRequest, "IncompleteSignature",
		"The request signature does not conform to Aliyun standards.")
	errContentSHA256 = gatewayError(http.StatusBadRequest, "IncompleteSignature",
		"The x-acs-content-sha256 header does not match the request body.")
	errThrottled = gatewayError(http.StatusBadRequest, "Throttling.User",
		"Request was denied due to user flow control.")
	errBadRequest = gatewayError(http.StatusBadRequest, "InvalidParameter",
		"The request could not be parsed.")
	errTooLarge = gatewayError(http.StatusBadRequest, "InvalidParameter",
		"The request body is larger than 10 MB.")
	errUnavailable = gatewayError(http.StatusServiceUnavailable, "ServiceUnavailable",
		"The request has failed due to a temporary failure of the server.")
	errInternal = gatewayError(http.StatusInternalServerError, "InternalError",
		"The request processing has failed due to some unknown error, exception or failure.")
)

// errSignatureMismatch carries the server's string to sign at the end of the message: the SDK
// compares that tail with its own and, when equal, recommends checking the AccessKeySecret.
func errSignatureMismatch(stringToSign string) *account.Error {
	return gatewayError(http.StatusBadRequest, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
}
