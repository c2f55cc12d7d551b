package bench

import (
	"context"
	"errors"

	"github.com/ramtui/ramtui/grant"
)

// grantTask: `ramtui grant oss` for a user of the scale seed, plan and apply (five steps:
// permission policy, role, its attachment, the caller's sts:AssumeRole policy, its attachment),
// rolled back after each run (not timed).
//
// The limit: the plan reads who the caller is, then the user's groups, then the policies of
// the user and its groups, then their documents (4 round trips; the role and the grant's two
// policies are read beside them); the apply needs 2 more: the three creations are
// independent, and each attachment needs only its policy and role. grant.Apply makes the five
// changes one after another (3 round trips over the limit, by design: a step that fails
// leaves an exact, undoable prefix). Naive: every call one after another.
func grantTask(e *env) task {
	req := grant.Request{Bucket: "bench-bucket", Dir: "team/", User: e.name("user", 2), Access: grant.DefaultAccess}
	var applied *grant.Applied
	fast := func(ctx context.Context, e *env) error {
		p, err := grant.MakePlan(ctx, e.c, req)
		if err != nil {
			return err
		}
		applied, err = grant.Apply(ctx, e.c, p, grant.Options{}, nil)
		return err
	}
	return task{
		name: "grant-oss", limit: 4 + 2, byDesign: 3, naiveRTs: grantCalls, calls: grantCalls,
		fast: fast,
		// The plan's reads one after another (an observer on the client does not exist: the
		// naive way is the same engine given one slot at a time), then the same apply.
		naive: func(ctx context.Context, e *env) error {
			return fast(ctx, &env{n: e.n, lat: e.lat, c: e.serial, dir: e.dir})
		},
		undo: func(ctx context.Context, e *env) error {
			if applied == nil {
				return errors.New("nothing applied")
			}
			err := grant.Rollback(ctx, e.c, applied, nil)
			applied = nil
			return err
		},
	}
}

// grantCalls are the calls of one plan and apply for the scale seed's user00002 (one group,
// one system and one custom policy): GetCallerIdentity; GetRole and the grant's two GetPolicy
// (absent); ListGroupsForUser, ListPoliciesForUser and ListPoliciesForGroup, the two policies'
// documents (GetPolicy); then the 5 changes.
const grantCalls = 1 + 3 + 3 + 2 + 5
