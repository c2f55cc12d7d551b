package access

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ramtui/ramtui/policy"
)

// NewRequest checks what a simulation was given -- an action (service:Name), a resource (an
// ARN or *) and context pairs (key=value) -- and builds the request, as `ramtui simulate` and
// the simulator screen both take it. Every real request carries the time, so acs:CurrentTime
// is now unless given (without it a date condition could never match).
func NewRequest(action, resource string, pairs []string, now time.Time) (policy.Request, error) {
	svc, name, ok := strings.Cut(action, ":")
	if !ok || svc == "" || name == "" || strings.ContainsAny(action, " \t\n") {
		return policy.Request{}, &policy.FieldError{Field: "action", Message: fmt.Sprintf("%q: expected service:Name, e.g. oss:GetObject", action)}
	}
	if resource == "" || strings.ContainsAny(resource, " \t\n") || (resource != "*" && !strings.HasPrefix(resource, "acs:")) {
		return policy.Request{}, &policy.FieldError{Field: "resource", Message: fmt.Sprintf("%q: expected an ARN (acs:service:region:account:relative-id) or *", resource)}
	}
	ctx, err := ParseContext(pairs)
	if err != nil {
		return policy.Request{}, &policy.FieldError{Field: "context", Message: err.Error()}
	}
	found := false
	for k := range ctx {
		found = found || strings.EqualFold(k, "acs:CurrentTime")
	}
	if !found {
		ctx["acs:CurrentTime"] = []string{now.UTC().Format(time.RFC3339)}
	}
	return policy.Request{Action: action, Resource: resource, Context: ctx}, nil
}

// ValidName checks a user, group or role name before any call.
func ValidName(k Kind, name string) error {
	if name == "" {
		return errors.New("a " + k.String() + " name is needed")
	}
	if len(name) > 64 || strings.IndexFunc(name, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("._@-", r))
	}) >= 0 {
		return fmt.Errorf("%q is not a RAM %s name (1-64 letters, digits and . _ @ -)", name, k)
	}
	return nil
}
