package commands

import (
	"errors"
	"fmt"
	"io"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
)

// Exit codes, documented in `ramtui assume --help` and the README. Scripts rely on them.
const (
	exitOK       = 0
	exitRefused  = 1 // the service refused or failed (AssumeRole denied, role not found, ...)
	exitUsage    = 2 // bad arguments, flags or input, caught before any API call
	exitSignIn   = 3 // could not sign in: no or invalid credentials, endpoint unreachable
	exitNotExec  = 126
	exitNotFound = 127
)

// exitError carries an exit code up to main. A nil err means: exit quietly with code (the
// child command of `ramtui assume -- CMD` already said what it had to say).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// report prints err (if any) to w, with the hint of a RAM/STS error, and returns the process
// exit code.
func report(w io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	code := exitRefused
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err == nil {
			return ee.code
		}
		code = ee.code
	}
	// Error texts quote the API and files (names, messages): hostile until made safe.
	fmt.Fprintln(w, "ramtui:", safetext.Block(err.Error()))
	var re *ramclient.Error
	if errors.As(err, &re) && re.Hint != "" {
		fmt.Fprintln(w, "hint:", safetext.Line(re.Hint))
	}
	return code
}
