package ramsim

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	osssdk "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"

	"github.com/ramtui/ramtui/ramsim/oss"
)

// A change whose save fails is not visible, as for RAM changes: 500, the object absent (or
// still there), and the same call works once the file can be written.
func TestOSSFailedSaveLeavesNoTrace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "st")
	sim := startSim(t, Options{StatePath: filepath.Join(dir, "state.json")})
	c := ossClient(sim.Endpoint, rootID, rootSecret, "", osssdk.SignatureVersionV4)
	const readme = "README.txt"

	repair := breakDir(t, dir)
	err := putString(c, "oss-test", "ghost.txt", "boo")
	wantCode(t, "put with an unwritable state", err, "InternalError")
	_, err = getString(c, "oss-test", "ghost.txt")
	wantCode(t, "the unsaved object", err, "NoSuchKey")
	_, err = c.DeleteObject(context.Background(), &osssdk.DeleteObjectRequest{Bucket: osssdk.Ptr("oss-test"), Key: osssdk.Ptr(readme)})
	wantCode(t, "delete with an unwritable state", err, "InternalError")
	if _, err := getString(c, "oss-test", readme); err != nil {
		t.Fatalf("the object whose delete was not saved is gone: %v", err)
	}
	_, err = c.PutBucket(context.Background(), &osssdk.PutBucketRequest{Bucket: osssdk.Ptr("ghost-bucket")})
	wantCode(t, "put bucket with an unwritable state", err, "InternalError")
	_, err = c.GetBucketInfo(context.Background(), &osssdk.GetBucketInfoRequest{Bucket: osssdk.Ptr("ghost-bucket")})
	wantCode(t, "the unsaved bucket", err, "NoSuchBucket")

	repair()
	if err := putString(c, "oss-test", "ghost.txt", "boo"); err != nil {
		t.Fatalf("put once the file can be written: %v", err)
	}
}

func TestOSSSizeLimits(t *testing.T) {
	sim := startSim(t, Options{Seed: "empty"})
	c := ossClient(sim.Endpoint, rootID, rootSecret, "", osssdk.SignatureVersionV1)
	ctx := context.Background()
	if _, err := c.PutBucket(ctx, &osssdk.PutBucketRequest{Bucket: osssdk.Ptr("big")}); err != nil {
		t.Fatal(err)
	}
	put := func(key string, n int) error {
		_, err := c.PutObject(ctx, &osssdk.PutObjectRequest{Bucket: osssdk.Ptr("big"), Key: &key, Body: bytes.NewReader(make([]byte, n))})
		return err
	}
	wantCode(t, "one byte over the object limit", put("over", oss.MaxObjectBytes+1), "EntityTooLarge")
	for i := 0; i < oss.MaxTotalBytes/oss.MaxObjectBytes; i++ {
		if err := put("full/"+string(rune('a'+i)), oss.MaxObjectBytes); err != nil {
			t.Fatalf("object %d: %v", i, err)
		}
	}
	wantCode(t, "one byte over the account's storage", put("one-more", 1), "EntityTooLarge")
	if err := put("full/a", 10); err != nil { // replacing frees the old body first
		t.Fatalf("overwrite with a smaller body: %v", err)
	}
}

// Policies written the way a console user browses: oss:Prefix with oss:Delimiter, and an
// explicit Deny from a group that wins over an Allow.
func TestOSSBrowseConditionsAndExplicitDeny(t *testing.T) {
	sim := startSim(t, Options{})
	rc := ramClient(t, sim.Endpoint, rootID, rootSecret)
	call := func(what string, f func() error) {
		t.Helper()
		if err := f(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	policyDoc := map[string]string{
		"browse-dir111": `{"Version":"1","Statement":[
			{"Effect":"Allow","Action":"oss:ListObjects","Resource":"acs:oss:*:*:oss-test",
			 "Condition":{"StringEquals":{"oss:Prefix":["","dir111/"],"oss:Delimiter":"/"}}},
			{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:oss-test/*"}]}`,
		"deny-dir222": `{"Version":"1","Statement":[
			{"Effect":"Deny","Action":"oss:*","Resource":"acs:oss:*:*:oss-test/dir222/*"}]}`,
	}
	for name, doc := range policyDoc {
		call("CreatePolicy "+name, func() error {
			req := ram.CreateCreatePolicyRequest()
			req.PolicyName, req.PolicyDocument = name, doc
			_, err := rc.CreatePolicy(req)
			return err
		})
	}
	call("CreateUser", func() error {
		req := ram.CreateCreateUserRequest()
		req.UserName = "browser"
		_, err := rc.CreateUser(req)
		return err
	})
	call("CreateGroup", func() error {
		req := ram.CreateCreateGroupRequest()
		req.GroupName = "no-dir222"
		_, err := rc.CreateGroup(req)
		return err
	})
	call("AddUserToGroup", func() error {
		req := ram.CreateAddUserToGroupRequest()
		req.UserName, req.GroupName = "browser", "no-dir222"
		_, err := rc.AddUserToGroup(req)
		return err
	})
	call("AttachPolicyToUser", func() error {
		req := ram.CreateAttachPolicyToUserRequest()
		req.PolicyType, req.PolicyName, req.UserName = "Custom", "browse-dir111", "browser"
		_, err := rc.AttachPolicyToUser(req)
		return err
	})
	call("AttachPolicyToGroup", func() error {
		req := ram.CreateAttachPolicyToGroupRequest()
		req.PolicyType, req.PolicyName, req.GroupName = "Custom", "deny-dir222", "no-dir222"
		_, err := rc.AttachPolicyToGroup(req)
		return err
	})
	id, secret := userKey(t, sim, "browser")
	c := ossClient(sim.Endpoint, id, secret, "", osssdk.SignatureVersionV4)

	if _, prefixes, err := listKeys(c, "oss-test", "", "/"); err != nil || len(prefixes) != 2 {
		t.Fatalf("browse the root: %v %v", prefixes, err)
	}
	if _, prefixes, err := listKeys(c, "oss-test", "dir111/", "/"); err != nil || len(prefixes) != 2 {
		t.Fatalf("browse dir111/: %v %v", prefixes, err)
	}
	_, _, err := listKeys(c, "oss-test", "", "")
	wantCode(t, "list everything (no delimiter)", err, "AccessDenied")
	_, _, err = listKeys(c, "oss-test", "dir222/", "/")
	wantCode(t, "browse a prefix not granted", err, "AccessDenied")
	if _, err := getString(c, "oss-test", "dir111/dir111_secondline2/private.txt"); err != nil {
		t.Fatalf("read allowed: %v", err)
	}
	_, err = getString(c, "oss-test", "dir222/notes.txt")
	wantCode(t, "read under the group's Deny", err, "AccessDenied")
	var se *osssdk.ServiceError
	errors.As(err, &se)
	if !bytes.Contains(se.Snapshot, []byte("<NoPermissionType>ExplicitDeny</NoPermissionType>")) ||
		!bytes.Contains(se.Snapshot, []byte("<AuthAction>oss:GetObject</AuthAction>")) {
		t.Fatalf("AccessDenied body without the explicit deny detail: %s", se.Snapshot)
	}
}

func TestOSSRequestLog(t *testing.T) {
	var log syncBuffer
	sim := startSim(t, Options{Log: &log})
	c := ossClient(sim.Endpoint, rootID, rootSecret, "", osssdk.SignatureVersionV4)
	if err := putString(c, "oss-test", "logged.txt", "secret body"); err != nil {
		t.Fatal(err)
	}
	_, err := getString(c, "oss-test", "missing")
	wantCode(t, "get missing", err, "NoSuchKey")
	out := log.String()
	for _, want := range []string{" oss:PutObject " + rootID + " 200 - ", " oss:GetObject " + rootID + " 404 NoSuchKey "} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, rootSecret) || strings.Contains(out, "Signature") || strings.Contains(out, "secret body") {
		t.Errorf("log shows a secret, a signature or a body:\n%s", out)
	}
}
