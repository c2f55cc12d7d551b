package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/policy"
)

// ParseRequest checks a who-can question typed by a person (the :whocan form): an action
// service:Name, a resource ARN or *, and context pairs key=value separated by spaces. The
// request carries acs:CurrentTime (now) unless given, as every real request does, so a date
// condition can match.
func ParseRequest(action, resource, context string, now time.Time) (policy.Request, error) {
	action, resource = strings.TrimSpace(action), strings.TrimSpace(resource)
	svc, name, ok := strings.Cut(action, ":")
	if !ok || svc == "" || name == "" || strings.ContainsAny(action, " \t") {
		return policy.Request{}, fmt.Errorf("action %q: expected service:Name, e.g. oss:GetObject", action)
	}
	if resource == "" || strings.ContainsAny(resource, " \t\n") || (resource != "*" && !strings.HasPrefix(resource, "acs:")) {
		return policy.Request{}, fmt.Errorf("resource %q: expected an ARN (acs:service:region:account:relative-id) or *", resource)
	}
	ctx, err := access.ParseContext(strings.Fields(context))
	if err != nil {
		return policy.Request{}, fmt.Errorf("context: %w", err)
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
