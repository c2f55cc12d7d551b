package audit

import (
	"context"
	"fmt"

	"github.com/ramtui/ramtui/ramclient"
)

// Apply runs a fix's steps in order through ramclient (which validates each before calling)
// and stops at the first failure, returning how many steps were done. A fix with no steps
// (a screen to open) is an error: it needs a person.
func Apply(ctx context.Context, c *ramclient.Client, fix Fix) (done int, err error) {
	if len(fix.Steps) == 0 {
		return 0, fmt.Errorf("this fix is made on a screen (%s), not by a plan", fix.Screen)
	}
	for _, st := range fix.Steps {
		if err := applyStep(ctx, c, st); err != nil {
			return done, fmt.Errorf("step %d of %d, %s: %w", done+1, len(fix.Steps), st.Action, err)
		}
		done++
	}
	return done, nil
}

func applyStep(ctx context.Context, c *ramclient.Client, st Step) error {
	p := st.Params
	switch st.Action {
	case "UpdateAccessKey":
		return c.SetAccessKeyStatus(ctx, p["UserName"], p["UserAccessKeyId"], p["Status"])
	case "DeleteAccessKey":
		return c.DeleteAccessKey(ctx, p["UserName"], p["UserAccessKeyId"])
	case "DetachPolicyFromUser":
		return c.DetachPolicy(ctx, ramclient.UserPrincipal(p["UserName"]), p["PolicyName"], ramclient.PolicyType(p["PolicyType"]))
	case "DeletePolicyVersion":
		return c.DeletePolicyVersion(ctx, p["PolicyName"], p["VersionId"])
	case "DeletePolicy":
		return c.DeletePolicy(ctx, p["PolicyName"])
	case "SetPasswordPolicy", "SetSecurityPreference":
		return applySetting(ctx, c, st)
	}
	return fmt.Errorf("unknown step %q", st.Action)
}
