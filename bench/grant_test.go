package bench

import (
	"context"
	"errors"

	"github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/ossclient"
	"github.com/ramtui/ramtui/ramclient"
)

// grantTask: `ramtui grant oss` for a user of the scale seed, plan and apply (five steps:
// permission policy, role, its attachment, the caller's sts:AssumeRole policy, its attachment),
// rolled back after each run (not timed).
//
// The limit: the plan reads who the caller is, then the user's groups, then the policies of
// the user and its groups, then their documents (4 round trips; the role, the grant's two
// policies and the bucket, an OSS ListBuckets, are read beside them); the apply needs 2 more:
// the three creations are independent, and each attachment needs only its policy and role.
// grant.Apply makes them in those two rounds. Naive: every call one after another.
func grantTask(e *env) task {
	req := grant.Request{Bucket: "bench-bucket", Dir: "team/", User: e.name("user", 2), Access: grant.DefaultAccess}
	calls, callsErr := grantCalls(e, req.User)
	if callsErr == nil {
		// The plan looks for the bucket (one OSS call beside its RAM reads, not counted in
		// calls: the client's log holds RAM's) and a missing one is not applied: make it.
		callsErr = createBucket(e, req.Bucket)
	}
	var applied *grant.Applied
	fast := func(ctx context.Context, e *env) error {
		if callsErr != nil {
			return callsErr
		}
		p, err := grant.MakePlan(ctx, e.c, req)
		if err != nil {
			return err
		}
		applied, err = grant.Apply(ctx, e.c, p, grant.Options{}, nil)
		return err
	}
	return task{
		name: "grant-oss", limit: 4 + 2, naiveRTs: calls, calls: calls,
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

// createBucket makes bucket in the simulator (not timed), with the root client's key.
func createBucket(e *env, bucket string) error {
	cr := e.c.Credentials()
	oc, err := ossclient.New(ossclient.Config{Endpoint: e.c.Endpoint(),
		Credentials: ossclient.Credentials{AccessKeyID: cr.AccessKeyID, AccessKeySecret: cr.AccessKeySecret}})
	if err != nil {
		return err
	}
	return oc.CreateBucket(context.Background(), bucket)
}

// grantCalls are the calls of one plan and apply for user, from what the seed gave the user
// (read once, not timed): GetCallerIdentity; GetRole and the grant's two GetPolicy (absent);
// ListGroupsForUser; ListPoliciesFor the user and for each of its groups; one GetPolicy for
// each distinct policy of those; then the 5 changes.
func grantCalls(e *env, user string) (int, error) {
	ctx := context.Background()
	groups, err := e.c.GroupsForUser(ctx, user)
	if err != nil {
		return 0, err
	}
	principals := []ramclient.Principal{ramclient.UserPrincipal(user)}
	for _, g := range groups {
		principals = append(principals, ramclient.GroupPrincipal(g.GroupName))
	}
	policies := map[[2]string]bool{}
	for _, p := range principals {
		ps, err := e.c.PoliciesFor(ctx, p)
		if err != nil {
			return 0, err
		}
		for _, p := range ps {
			policies[[2]string{p.PolicyName, string(p.PolicyType)}] = true
		}
	}
	return 1 + 3 + 1 + len(principals) + len(policies) + 5, nil
}
