package ramsim

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	osssdk "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"

	"github.com/ramtui/ramtui/ramsim/account"
)

// OSS bucket names are unique across all accounts: another account's PutBucket of a taken name
// is BucketAlreadyExists, and its requests to the bucket are refused with AccessDenied (the
// bucket exists, it is not theirs), never NoSuchBucket. A name freed by DeleteBucket can be
// taken by anyone.
func TestOSSBucketNamesAreGlobal(t *testing.T) {
	sim := startSim(t, Options{Seed: "demo"})
	ctx := context.Background()
	pid, psecret := sim.AccountByID(account.PartnerAccountID).RootKey()
	for _, sv := range sigVersions {
		t.Run(sv.name, func(t *testing.T) {
			demo := ossClient(sim.Endpoint, rootID, rootSecret, "", sv.v)
			partner := ossClient(sim.Endpoint, pid, psecret, "", sv.v)

			_, err := partner.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: osssdk.Ptr("oss-test")})
			wantCode(t, "the partner creates the demo's bucket", err, "BucketAlreadyExists")
			_, err = getString(partner, "oss-test", "README.txt")
			wantCode(t, "the partner reads the demo's bucket", err, "AccessDenied")
			_, _, err = listKeys(partner, "oss-test", "", "")
			wantCode(t, "the partner lists the demo's bucket", err, "AccessDenied")
			wantCode(t, "the partner writes into the demo's bucket", putString(partner, "oss-test", "x.txt", "x"), "AccessDenied")
			_, err = partner.GetBucketInfo(ctx, &osssdk.GetBucketInfoRequest{Bucket: osssdk.Ptr("oss-test")})
			wantCode(t, "the partner asks for the demo's bucket info", err, "AccessDenied")
			_, err = partner.DeleteBucket(ctx, &osssdk.DeleteBucketRequest{Bucket: osssdk.Ptr("oss-test")})
			wantCode(t, "the partner deletes the demo's bucket", err, "AccessDenied")
			_, err = getString(partner, "no-such-bucket-anywhere", "x")
			wantCode(t, "a bucket nobody has", err, "NoSuchBucket")

			name := "partner-" + strings.ToLower(sv.name)
			if _, err := partner.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: &name}); err != nil {
				t.Fatal(err)
			}
			_, err = demo.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: &name})
			wantCode(t, "the demo creates the partner's bucket", err, "BucketAlreadyExists")
			_, _, err = listKeys(demo, name, "", "")
			wantCode(t, "the demo lists the partner's bucket", err, "AccessDenied")
			if _, err := partner.DeleteBucket(ctx, &osssdk.DeleteBucketRequest{Bucket: &name}); err != nil {
				t.Fatal(err)
			}
			if _, err := demo.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: &name}); err != nil {
				t.Fatalf("the demo takes the freed name: %v", err)
			}
			if _, _, err := listKeys(demo, name, "", ""); err != nil {
				t.Fatal(err)
			}
			_, _, err = listKeys(partner, name, "", "")
			wantCode(t, "the partner lists its old bucket, now the demo's", err, "AccessDenied")
		})
	}
}

// NoSuchBucket comes before any permission check: a caller with no OSS permission at all learns
// that a bucket does not exist, and is refused on one that does.
func TestOSSNoSuchBucketBeforePermissions(t *testing.T) {
	sim := startSim(t, Options{})
	ctx := context.Background()
	id, secret := userKey(t, sim, "devops_test") // no OSS policy
	c := ossClient(sim.Endpoint, id, secret, "", osssdk.SignatureVersionV4)
	for _, tc := range []struct {
		name string
		call func(bucket string) error
	}{
		{"GetObject", func(b string) error { _, err := getString(c, b, "k"); return err }},
		{"HeadObject", func(b string) error {
			_, err := c.HeadObject(ctx, &osssdk.HeadObjectRequest{Bucket: &b, Key: osssdk.Ptr("k")})
			return err
		}},
		{"PutObject", func(b string) error { return putString(c, b, "k", "v") }},
		{"DeleteObject", func(b string) error {
			_, err := c.DeleteObject(ctx, &osssdk.DeleteObjectRequest{Bucket: &b, Key: osssdk.Ptr("k")})
			return err
		}},
		{"ListObjectsV2", func(b string) error { _, _, err := listKeys(c, b, "", ""); return err }},
		{"GetBucketInfo", func(b string) error {
			_, err := c.GetBucketInfo(ctx, &osssdk.GetBucketInfoRequest{Bucket: &b})
			return err
		}},
		{"DeleteBucket", func(b string) error {
			_, err := c.DeleteBucket(ctx, &osssdk.DeleteBucketRequest{Bucket: &b})
			return err
		}},
	} {
		wantCode(t, tc.name+" on a missing bucket", tc.call("ramtui-no-such-bucket"), "NoSuchBucket")
		wantCode(t, tc.name+" on oss-test", tc.call("oss-test"), "AccessDenied")
	}
}

// PutBucket of a bucket the account already owns succeeds (the service documents that later
// calls change the bucket's settings); changing its storage class is refused.
func TestOSSPutOwnBucketAgain(t *testing.T) {
	sim := startSim(t, Options{Seed: "empty"})
	ctx := context.Background()
	c := ossClient(sim.Endpoint, rootID, rootSecret, "", osssdk.SignatureVersionV4)
	b := osssdk.Ptr("again")
	if _, err := c.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	if err := putString(c, "again", "kept.txt", "kept"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: b, Acl: osssdk.BucketACLPublicRead}); err != nil {
		t.Fatalf("PutBucket again: %v", err)
	}
	info, err := c.GetBucketInfo(ctx, &osssdk.GetBucketInfoRequest{Bucket: b})
	if err != nil || *info.BucketInfo.ACL != "public-read" {
		t.Fatalf("GetBucketInfo after PutBucket with an ACL: %+v %v", info, err)
	}
	if got, err := getString(c, "again", "kept.txt"); err != nil || got != "kept" {
		t.Fatalf("the objects survive: %q %v", got, err)
	}
	_, err = c.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: b,
		CreateBucketConfiguration: &osssdk.CreateBucketConfiguration{StorageClass: osssdk.StorageClassIA}})
	wantCode(t, "PutBucket with another storage class", err, "BucketAlreadyExists")
}

// Two accounts' state files naming the same bucket (made before names were global, or copied)
// are refused at start, as two state files of one account are.
func TestOSSStateWithOneBucketInTwoAccounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	sim := startSim(t, Options{StatePath: path, Accounts: []string{"demo", "empty"}})
	if err := sim.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path + ossSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".account3"+ossSuffix, data, 0o600); err != nil { // empty's OSS file now has oss-test
		t.Fatal(err)
	}
	opts := Options{StatePath: path, Accounts: []string{"demo", "empty"}, RootKeyID: rootID, RootKeySecret: rootSecret}
	_, err = Start(opts, "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "oss-test") || !strings.Contains(err.Error(), "unique") {
		t.Fatalf("start with oss-test in two accounts: %v", err)
	}
}
