package account

import (
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Parameter validation (ram-api.md §3). Every handler validates all of its parameters before it
// looks anything up or changes anything, so a rejected request never leaves a trace.

var (
	userNameChars   = lazyRegexp(`^[A-Za-z0-9._-]+$`)
	groupNameChars  = userNameChars
	roleNameChars   = lazyRegexp(`^[A-Za-z0-9.-]+$`)
	policyNameChars = lazyRegexp(`^[A-Za-z0-9-]+$`)
	mfaNameChars    = roleNameChars
	mobileFormat    = lazyRegexp(`^[0-9]{1,4}-[0-9]{4,20}$`)
	emailFormat     = lazyRegexp(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)
	versionIDFormat = lazyRegexp(`^v[1-9][0-9]*$`)
	sixDigits       = lazyRegexp(`^[0-9]{6}$`)
	externalIDChars = lazyRegexp(`^[\w+=,.@:/-]*$`)
	sessionNameChar = lazyRegexp(`^[A-Za-z0-9.@_-]+$`)
)

// p reads a parameter ("" when absent).
func (c *call) p(name string) string { return c.req.Params[name] }

// has reports whether a parameter was sent at all (an empty value counts as sent).
func (c *call) has(name string) bool {
	_, ok := c.req.Params[name]
	return ok
}

// required returns a mandatory parameter or MissingParameter naming it.
func (c *call) required(name string) (string, *Error) {
	v := c.p(name)
	if v == "" {
		return "", errMissing(name)
	}
	return v, nil
}

// checkName validates an entity name: length in characters, then charset. The codes are
// InvalidParameter.<Param>.Length and InvalidParameter.<Param>.InvalidChars.
func checkName(param, v string, max int, chars *lazyRE) *Error {
	if n := utf8.RuneCountInString(v); n < 1 || n > max {
		return errBadRequest("InvalidParameter."+param+".Length",
			"The parameter %s must be 1 to %d characters long.", param, max)
	}
	if !chars.MatchString(v) {
		return errBadRequest("InvalidParameter."+param+".InvalidChars",
			"The parameter %s contains invalid characters.", param)
	}
	return nil
}

// requiredName is required + checkName.
func (c *call) requiredName(param string, max int, chars *lazyRE) (string, *Error) {
	v, err := c.required(param)
	if err != nil {
		return "", err
	}
	return v, checkName(param, v, max, chars)
}

func (c *call) userName(param string) (string, *Error) {
	return c.requiredName(param, 64, userNameChars)
}
func (c *call) groupName(param string) (string, *Error) {
	return c.requiredName(param, 64, groupNameChars)
}
func (c *call) roleName(param string) (string, *Error) {
	return c.requiredName(param, 64, roleNameChars)
}
func (c *call) policyName(param string) (string, *Error) {
	return c.requiredName(param, 128, policyNameChars)
}

// checkLength validates an optional free-text parameter's length in characters.
func checkLength(param, v string, max int) *Error {
	if utf8.RuneCountInString(v) > max {
		return errBadRequest("InvalidParameter."+param+".Length",
			"The parameter %s must be at most %d characters long.", param, max)
	}
	return nil
}

// checkDisplayName: 1-128 of letters (CJK included), digits, ".@-_" and spaces.
func checkDisplayName(param, v string) *Error {
	if n := utf8.RuneCountInString(v); n < 1 || n > 128 {
		return errBadRequest("InvalidParameter."+param+".Length",
			"The parameter %s must be 1 to 128 characters long.", param)
	}
	for _, r := range v {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(".@-_ ", r) {
			return errBadRequest("InvalidParameter."+param+".InvalidChars",
				"The parameter %s contains invalid characters.", param)
		}
	}
	return nil
}

func checkMobile(param, v string) *Error {
	if !mobileFormat.MatchString(v) {
		return errBadRequest("InvalidParameter."+param+".Format",
			"The parameter %s must look like <country code>-<number>, e.g. 86-18600008888.", param)
	}
	return nil
}

func checkEmail(param, v string) *Error {
	if len(v) > 128 || !emailFormat.MatchString(v) {
		return errBadRequest("InvalidParameter."+param+".Format", "The parameter %s is not a valid email address.", param)
	}
	return nil
}

// boolParam reads an optional boolean ("true"/"false", case-insensitive).
func (c *call) boolParam(name string, def bool) (bool, *Error) {
	v := c.p(name)
	if v == "" {
		return def, nil
	}
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errBadRequest("InvalidParameter."+name, "The parameter %s must be true or false.", name)
}

// intParam reads an optional integer within [min, max].
func (c *call) intParam(name string, def, min, max int64) (int64, *Error) {
	v := c.p(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min || n > max {
		return 0, errBadRequest("InvalidParameter."+name,
			"The parameter %s must be an integer from %d to %d.", name, min, max)
	}
	return n, nil
}

// policyType reads PolicyType (System|Custom); required says whether it may be omitted.
func (c *call) policyType(required bool) (string, *Error) {
	v := c.p("PolicyType")
	switch {
	case v == "" && required:
		return "", errMissing("PolicyType")
	case v == "" || v == "System" || v == "Custom":
		return v, nil
	}
	return "", errBadRequest("InvalidParameter.PolicyType", "The parameter PolicyType must be System or Custom.")
}

func (c *call) versionID() (string, *Error) {
	v, err := c.required("VersionId")
	if err != nil {
		return "", err
	}
	if !versionIDFormat.MatchString(v) {
		return "", errBadRequest("InvalidParameter.VersionId.Format", "The parameter VersionId must look like v1, v2, ...")
	}
	return v, nil
}

// Pagination: markers are opaque to clients (base64 of the last returned sort key), so a page
// boundary survives entities being created or deleted between calls.

type pager struct {
	after string // sort key after which the page starts
	max   int
}

func (c *call) pager(maxAllowed int64) (pager, *Error) {
	n, err := c.intParam("MaxItems", 100, 1, maxAllowed)
	if err != nil {
		return pager{}, err
	}
	pg := pager{max: int(n)}
	if m := c.p("Marker"); m != "" {
		raw, derr := base64.RawURLEncoding.DecodeString(m)
		if derr != nil || len(raw) == 0 {
			return pager{}, errBadRequest("InvalidParameter.Marker", "The parameter Marker is not valid.")
		}
		pg.after = string(raw)
	}
	return pg, nil
}

// slice picks the page out of sorted keys; it returns the page and the marker ("" at the end).
func (pg pager) slice(keys []string) ([]string, page) {
	start := 0
	if pg.after != "" {
		// first key strictly after the marker
		lo, hi := 0, len(keys)
		for lo < hi {
			mid := (lo + hi) / 2
			if keys[mid] <= pg.after {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		start = lo
	}
	end := min(start+pg.max, len(keys))
	out := keys[start:end]
	if end < len(keys) {
		return out, page{IsTruncated: true, Marker: base64.RawURLEncoding.EncodeToString([]byte(keys[end-1]))}
	}
	return out, page{}
}

// lazyRE is a pattern compiled on first use: package variables are compiled at start-up by every
// command that links the simulator, `ramtui version` included (the account's patterns were most
// of its 1,090 allocations at init). ramsim may not import ../lazyre (layout_test: only ramsim/*
// and policy), so this is the same idea in four lines. A bad pattern panics in the tests that use it.
type lazyRE struct{ compiled func() *regexp.Regexp }

func lazyRegexp(expr string) *lazyRE {
	return &lazyRE{sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

func (r *lazyRE) MatchString(s string) bool            { return r.compiled().MatchString(s) }
func (r *lazyRE) FindStringSubmatch(s string) []string { return r.compiled().FindStringSubmatch(s) }
