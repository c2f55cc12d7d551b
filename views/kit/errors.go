package kit

import (
	"errors"
	"strings"

	"github.com/ramtui/ramtui/ramclient"
)

// ErrLine is the one way the views format an error, for the footer flash, a list's error
// state and a detail screen's error line. For RAM errors the code and RequestId come before
// the message, so they survive when a narrow line is cut:
// "ListUsers: NoPermission (RequestId 4F3A...): You are not authorized ... — hint".
func ErrLine(err error) string {
	return errLine(err, true)
}

// ErrReason is ErrLine without the action and the request id: why an answer the user just
// gave was refused, where the whole line would be cut (a prompt asked again).
func ErrReason(err error) string {
	return errLine(err, false)
}

func errLine(err error, whole bool) string {
	var re *ramclient.Error
	if !errors.As(err, &re) {
		return err.Error()
	}
	var b strings.Builder
	if re.Action != "" && whole {
		b.WriteString(re.Action + ": ")
	}
	if re.Code != "" {
		b.WriteString(re.Code)
	} else {
		b.WriteString(re.Kind.String())
	}
	if re.RequestID != "" && whole {
		b.WriteString(" (RequestId " + re.RequestID + ")")
	}
	if re.Message != "" {
		b.WriteString(": " + re.Message)
	}
	if re.Hint != "" {
		b.WriteString(" — " + re.Hint)
	}
	return b.String()
}
