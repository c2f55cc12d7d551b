package grant

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ossclient"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

const seedDir = "dir111/dir111_secondline1/"

// bucketKeys lists every key of the bucket with the root key: what a probe left behind shows.
func bucketKeys(t *testing.T, sim *ramsim.Running, bucket string) []string {
	t.Helper()
	id, secret := sim.Account().RootKey()
	oc, err := ossclient.New(ossclient.Config{Endpoint: sim.Endpoint, Credentials: ossclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	o := ossclient.ListOptions{MaxKeys: 1000}
	for {
		l, err := oc.List(context.Background(), bucket, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, obj := range l.Objects {
			keys = append(keys, obj.Key)
		}
		if !l.Truncated {
			return keys
		}
		o.ContinuationToken = l.Next
	}
}

// liveTable is the probe table as "name: evaluated / observed", with MISMATCH where it failed.
func liveTable(t *testing.T, v *Verification) string {
	t.Helper()
	var rows []string
	for _, r := range v.Probes {
		row := fmt.Sprintf("%s: %v / %s", r.Name, r.Answer.Decision, r.Observed)
		if r.Live() && len(r.RequestID) != 24 && r.Observed != ObservedNoAnswer {
			t.Errorf("%s: observed %s without the OSS RequestId (%q)", r.Name, r.Observed, r.RequestID)
		}
		if !r.OK {
			row += " MISMATCH"
		}
		rows = append(rows, row)
	}
	return strings.Join(rows, "\n")
}

func applied(t *testing.T, c *ramclient.Client, r Request) *Plan {
	t.Helper()
	p := mustPlan(t, c, r)
	if _, err := Apply(ctxT(t), c, p, Options{}, nil); err != nil {
		t.Fatal(err)
	}
	return p
}

func chainCheck(v *Verification, prefix string) *Check {
	for i := range v.Chain {
		if strings.HasPrefix(v.Chain[i].Name, prefix) {
			return &v.Chain[i]
		}
	}
	return nil
}

// The seed's request verified for real: every probe observed as expected, each with its
// RequestId; the grant has no delete, so the probe object is removed with the admin's
// credentials; the bucket is as it was.
func TestLiveProbesSeedRequest(t *testing.T) {
	sim, c := startDemo(t)
	p := applied(t, c, Request{Bucket: "oss-test", Dir: seedDir, User: "devops_test"})
	before := bucketKeys(t, sim, "oss-test")
	v, err := Verify(ctxT(t), c, p, VerifyOptions{Live: true})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"list the directory: Allow / Allowed",
		"list the directory recursively: Allow / Allowed",
		"list the bucket root: ImplicitDeny / AccessDenied",
		"list another prefix: ImplicitDeny / AccessDenied",
		"read inside: Allow / Allowed",
		"write inside: Allow / Allowed",
		"delete inside: ImplicitDeny / AccessDenied",
		"read outside: ImplicitDeny / AccessDenied",
		"write outside: ImplicitDeny / AccessDenied",
		"read another bucket: ImplicitDeny / ",
	}, "\n")
	if got := liveTable(t, v); got != want {
		t.Errorf("live probe table:\n%s\nwant:\n%s", got, want)
	}
	for _, r := range v.Probes {
		if r.Name == "read inside" && !strings.Contains(r.ObservedDetail, "as written") {
			t.Errorf("read inside did not read the probe object back: %q", r.ObservedDetail)
		}
		if r.Name == "read another bucket" && !strings.Contains(r.ObservedDetail, "not made live: the account has no other bucket (ListBuckets)") {
			t.Errorf("another bucket: %q", r.ObservedDetail)
		}
	}
	if !v.OK() {
		t.Errorf("verification: %+v", v.Chain)
	}
	clean := chainCheck(v, "the probe objects are removed")
	if clean == nil || !clean.OK || !strings.Contains(clean.Detail, "with the admin's credentials") {
		t.Errorf("clean-up check: %+v", clean)
	}
	if after := bucketKeys(t, sim, "oss-test"); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("the bucket changed:\nbefore %q\nafter  %q", before, after)
	}
}

// When the account has another bucket, "read another bucket" is made live against it (the
// admin lists the buckets): refused with AccessDenied, which reached the permission check. A
// role that could read that bucket too fails the probe, observed.
func TestLiveProbeOfAnotherBucketOfTheAccount(t *testing.T) {
	sim, c := startDemo(t)
	id, secret := sim.Account().RootKey()
	root, err := ossclient.New(ossclient.Config{Endpoint: sim.Endpoint, Credentials: ossclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	if err := root.CreateBucket(ctxT(t), "acme-archive"); err != nil {
		t.Fatal(err)
	}
	p := applied(t, c, Request{Bucket: "oss-test", Dir: seedDir, User: "devops_test", Region: "cn-hangzhou"})
	another := func(v *Verification) ProbeResult {
		for _, r := range v.Probes {
			if r.Name == "read another bucket" {
				return r
			}
		}
		t.Fatal("no probe of another bucket")
		return ProbeResult{}
	}
	v, err := Verify(ctxT(t), c, p, VerifyOptions{Live: true})
	if err != nil {
		t.Fatal(err)
	}
	r := another(v)
	if r.Bucket != "acme-archive" || r.Request.Resource != "acs:oss:*:*:acme-archive/"+seedDir+"ramtui-probe.txt" ||
		r.Observed != "AccessDenied" || len(r.RequestID) != 24 || !r.OK || !v.OK() {
		t.Errorf("another bucket: %+v\n%s", r, liveTable(t, v))
	}

	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:acme-archive/*"}]}`
	if _, err := c.CreatePolicy(ctxT(t), ramclient.NewPolicy{PolicyName: "archive-read", Document: doc}); err != nil {
		t.Fatal(err)
	}
	if err := c.AttachPolicy(ctxT(t), ramclient.RolePrincipal(p.Request.RoleName), "archive-read", ramclient.PolicyCustom); err != nil {
		t.Fatal(err)
	}
	v, err = Verify(ctxT(t), c, p, VerifyOptions{Live: true})
	if err != nil {
		t.Fatal(err)
	}
	if r := another(v); r.OK || r.Observed != "NoSuchKey" || v.OK() {
		t.Errorf("a role that reads the other bucket passed: %+v", r)
	}
}

// With delete granted, the session removes its own object: no clean-up is needed.
func TestLiveProbesDeleteTheirOwnObject(t *testing.T) {
	sim, c := startDemo(t)
	p := applied(t, c, Request{Bucket: "oss-test", Dir: "dir222/", User: "devops_test", Access: DefaultAccess | policy.OSSDelete})
	before := bucketKeys(t, sim, "oss-test")
	v, err := Verify(ctxT(t), c, p, VerifyOptions{Live: true})
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Errorf("not OK:\n%s\n%+v", liveTable(t, v), v.Chain)
	}
	if ch := chainCheck(v, "the probe objects are removed"); ch != nil {
		t.Errorf("a clean-up was needed: %+v", ch)
	}
	if after := bucketKeys(t, sim, "oss-test"); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("the bucket changed:\nbefore %q\nafter  %q", before, after)
	}
}

// A session policy that allows only writing: the write succeeds, then the read-back and the
// listings fail -- and the object written is removed all the same.
func TestLiveProbeObjectRemovedWhenAStepFails(t *testing.T) {
	sim, c := startDemo(t)
	p := applied(t, c, Request{Bucket: "oss-test", Dir: seedDir, User: "devops_test"})
	before := bucketKeys(t, sim, "oss-test")
	v, err := Verify(ctxT(t), c, p, VerifyOptions{Live: true,
		SessionPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:PutObject","Resource":"*"}]}`})
	if err != nil {
		t.Fatal(err)
	}
	table := liveTable(t, v)
	for _, want := range []string{"write inside: Allow / Allowed", "read inside: ImplicitDeny / AccessDenied MISMATCH", "list the directory: ImplicitDeny / AccessDenied MISMATCH"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if v.OK() {
		t.Error("verification passed")
	}
	if ch := chainCheck(v, "the probe objects are removed"); ch == nil || !ch.OK {
		t.Errorf("clean-up: %+v", ch)
	}
	if after := bucketKeys(t, sim, "oss-test"); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("the probe object was left:\nbefore %q\nafter  %q", before, after)
	}
}

// An admin who may manage RAM but not OSS cannot remove what the session could not: the check
// fails and names the object to delete by hand.
func TestLiveCleanupFailureIsReported(t *testing.T) {
	sim, root := startDemo(t)
	ctx := ctxT(t)
	if _, err := root.CreateUser(ctx, ramclient.NewUser{UserName: "ram-only-admin"}); err != nil {
		t.Fatal(err)
	}
	if err := root.AttachPolicy(ctx, ramclient.UserPrincipal("ram-only-admin"), "AliyunRAMFullAccess", ramclient.PolicySystem); err != nil {
		t.Fatal(err)
	}
	id, secret, err := sim.Account().IssueAccessKey("ram-only-admin")
	if err != nil {
		t.Fatal(err)
	}
	c, err := root.As(ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p := applied(t, c, Request{Bucket: "oss-test", Dir: seedDir, User: "devops_test"})
	v, err := Verify(ctx, c, p, VerifyOptions{Live: true})
	if err != nil {
		t.Fatal(err)
	}
	ch := chainCheck(v, "the probe objects are removed")
	if ch == nil || ch.OK || !strings.Contains(ch.Detail, "could NOT be removed") || !strings.Contains(ch.Detail, "AccessDenied") {
		t.Fatalf("clean-up check: %+v", ch)
	}
	if v.OK() {
		t.Error("verification passed with an object left behind")
	}
	var left []string
	for _, k := range bucketKeys(t, sim, "oss-test") {
		if strings.Contains(k, "ramtui-probe-") {
			left = append(left, k)
		}
	}
	if len(left) != 1 || !strings.HasPrefix(left[0], seedDir) || !strings.Contains(ch.Detail, left[0]) {
		t.Errorf("left %q; check says %q", left, ch.Detail)
	}
}

// The user's own key, given by the admin, replaces the temporary key; another user's key is
// refused and then no probe passes as if made.
func TestLiveWithTheUsersOwnKey(t *testing.T) {
	sim, c := startDemo(t)
	p := applied(t, c, Request{Bucket: "oss-test", Dir: seedDir, User: "devops_test"})
	id, secret, err := sim.Account().IssueAccessKey("devops_test")
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := c.AccessKeys(ctxT(t), "devops_test")
	mark := len(c.Log().Entries())
	v, err := Verify(ctxT(t), c, p, VerifyOptions{Live: true, UserCredentials: &ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() || !strings.Contains(chainCheck(v, "AssumeRole as user").Detail, "with the AccessKey given") {
		t.Errorf("with the user's key: %+v", v.Chain)
	}
	for _, m := range mutations(c, mark) {
		if strings.Contains(m, "AccessKey") {
			t.Errorf("a key was made or deleted: %v", mutations(c, mark))
		}
	}
	if now, _ := c.AccessKeys(ctxT(t), "devops_test"); len(now) != len(keys) {
		t.Errorf("keys %d -> %d", len(keys), len(now))
	}

	other, otherSecret, err := sim.Account().IssueAccessKey("wang.fang")
	if err != nil {
		t.Fatal(err)
	}
	v, err = Verify(ctxT(t), c, p, VerifyOptions{Live: true, UserCredentials: &ramclient.Credentials{AccessKeyID: other, AccessKeySecret: otherSecret}})
	if err != nil {
		t.Fatal(err)
	}
	if ch := chainCheck(v, "AssumeRole as user"); ch.OK || !strings.Contains(ch.Detail, "user/wang.fang's, not user devops_test's") {
		t.Errorf("another user's key: %+v", ch)
	}
	for _, r := range v.Probes {
		if r.Bucket == "oss-test" && (r.OK || r.Observed != ObservedNoAnswer) {
			t.Errorf("%s passed without a session: %+v", r.Name, r)
		}
	}
}

// Against the real service, live probes need the bucket's region; nothing is called without it.
func TestLiveNeedsTheRegionOnTheRealService(t *testing.T) {
	c, err := ramclient.New(ramclient.Options{Credentials: ramclient.Credentials{AccessKeyID: "LTAI5tEXAMPLE", AccessKeySecret: "not-a-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	p := &Plan{Request: Request{Bucket: "oss-test", Dir: seedDir, User: "devops_test"}}
	if _, err := Verify(context.Background(), c, p, VerifyOptions{Live: true}); !errors.Is(err, ErrLiveEndpoint) {
		t.Fatalf("got %v", err)
	}
	if n := len(c.Log().Entries()); n != 0 {
		t.Errorf("%d calls made", n)
	}
}
