package commands

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ossclient"
	"github.com/ramtui/ramtui/ramsim"
)

// objectKeys lists the whole bucket with the simulator's root key.
func objectKeys(t *testing.T, sim *ramsim.Running, bucket string) []string {
	t.Helper()
	id, secret := sim.Account().RootKey()
	oc, err := ossclient.New(ossclient.Config{Endpoint: sim.Endpoint, Credentials: ossclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := oc.List(context.Background(), bucket, ossclient.ListOptions{MaxKeys: 1000})
	if err != nil || l.Truncated {
		t.Fatalf("list %s: %v (truncated %v)", bucket, err, l != nil && l.Truncated)
	}
	var keys []string
	for _, o := range l.Objects {
		keys = append(keys, o.Key)
	}
	return keys
}

// createBucket makes bucket in the simulator with its root key.
func createBucket(t *testing.T, sim *ramsim.Running, bucket string) {
	t.Helper()
	id, secret := sim.Account().RootKey()
	oc, err := ossclient.New(ossclient.Config{Endpoint: sim.Endpoint, Credentials: ossclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err == nil {
		err = oc.CreateBucket(context.Background(), bucket)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// `grant oss --yes` on the simulator makes every probe for real: each observed as expected with
// its OSS RequestId, and the bucket is as it was afterwards (no probe object left behind).
func TestGrantOSSLiveProbesOnTheSimulator(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	before := strings.Join(objectKeys(t, sim, "oss-test"), "\n")
	out, err := runGrantForTest(t, sim, grantOpts{bucket: "oss-test", dir: seedDir, user: "devops_test", yes: true, format: "json"})
	if err != nil {
		t.Fatalf("grant: %v\n%s", err, out)
	}
	var doc struct {
		OK     bool
		Probes []struct {
			Name, Expected, Decision, Observed, RequestID string
			OK                                            bool
		}
		Chain []struct {
			Name, Detail string
			OK           bool
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || !doc.OK {
		t.Fatalf("%v ok=%v\n%s", err, doc.OK, out)
	}
	live := 0
	for _, p := range doc.Probes {
		if p.Observed == "" {
			continue
		}
		live++
		want := "AccessDenied"
		if p.Expected == "Allow" {
			want = "Allowed"
		}
		if !p.OK || p.Observed != want || len(p.RequestID) != 24 {
			t.Errorf("%s: observed %q (RequestId %q), want %s", p.Name, p.Observed, p.RequestID, want)
		}
	}
	if live != 9 {
		t.Errorf("%d probes made live, want 9 (all but the made-up other bucket)", live)
	}
	cleaned := false
	for _, c := range doc.Chain {
		cleaned = cleaned || (c.Name == "the probe objects are removed" && c.OK)
	}
	if !cleaned {
		t.Errorf("no clean-up check: %+v", doc.Chain)
	}
	if after := strings.Join(objectKeys(t, sim, "oss-test"), "\n"); after != before {
		t.Errorf("the bucket changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}

	// A bucket that does not exist: the plan says so and --yes makes nothing.
	out, err = runGrantForTest(t, sim, grantOpts{bucket: "no-such-bucket-here", dir: "a/", user: "devops_test", yes: true})
	if exitCode(err) != exitRefused || !strings.Contains(err.Error(), "bucket no-such-bucket-here does not exist in this account (see the plan); nothing was changed") ||
		!strings.Contains(out, "  bucket no-such-bucket-here: MISSING -- this account has no bucket of that name") || strings.Contains(out, "Applying") {
		t.Fatalf("missing bucket: exit %d %v\n%s", exitCode(err), err, out)
	}
	if _, err := adminClient(t, sim).GetRole(context.Background(), "no-such-bucket-here-a"); err == nil {
		t.Fatal("the role of a grant refused for its bucket was made")
	}
	// Made anyway when asked: the text table shows what was observed; the missing bucket is
	// one clear line and fails the verification.
	out, err = runGrantForTest(t, sim, grantOpts{bucket: "no-such-bucket-here", dir: "a/", user: "devops_test", yes: true, allowMissingBucket: true})
	if exitCode(err) != exitRefused {
		t.Fatalf("missing bucket: exit %d %v\n%s", exitCode(err), err, out)
	}
	for _, want := range []string{"OBSERVED", "OSS REQUEST ID", "NoSuchBucket", "bucket no-such-bucket-here does not exist (OSS answered NoSuchBucket)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "does not exist") != 1 {
		t.Errorf("the missing bucket is said more than once:\n%s", out)
	}
}
