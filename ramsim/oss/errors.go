package oss

import (
	"encoding/xml"
	"net/http"

	"github.com/ramtui/ramtui/ramsim/account"
)

// Error is an OSS error response: <Error><Code>…</Code><Message>…</Message>… with the
// service's HTTP status. Optional elements name what the error is about.
type Error struct {
	XMLName        xml.Name `xml:"Error"`
	Status         int      `xml:"-"`
	Code           string   `xml:"Code"`
	Message        string   `xml:"Message"`
	RequestID      string   `xml:"RequestId"`
	HostID         string   `xml:"HostId"`
	BucketName     string   `xml:"BucketName,omitempty"`
	Key            string   `xml:"Key,omitempty"`
	OSSAccessKeyID string   `xml:"OSSAccessKeyId,omitempty"`
	StringToSign   string   `xml:"StringToSign,omitempty"`
	EC             string   `xml:"EC,omitempty"`
	// AccessDeniedDetail explains a RAM denial, as the service's newer responses do.
	AccessDeniedDetail *account.AccessDeniedDetail `xml:"AccessDeniedDetail,omitempty"`
}

func newError(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// Errors with the messages the service uses (the EC values are the documented ones for
// NoSuchBucket and NoSuchKey; other errors carry none rather than a guessed one).
func errNoSuchBucket(name string) *Error {
	e := newError(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist.")
	e.BucketName, e.EC = name, "0015-00000101"
	return e
}

func errNoSuchKey(key string) *Error {
	e := newError(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
	e.Key, e.EC = key, "0026-00000001"
	return e
}

func errBucketExists(name string) *Error {
	e := newError(http.StatusConflict, "BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.")
	e.BucketName = name
	return e
}

// errNotYourBucket answers a request to another account's bucket, with the service's message
// and EC (nothing in the simulator grants another account access: it has no bucket policies).
func errNotYourBucket(name string) *Error {
	e := newError(http.StatusForbidden, "AccessDenied", "The bucket you access does not belong to you.")
	e.BucketName, e.EC = name, "0003-00000001"
	return e
}

func errBucketNotEmpty(name string) *Error {
	e := newError(http.StatusConflict, "BucketNotEmpty", "The bucket you tried to delete is not empty.")
	e.BucketName = name
	return e
}

func errInvalidArgument(message string) *Error {
	return newError(http.StatusBadRequest, "InvalidArgument", message)
}

var (
	errAnonymous = newError(http.StatusForbidden, "AccessDenied",
		"AccessDenied: anonymous access is not allowed; the simulator serves signed requests only (Authorization header, V1 or V4).")
	errMissingDate = newError(http.StatusForbidden, "AccessDenied",
		"AccessDenied: the request has no Date or x-oss-date header.")
	errSkewed = newError(http.StatusForbidden, "RequestTimeTooSkewed",
		"The difference between the request time and the current time is too large.")
	errBadAuthorization = newError(http.StatusBadRequest, "InvalidArgument",
		"Authorization header is invalid.")
	errNoKey = newError(http.StatusForbidden, "InvalidAccessKeyId",
		"The OSS Access Key Id you provided does not exist in our records.")
	errKeyDisabled = newError(http.StatusForbidden, "InvalidAccessKeyId",
		"The OSS Access Key Id you provided is disabled.")
	errTokenMissing = newError(http.StatusForbidden, "InvalidSecurityToken",
		"The security token you provided is invalid: an STS AccessKey needs its x-oss-security-token.")
	errTokenMismatch = newError(http.StatusForbidden, "InvalidSecurityToken",
		"The security token you provided is invalid.")
	errTokenExpired = newError(http.StatusForbidden, "SecurityTokenExpired",
		"The security token you provided has expired.")
	errContentSHA256 = newError(http.StatusBadRequest, "InvalidArgument",
		"x-oss-content-sha256 does not match the request body.")
	errBadDigest = newError(http.StatusBadRequest, "InvalidDigest",
		"The Content-MD5 you specified is not valid.")
	errDigestMismatch = newError(http.StatusBadRequest, "BadDigest",
		"The Content-MD5 you specified did not match what we received.")
	errTooLarge = newError(http.StatusBadRequest, "EntityTooLarge",
		"Your proposed upload exceeds the simulator's maximum object size; its limits: "+Limits()+".")
	errStoreFull = newError(http.StatusBadRequest, "EntityTooLarge",
		"The simulated account's storage is full (delete objects first); its limits: "+Limits()+".")
	errTooManyBuckets = newError(http.StatusBadRequest, "TooManyBuckets",
		"You have attempted to create more buckets than allowed; the simulator's limits: "+Limits()+".")
	errNotImplemented = newError(http.StatusNotImplemented, "NotImplemented",
		"The simulator does not implement this OSS operation (it serves buckets: Put/Get info/Delete/List; objects: Put/Get/Head/Delete/List).")
	errNotSaved = newError(http.StatusInternalServerError, "InternalError",
		"The change could not be saved to the simulator's state file, so it was not applied; retry once the file can be written.")
	errInternal = newError(http.StatusInternalServerError, "InternalError",
		"We encountered an internal error. Please try again.")
)

// errSignature carries the server's string to sign, as the service does, so a client can
// compare it with its own.
func errSignature(keyID, stringToSign string) *Error {
	e := newError(http.StatusForbidden, "SignatureDoesNotMatch",
		"The request signature we calculated does not match the signature you provided. Check your key and signing method.")
	e.OSSAccessKeyID, e.StringToSign = keyID, stringToSign
	return e
}

// errDenied turns the account's NoPermission into OSS's AccessDenied.
func errDenied(ae *account.Error, act, resource string) *Error {
	why := "no policy of the caller allows it"
	if ae.Denied != nil && ae.Denied.NoPermissionType == "ExplicitDeny" {
		why = "a policy of the caller denies it"
	}
	e := newError(http.StatusForbidden, "AccessDenied",
		"You are not authorized by RAM to do "+act+" on "+resource+": "+why+".")
	e.AccessDeniedDetail = ae.Denied
	return e
}

// copyErr returns a copy of a shared error value, so a request can fill in its own fields.
func (e *Error) copyErr() *Error {
	c := *e
	return &c
}
