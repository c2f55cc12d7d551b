package ramsim

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
	osssdk "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	osscred "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
)

// The simulator's OSS through the official OSS Go SDK v2, path-style on the simulator's port,
// with both signature versions.

var sigVersions = []struct {
	name string
	v    osssdk.SignatureVersionType
}{{"V1", osssdk.SignatureVersionV1}, {"V4", osssdk.SignatureVersionV4}}

func ossClient(endpoint, id, secret, token string, v osssdk.SignatureVersionType) *osssdk.Client {
	cfg := osssdk.LoadDefaultConfig().
		WithCredentialsProvider(osscred.NewStaticCredentialsProvider(id, secret, token)).
		WithRegion("cn-hangzhou").
		WithEndpoint("http://" + endpoint).
		WithUsePathStyle(true).
		WithSignatureVersion(v).
		WithRetryMaxAttempts(1)
	return osssdk.NewClient(cfg)
}

// ossCode returns the OSS error code of err ("" for nil) and fails when err is not a service
// error with a RequestId.
func ossCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var se *osssdk.ServiceError
	if !errors.As(err, &se) {
		t.Fatalf("not a service error: %v", err)
	}
	if len(se.RequestID) != 24 {
		t.Fatalf("%s without a RequestId: %v", se.Code, err)
	}
	return se.Code
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := ossCode(t, err); got != code {
		t.Fatalf("%s: code %q, want %q (%v)", what, got, code, err)
	}
}

func putString(c *osssdk.Client, bucket, key, body string) error {
	_, err := c.PutObject(context.Background(), &osssdk.PutObjectRequest{
		Bucket: &bucket, Key: &key, Body: strings.NewReader(body), ContentType: osssdk.Ptr("text/plain")})
	return err
}

func getString(c *osssdk.Client, bucket, key string) (string, error) {
	out, err := c.GetObject(context.Background(), &osssdk.GetObjectRequest{Bucket: &bucket, Key: &key})
	if err != nil {
		return "", err
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	return string(b), err
}

func listKeys(c *osssdk.Client, bucket, prefix, delimiter string) (keys, prefixes []string, err error) {
	out, err := c.ListObjectsV2(context.Background(), &osssdk.ListObjectsV2Request{
		Bucket: &bucket, Prefix: &prefix, Delimiter: &delimiter})
	if err != nil {
		return nil, nil, err
	}
	for _, o := range out.Contents {
		keys = append(keys, *o.Key)
	}
	for _, p := range out.CommonPrefixes {
		prefixes = append(prefixes, *p.Prefix)
	}
	return keys, prefixes, nil
}

func TestOSSRootKeyLifecycle(t *testing.T) {
	sim := startSim(t, Options{})
	ctx := context.Background()
	for _, sv := range sigVersions {
		t.Run(sv.name, func(t *testing.T) {
			c := ossClient(sim.Endpoint, rootID, rootSecret, "", sv.v)
			bucket := "scratch-" + strings.ToLower(sv.name)

			lb, err := c.ListBuckets(ctx, &osssdk.ListBucketsRequest{})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, b := range lb.Buckets {
				names = append(names, *b.Name)
			}
			if !slices.Contains(names, "oss-test") || *lb.Owner.ID != sim.Account().ID() {
				t.Fatalf("ListBuckets: %v owner %v", names, *lb.Owner.ID)
			}

			if _, err := c.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: &bucket}); err != nil {
				t.Fatal(err)
			}
			if _, err = c.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: &bucket}); err != nil {
				t.Fatalf("PutBucket again (the account's own bucket: documented to succeed): %v", err)
			}
			info, err := c.GetBucketInfo(ctx, &osssdk.GetBucketInfoRequest{Bucket: &bucket})
			if err != nil || *info.BucketInfo.Name != bucket || *info.BucketInfo.ACL != "private" || *info.BucketInfo.Location != "oss-cn-hangzhou" {
				t.Fatalf("GetBucketInfo: %+v %v", info, err)
			}

			key := "a dir/Grüße+plus&amp.txt" // needs escaping in the path and the V4 canonical URI
			if err := putString(c, bucket, key, "hello"); err != nil {
				t.Fatal(err)
			}
			if got, err := getString(c, bucket, key); err != nil || got != "hello" {
				t.Fatalf("GetObject = %q, %v", got, err)
			}
			head, err := c.HeadObject(ctx, &osssdk.HeadObjectRequest{Bucket: &bucket, Key: &key})
			if err != nil || head.ContentLength != 5 || *head.ContentType != "text/plain" || *head.ETag != `"5D41402ABC4B2A76B9719D911017C592"` {
				t.Fatalf("HeadObject: %+v %v", head, err)
			}
			meta, err := c.GetObjectMeta(ctx, &osssdk.GetObjectMetaRequest{Bucket: &bucket, Key: &key})
			if err != nil || meta.ContentLength != 5 || *meta.ETag != *head.ETag {
				t.Fatalf("GetObjectMeta: %+v %v", meta, err)
			}
			acl, err := c.GetBucketAcl(ctx, &osssdk.GetBucketAclRequest{Bucket: &bucket})
			if err != nil || *acl.ACL != "private" {
				t.Fatalf("GetBucketAcl: %+v %v", acl, err)
			}
			oacl, err := c.GetObjectAcl(ctx, &osssdk.GetObjectAclRequest{Bucket: &bucket, Key: &key})
			if err != nil || *oacl.ACL != "default" {
				t.Fatalf("GetObjectAcl: %+v %v", oacl, err)
			}
			keys, prefixes, err := listKeys(c, bucket, "", "/")
			if err != nil || len(keys) != 0 || !slices.Equal(prefixes, []string{"a dir/"}) {
				t.Fatalf("list with delimiter: %v %v %v", keys, prefixes, err)
			}
			keys, _, err = listKeys(c, bucket, "a dir/", "")
			if err != nil || !slices.Equal(keys, []string{key}) {
				t.Fatalf("list prefix: %v %v", keys, err)
			}

			_, err = c.DeleteBucket(ctx, &osssdk.DeleteBucketRequest{Bucket: &bucket})
			wantCode(t, "DeleteBucket non-empty", err, "BucketNotEmpty")
			if _, err := c.DeleteObject(ctx, &osssdk.DeleteObjectRequest{Bucket: &bucket, Key: &key}); err != nil {
				t.Fatal(err)
			}
			_, err = getString(c, bucket, key)
			wantCode(t, "GetObject deleted", err, "NoSuchKey")
			_, err = c.HeadObject(ctx, &osssdk.HeadObjectRequest{Bucket: &bucket, Key: &key})
			wantCode(t, "HeadObject deleted (error in x-oss-err)", err, "NoSuchKey")
			if _, err := c.DeleteObject(ctx, &osssdk.DeleteObjectRequest{Bucket: &bucket, Key: &key}); err != nil {
				t.Fatalf("deleting a missing object succeeds in OSS: %v", err)
			}
			if _, err := c.DeleteBucket(ctx, &osssdk.DeleteBucketRequest{Bucket: &bucket}); err != nil {
				t.Fatal(err)
			}
			_, err = c.GetBucketInfo(ctx, &osssdk.GetBucketInfoRequest{Bucket: &bucket})
			wantCode(t, "GetBucketInfo deleted", err, "NoSuchBucket")
			err = putString(c, bucket, "x", "y")
			wantCode(t, "PutObject in deleted bucket", err, "NoSuchBucket")
		})
	}
}

func TestOSSAuthenticationErrors(t *testing.T) {
	clock := &testClock{t: time.Now()}
	sim := startSim(t, Options{Clock: clock.Now})
	id, secret := userKey(t, sim, "devops_test")
	creds := assumeOSSRole(t, sim, id, secret, "")
	for _, sv := range sigVersions {
		t.Run(sv.name, func(t *testing.T) {
			_, err := getString(ossClient(sim.Endpoint, rootID, "wrong", "", sv.v), "oss-test", "README.txt")
			wantCode(t, "wrong secret", err, "SignatureDoesNotMatch")
			var se *osssdk.ServiceError
			errors.As(err, &se)
			if !bytes.Contains(se.Snapshot, []byte("<StringToSign>")) || se.StatusCode != 403 {
				t.Fatalf("SignatureDoesNotMatch body: %d %s", se.StatusCode, se.Snapshot)
			}
			_, err = getString(ossClient(sim.Endpoint, "LTAI5tNoSuchKey00000000", "x", "", sv.v), "oss-test", "README.txt")
			wantCode(t, "unknown key", err, "InvalidAccessKeyId")
			_, err = getString(ossClient(sim.Endpoint, creds.id, creds.secret, "", sv.v), "oss-test", "dir111/dir111_secondline1/report-2026-10.csv")
			wantCode(t, "STS key without token", err, "InvalidSecurityToken")
			_, err = getString(ossClient(sim.Endpoint, creds.id, creds.secret, creds.token+"x", sv.v), "oss-test", "dir111/dir111_secondline1/report-2026-10.csv")
			wantCode(t, "STS key with another token", err, "InvalidSecurityToken")
		})
	}
	clock.Advance(2 * time.Hour)
	_, err := getString(ossClient(sim.Endpoint, creds.id, creds.secret, creds.token, osssdk.SignatureVersionV4), "oss-test", "dir111/dir111_secondline1/report-2026-10.csv")
	wantCode(t, "expired session", err, "SecurityTokenExpired")

	// Anonymous and skewed requests, by hand.
	resp, err := http.Get("http://" + sim.Endpoint + "/oss-test/README.txt")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !bytes.Contains(body, []byte("<Code>AccessDenied</Code>")) || resp.Header.Get("x-oss-request-id") == "" {
		t.Fatalf("anonymous: %d %s", resp.StatusCode, body)
	}
}

type stsCreds struct{ id, secret, token string }

// assumeOSSRole assumes the demo role oss-test-sts with the RAM SDK, optionally narrowed by a
// session policy.
func assumeOSSRole(t testing.TB, sim *Running, id, secret, sessionPolicy string) stsCreds {
	t.Helper()
	c := stsClient(t, sim.Endpoint, credentials.NewStaticAKCredentialsProvider(id, secret))
	req := sts.CreateAssumeRoleRequest()
	req.Scheme = "http"
	req.RoleArn = "acs:ram::" + sim.Account().ID() + ":role/oss-test-sts"
	req.RoleSessionName = "oss-probe"
	req.Policy = sessionPolicy
	resp, err := c.AssumeRole(req)
	if err != nil {
		t.Fatal(err)
	}
	return stsCreds{resp.Credentials.AccessKeyId, resp.Credentials.AccessKeySecret, resp.Credentials.SecurityToken}
}

// The grant's workflow for real: devops_test assumes oss-test-sts, whose policy allows listing
// with oss:Prefix dir111/dir111_secondline1/* and object actions on that directory only.
func TestOSSSessionLimitedToPrefix(t *testing.T) {
	sim := startSim(t, Options{})
	id, secret := userKey(t, sim, "devops_test")
	const dir = "dir111/dir111_secondline1/"
	for _, sv := range sigVersions {
		t.Run(sv.name, func(t *testing.T) {
			cr := assumeOSSRole(t, sim, id, secret, "")
			c := ossClient(sim.Endpoint, cr.id, cr.secret, cr.token, sv.v)

			keys, prefixes, err := listKeys(c, "oss-test", dir, "/")
			if err != nil {
				t.Fatalf("list inside: %v", err)
			}
			want := []string{dir, dir + "report-2026-10.csv", dir + "report-2026-11.csv"}
			if !slices.Equal(keys, want) || !slices.Equal(prefixes, []string{dir + "images/"}) {
				t.Fatalf("list inside: %v %v", keys, prefixes)
			}
			probe := dir + "probe-" + sv.name + ".txt"
			if err := putString(c, "oss-test", probe, "probe"); err != nil {
				t.Fatalf("put inside: %v", err)
			}
			if got, err := getString(c, "oss-test", probe); err != nil || got != "probe" {
				t.Fatalf("get inside: %q %v", got, err)
			}
			if _, err := c.DeleteObject(context.Background(), &osssdk.DeleteObjectRequest{Bucket: osssdk.Ptr("oss-test"), Key: &probe}); err != nil {
				t.Fatalf("delete inside: %v", err)
			}

			_, _, err = listKeys(c, "oss-test", "", "/")
			wantCode(t, "list root", err, "AccessDenied")
			_, _, err = listKeys(c, "oss-test", "dir111/dir111_secondline2/", "/")
			wantCode(t, "list a sibling", err, "AccessDenied")
			wantCode(t, "put outside", putString(c, "oss-test", "dir111/outside.txt", "x"), "AccessDenied")
			_, err = getString(c, "oss-test", "dir111/dir111_secondline2/private.txt")
			wantCode(t, "get outside", err, "AccessDenied")
			_, err = getString(c, "oss-test", dir+"no-such-object")
			wantCode(t, "get a missing object inside", err, "NoSuchKey")
			_, err = c.ListBuckets(context.Background(), &osssdk.ListBucketsRequest{})
			wantCode(t, "list buckets", err, "AccessDenied")
		})
	}
	// A session policy narrows the role: read only.
	cr := assumeOSSRole(t, sim, id, secret, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:oss-test/*"}]}`)
	c := ossClient(sim.Endpoint, cr.id, cr.secret, cr.token, osssdk.SignatureVersionV4)
	if _, err := getString(c, "oss-test", dir+"report-2026-10.csv"); err != nil {
		t.Fatalf("read with the session policy: %v", err)
	}
	wantCode(t, "write beyond the session policy", putString(c, "oss-test", dir+"x.txt", "x"), "AccessDenied")
}

// RAM users: policies attached to the user and to its groups decide.
func TestOSSRAMUsers(t *testing.T) {
	sim := startSim(t, Options{})
	fullID, fullSecret := userKey(t, sim, "backup-bot") // AliyunOSSFullAccess, attached directly
	roID, roSecret := userKey(t, sim, "carol.lee")      // group data-team: AliyunOSSReadOnlyAccess
	noID, noSecret := userKey(t, sim, "devops_test")    // no OSS policy at all
	for _, sv := range sigVersions {
		t.Run(sv.name, func(t *testing.T) {
			full := ossClient(sim.Endpoint, fullID, fullSecret, "", sv.v)
			if err := putString(full, "oss-test", "backups/db.sql", "dump"); err != nil {
				t.Fatal(err)
			}
			ro := ossClient(sim.Endpoint, roID, roSecret, "", sv.v)
			if got, err := getString(ro, "oss-test", "backups/db.sql"); err != nil || got != "dump" {
				t.Fatalf("read-only user reads: %q %v", got, err)
			}
			wantCode(t, "read-only user writes", putString(ro, "oss-test", "backups/x", "x"), "AccessDenied")
			_, err := getString(ossClient(sim.Endpoint, noID, noSecret, "", sv.v), "oss-test", "backups/db.sql")
			wantCode(t, "user without OSS policy reads", err, "AccessDenied")
			if _, err := full.DeleteObject(context.Background(), &osssdk.DeleteObjectRequest{Bucket: osssdk.Ptr("oss-test"), Key: osssdk.Ptr("backups/db.sql")}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Paging with marker (ListObjects) and continuation token (ListObjectsV2), keys that need URL
// encoding, and CommonPrefixes across page boundaries.
func TestOSSPagination(t *testing.T) {
	sim := startSim(t, Options{Seed: "empty"})
	ctx := context.Background()
	c := ossClient(sim.Endpoint, rootID, rootSecret, "", osssdk.SignatureVersionV4)
	bucket := "pages"
	if _, err := c.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: &bucket}); err != nil {
		t.Fatal(err)
	}
	all := []string{"a/1", "a/2", "b c+d", "d/x/1", "d/y", "e%f", "g&h", "z/1", "z/2", "zz"}
	for _, k := range all {
		if err := putString(c, bucket, k, k); err != nil {
			t.Fatal(err)
		}
	}
	var v1keys []string
	p1 := c.NewListObjectsPaginator(&osssdk.ListObjectsRequest{Bucket: &bucket, MaxKeys: 3})
	pages := 0
	for p1.HasNext() {
		page, err := p1.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, o := range page.Contents {
			v1keys = append(v1keys, *o.Key)
		}
	}
	if !slices.Equal(v1keys, all) || pages != 4 {
		t.Fatalf("ListObjects pages=%d keys=%q", pages, v1keys)
	}
	var entries []string
	p2 := c.NewListObjectsV2Paginator(&osssdk.ListObjectsV2Request{Bucket: &bucket, MaxKeys: 2, Delimiter: osssdk.Ptr("/")})
	for p2.HasNext() {
		page, err := p2.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if page.KeyCount != len(page.Contents)+len(page.CommonPrefixes) || page.KeyCount > 2 {
			t.Fatalf("KeyCount %d", page.KeyCount)
		}
		for _, o := range page.Contents {
			entries = append(entries, *o.Key)
		}
		for _, p := range page.CommonPrefixes {
			entries = append(entries, *p.Prefix)
		}
	}
	slices.Sort(entries)
	want := []string{"a/", "b c+d", "d/", "e%f", "g&h", "z/", "zz"}
	if !slices.Equal(entries, want) {
		t.Fatalf("ListObjectsV2 with delimiter: %q", entries)
	}
	_, err := c.ListObjectsV2(ctx, &osssdk.ListObjectsV2Request{Bucket: &bucket, ContinuationToken: osssdk.Ptr("!!not-a-token")})
	wantCode(t, "bad continuation token", err, "InvalidArgument")
}

// Buckets and objects survive a restart from the state file; a new demo state has oss-test.
func TestOSSPersisted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	sim := startSim(t, Options{StatePath: path})
	c := ossClient(sim.Endpoint, rootID, rootSecret, "", osssdk.SignatureVersionV1)
	if err := putString(c, "oss-test", "kept.txt", "kept"); err != nil {
		t.Fatal(err)
	}
	if err := sim.Close(); err != nil {
		t.Fatal(err)
	}
	sim = startSim(t, Options{StatePath: path})
	c = ossClient(sim.Endpoint, rootID, rootSecret, "", osssdk.SignatureVersionV1)
	if got, err := getString(c, "oss-test", "kept.txt"); err != nil || got != "kept" {
		t.Fatalf("after restart: %q %v", got, err)
	}
	if got, err := getString(c, "oss-test", "dir111/dir111_secondline1/report-2026-10.csv"); err != nil || !strings.HasPrefix(got, "month,") {
		t.Fatalf("demo object: %q %v", got, err)
	}
}
