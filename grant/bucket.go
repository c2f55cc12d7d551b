package grant

import (
	"context"
	"time"

	"github.com/ramtui/ramtui/ossclient"
	"github.com/ramtui/ramtui/ramclient"
)

// BucketState is what the plan found of the grant's bucket.
type BucketState string

const (
	BucketUnchecked BucketState = "unchecked" // the check could not be made: BucketCheck.Detail says why
	BucketFound     BucketState = "found"     // the account has the bucket
	BucketMissing   BucketState = "missing"   // the account has no bucket of that name
)

// BucketCheck is what the plan found of the bucket: one ListBuckets as the admin, made beside
// the plan's RAM reads (it adds no round trip). A grant for a bucket the account does not have
// could be applied, but neither used nor verified: Apply refuses it unless asked
// (Options.AllowMissingBucket).
type BucketCheck struct {
	State  BucketState
	Region string // where the bucket is (BucketFound), as OSS says
	Detail string // why it was not checked (BucketUnchecked): outside text, show it through safetext
}

// bucketCheckTimeout bounds the check: an OSS endpoint that does not answer must not hold the
// plan up as long as a probe may wait.
const bucketCheckTimeout = 10 * time.Second

// checkBucket looks for the bucket among the account's (ossclient.FindBucket, as the admin):
// at the simulator's port against a local simulator, else at the region's public endpoint
// (cn-hangzhou's when the request names none: ListBuckets answers for every region anywhere).
func checkBucket(ctx context.Context, c *ramclient.Client, r Request) BucketCheck {
	t := adminTarget(c, r, "")
	oc, err := ossclient.New(ossclient.Config{Endpoint: t.endpoint, Region: t.region, Credentials: t.admin, Timeout: bucketCheckTimeout})
	var (
		b     ossclient.Bucket
		found bool
	)
	if err == nil {
		b, found, err = oc.FindBucket(ctx, r.Bucket)
	}
	switch {
	case err != nil:
		return BucketCheck{State: BucketUnchecked, Detail: err.Error()}
	case !found:
		return BucketCheck{State: BucketMissing}
	}
	return BucketCheck{State: BucketFound, Region: b.Region}
}

// Missing reports whether the plan found that the account has no such bucket.
func (b BucketCheck) Missing() bool { return b.State == BucketMissing }

// BucketLine says what the plan found of the bucket, in one line that starts with its name:
// the CLI prints it after "bucket ", the screen after its label.
func (p *Plan) BucketLine() string {
	r, b := p.Request, p.Bucket
	switch b.State {
	case BucketFound:
		line := r.Bucket + ": exists in this account, region " + b.Region
		if r.Region != "" && b.Region != "" && b.Region != r.Region {
			line += " -- NOT " + r.Region + " as asked: the hand-over's OSS endpoint would be wrong (give the region " + b.Region + ")"
		}
		return line
	case BucketMissing:
		return r.Bucket + ": MISSING -- this account has no bucket of that name (ListBuckets): the grant could be neither used nor verified until the bucket is created"
	}
	return r.Bucket + ": not checked -- " + b.Detail + "; the verification will show whether it exists"
}
