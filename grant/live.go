package grant

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ramtui/ramtui/ossclient"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// Observed values of a probe besides the OSS error codes (AccessDenied, NoSuchBucket, ...).
const (
	ObservedAllowed  = "Allowed"   // the request succeeded
	ObservedNoAnswer = "no answer" // the request got no answer from OSS (network, timeout)
)

// ErrLiveEndpoint is returned by Verify when live probes are asked for against a real account
// without the bucket's region: the probes must go to the bucket's own region endpoint.
var ErrLiveEndpoint = errors.New("live probes against the real OSS need the bucket's region (its endpoint is oss-<region>.aliyuncs.com)")

// liveTarget is where the live probes go and who cleans up after them.
type liveTarget struct {
	endpoint string // for ossclient: "" = the region's public endpoint
	region   string
	admin    ossclient.Credentials // the admin's own credentials, for the clean-up
}

func newLiveTarget(c *ramclient.Client, r Request, o VerifyOptions) (liveTarget, error) {
	t := adminTarget(c, r, o.OSSEndpoint)
	if t.endpoint == "" && t.region == "" {
		return t, ErrLiveEndpoint
	}
	return t, nil
}

// adminTarget is OSS at endpoint ("" = the simulator's port against a local simulator, else
// the region's public endpoint) with the admin's own credentials.
func adminTarget(c *ramclient.Client, r Request, endpoint string) liveTarget {
	t := liveTarget{endpoint: endpoint, region: r.Region}
	if t.endpoint == "" && c.Local() {
		t.endpoint = c.Endpoint() // the simulator serves OSS on its RAM port
	}
	cr := c.Credentials()
	t.admin = ossclient.Credentials{AccessKeyID: cr.AccessKeyID, AccessKeySecret: cr.AccessKeySecret, SecurityToken: cr.SecurityToken}
	return t
}

func (t liveTarget) client(cr ossclient.Credentials) (*ossclient.Client, error) {
	return ossclient.New(ossclient.Config{Endpoint: t.endpoint, Region: t.region, Credentials: cr, Timeout: 20 * time.Second})
}

// otherBucket is a bucket of the account other than bucket, in the probes' region, for the
// "read another bucket" probe made live: the request then reaches the permission check and
// proves the grant does not reach past its bucket. The admin lists the buckets (the session
// may not). When there is none, or they cannot be listed, whyNot says so: the probe stays
// evaluated only, as a made-up bucket answers NoSuchBucket, and another account's AccessDenied,
// before OSS looks at this grant.
func (t liveTarget) otherBucket(ctx context.Context, bucket string) (name, whyNot string) {
	const proves = "; a made-up bucket answers NoSuchBucket, another account's AccessDenied, before OSS looks at this grant"
	admin, err := t.client(t.admin)
	var bs []ossclient.Bucket
	if err == nil {
		bs, err = admin.Buckets(ctx, 1000)
	}
	if err != nil {
		return "", "not made live: the account's buckets could not be listed (" + err.Error() + ")" + proves
	}
	for _, b := range bs {
		// Another region's bucket is refused at this region's endpoint whatever the grant
		// says (it must be addressed at its own), which would prove nothing.
		if b.Name != bucket && (t.region == "" || b.Region == t.region) {
			return b.Name, ""
		}
	}
	in := ""
	if t.region != "" {
		in = " in " + t.region
	}
	return "", "not made live: the account has no other bucket" + in + " (ListBuckets)" + proves
}

// probeBody is what the write probe puts: small, and saying what it is to whoever finds it.
func probeBody(now time.Time) []byte {
	return []byte("ramtui grant probe, written " + now.UTC().Format(time.RFC3339) + "; safe to delete\n")
}

// uniqueProbeName is the name of this run's probe object: no two runs (nor two admins verifying
// at once) touch each other's object, and an object that already existed is never overwritten.
func uniqueProbeName() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "ramtui-probe-" + time.Now().UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:]) + ".txt"
}

// phase orders the live requests: the listings, then the writes, the reads, the deletes, so
// "read inside" reads back what "write inside" wrote and "delete inside" removes it.
func phase(p Probe) int {
	switch {
	case p.List:
		return 0
	case p.Request.Action == "oss:PutObject":
		return 1
	case p.Request.Action == "oss:GetObject":
		return 2
	}
	return 3
}

// runLive makes the probes as real OSS requests with the developer's session and records
// what each observed in results (in place). Every object a probe wrote is removed before it
// returns, whatever failed in between: by the session when it may delete, else with the admin's
// own credentials. The returned Check says whether that clean-up is complete; it is nil when
// nothing was written.
func runLive(ctx context.Context, t liveTarget, session ossclient.Credentials, results []ProbeResult) (cleanup *Check) {
	oc, err := t.client(session)
	if err != nil {
		for i := range results {
			results[i].observe(ObservedNoAnswer, "", "not made: "+err.Error())
		}
		return nil
	}
	name := uniqueProbeName()
	body := probeBody(time.Now())
	written := map[string]string{} // key -> bucket, of objects written and not yet deleted
	defer func() { cleanup = removeWritten(ctx, t, oc, written) }()

	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return phase(results[order[a]].Probe) < phase(results[order[b]].Probe) })
	for _, i := range order {
		r := &results[i]
		if ctx.Err() != nil {
			r.observe(ObservedNoAnswer, "", "not made: "+ctx.Err().Error())
			continue
		}
		if r.ObservedDetail != "" {
			continue // not to be made live, and the detail says why (another bucket, none found)
		}
		key := r.Key
		if !r.List {
			key = strings.TrimSuffix(r.Key, probeKey) + name
		}
		switch r.Request.Action {
		case "oss:ListObjects":
			l, err := oc.List(ctx, r.Bucket, ossclient.ListOptions{Prefix: r.Prefix, Delimiter: r.Delimiter, MaxKeys: 10})
			if err != nil {
				r.observeErr(err)
				break
			}
			r.observe(ObservedAllowed, l.RequestID, fmt.Sprintf("listed %d objects and %d prefixes (first page of up to 10)", len(l.Objects), len(l.Prefixes)))
		case "oss:PutObject":
			id, err := oc.Put(ctx, r.Bucket, key, body, "text/plain")
			if err != nil {
				r.observeErr(err)
				break
			}
			written[key] = r.Bucket
			r.observe(ObservedAllowed, id, fmt.Sprintf("wrote %s (%d bytes)", key, len(body)))
		case "oss:GetObject":
			data, id, err := oc.Get(ctx, r.Bucket, key, int64(len(body)))
			switch {
			case ossclient.Code(err) == "NoSuchKey":
				// Authorized: the answer comes from the object store, past the permission check.
				r.observe("NoSuchKey", requestID(err), "authorized (nothing was written there to read back)")
			case err != nil:
				r.observeErr(err)
			case !bytes.Equal(data, body):
				r.observe(ObservedAllowed, id, fmt.Sprintf("read %d bytes back, not what was written", len(data)))
				r.OK = false
			default:
				r.observe(ObservedAllowed, id, fmt.Sprintf("read back %s (%d bytes, as written)", key, len(data)))
			}
		case "oss:DeleteObject":
			id, err := oc.Delete(ctx, r.Bucket, key)
			if err != nil {
				r.observeErr(err)
				break
			}
			delete(written, key)
			r.observe(ObservedAllowed, id, "deleted "+key)
		default:
			r.ObservedDetail = "not made live: no OSS request for " + r.Request.Action
		}
	}
	return cleanup
}

// removeWritten deletes what the probes wrote and could not delete themselves: first as the
// session, then with the admin's credentials. It runs even when ctx is cancelled: a probe
// object left in the developer's directory would be a surprise.
func removeWritten(ctx context.Context, t liveTarget, session *ossclient.Client, written map[string]string) *Check {
	if len(written) == 0 {
		return nil
	}
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	admin, adminErr := t.client(t.admin)
	ch := &Check{Name: "the probe objects are removed", OK: true}
	var notes []string
	keys := make([]string, 0, len(written))
	for k := range written {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		bucket := written[key]
		if _, err := session.Delete(dctx, bucket, key); err == nil {
			notes = append(notes, "oss://"+bucket+"/"+key+" removed")
			continue
		}
		err := adminErr
		if err == nil {
			_, err = admin.Delete(dctx, bucket, key)
		}
		if err != nil {
			ch.OK = false
			notes = append(notes, "oss://"+bucket+"/"+key+" could NOT be removed ("+err.Error()+") -- delete it by hand")
			continue
		}
		notes = append(notes, "oss://"+bucket+"/"+key+" removed with the admin's credentials (the session may not delete it)")
	}
	ch.Detail = strings.Join(notes, "; ")
	return ch
}

// observe records what the live request answered; the probe passes only if the evaluation did
// and the observation matches the expectation: an expected Allow must succeed (a read of a
// missing object, NoSuchKey, is past the permission check), an expected deny must be refused
// with AccessDenied. NoSuchBucket and every other answer are refusals that prove nothing, so
// they never pass.
func (r *ProbeResult) observe(observed, requestID, detail string) {
	r.Observed, r.RequestID, r.ObservedDetail = observed, requestID, detail
	var ok bool
	if r.Expect == policy.Allowed {
		ok = observed == ObservedAllowed || observed == "NoSuchKey"
	} else {
		ok = observed == "AccessDenied"
	}
	r.OK = r.OK && ok
}

func (r *ProbeResult) observeErr(err error) {
	var e *ossclient.Error
	if errors.As(err, &e) && e.Code != "" {
		r.observe(e.Code, e.RequestID, e.Error())
		return
	}
	r.observe(ObservedNoAnswer, "", err.Error())
}

func requestID(err error) string {
	var e *ossclient.Error
	if errors.As(err, &e) {
		return e.RequestID
	}
	return ""
}

// Live reports whether the probe was made as a real OSS request.
func (r ProbeResult) Live() bool { return r.Observed != "" }
