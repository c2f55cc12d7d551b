package ossclient_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ossclient"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

// The client against a real simulator over HTTP: the calls a live probe makes, as the root and
// as the demo's developer session limited to one directory.

const dir = "dir111/dir111_secondline1/"

func startSim(t *testing.T) *ramsim.Running {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

func newClient(t *testing.T, endpoint string, cr ossclient.Credentials, v1 bool) *ossclient.Client {
	t.Helper()
	c, err := ossclient.New(ossclient.Config{Endpoint: endpoint, Credentials: cr, SignatureV1: v1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// developerSession is devops_test's session of role oss-test-sts, as the developer gets it.
func developerSession(t *testing.T, sim *ramsim.Running) ossclient.Credentials {
	t.Helper()
	id, secret, err := sim.Account().IssueAccessKey("devops_test")
	if err != nil {
		t.Fatal(err)
	}
	rc, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := rc.AssumeRole(context.Background(), ramclient.AssumeRoleInput{
		RoleArn: "acs:ram::" + sim.Account().ID() + ":role/oss-test-sts", SessionName: "probe"})
	if err != nil {
		t.Fatal(err)
	}
	return ossclient.Credentials{AccessKeyID: s.AccessKeyID, AccessKeySecret: s.AccessKeySecret, SecurityToken: s.SecurityToken}
}

func TestProbesAsTheDeveloper(t *testing.T) {
	sim := startSim(t)
	ctx := context.Background()
	cr := developerSession(t, sim)
	for _, v1 := range []bool{false, true} {
		c := newClient(t, sim.Endpoint, cr, v1)
		l, err := c.List(ctx, "oss-test", ossclient.ListOptions{Prefix: dir, Delimiter: "/"})
		if err != nil || len(l.Objects) != 3 || len(l.Prefixes) != 1 || len(l.RequestID) != 24 {
			t.Fatalf("list the directory: %+v %v", l, err)
		}
		key := dir + "ramtui-probe-test.txt"
		if id, err := c.Put(ctx, "oss-test", key, []byte("probe"), "text/plain"); err != nil || id == "" {
			t.Fatalf("write inside: %q %v", id, err)
		}
		if data, id, err := c.Get(ctx, "oss-test", key, 1024); err != nil || string(data) != "probe" || id == "" {
			t.Fatalf("read inside: %q %q %v", data, id, err)
		}
		if _, _, err := c.Get(ctx, "oss-test", key, 3); !errors.Is(err, ossclient.ErrTooLarge) {
			t.Fatalf("read past the limit: %v", err)
		}
		if info, err := c.Head(ctx, "oss-test", key); err != nil || info.Size != 5 || info.ContentType != "text/plain" {
			t.Fatalf("head inside: %+v %v", info, err)
		}
		if _, err := c.Delete(ctx, "oss-test", key); err != nil {
			t.Fatalf("delete inside: %v", err)
		}
		_, err = c.Head(ctx, "oss-test", key)
		if ossclient.Code(err) != "NoSuchKey" {
			t.Fatalf("head after delete: %v", err)
		}

		_, err = c.List(ctx, "oss-test", ossclient.ListOptions{})
		assertDenied(t, "list the bucket root", err)
		_, err = c.Put(ctx, "oss-test", "dir111/ramtui-probe-test.txt", []byte("x"), "")
		assertDenied(t, "write outside", err)
		_, _, err = c.Get(ctx, "oss-test", "dir111/dir111_secondline2/private.txt", 1024)
		assertDenied(t, "read outside", err)
	}
}

func assertDenied(t *testing.T, what string, err error) {
	t.Helper()
	var e *ossclient.Error
	if !errors.As(err, &e) || !ossclient.IsAccessDenied(err) || e.HTTPStatus != 403 || len(e.RequestID) != 24 || e.Op == "" {
		t.Fatalf("%s: want AccessDenied with a RequestId, got %#v", what, err)
	}
	if !strings.Contains(err.Error(), e.RequestID) {
		t.Fatalf("%s: the message does not name the RequestId: %v", what, err)
	}
}

func TestPaging(t *testing.T) {
	sim := startSim(t)
	id, secret := sim.Account().RootKey()
	c := newClient(t, sim.Endpoint, ossclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}, false)
	var keys []string
	opts := ossclient.ListOptions{Prefix: "dir111/", MaxKeys: 2}
	for pages := 0; ; pages++ {
		l, err := c.List(context.Background(), "oss-test", opts)
		if err != nil || pages > 10 {
			t.Fatalf("page %d: %v", pages, err)
		}
		for _, o := range l.Objects {
			keys = append(keys, o.Key)
		}
		if !l.Truncated {
			break
		}
		opts.ContinuationToken = l.Next
	}
	if len(keys) != 6 || keys[0] != "dir111/" || keys[5] != "dir111/dir111_secondline2/private.txt" {
		t.Fatalf("keys: %q", keys)
	}
}

// Bad input is refused before anything is sent: these would otherwise fail to connect.
func TestValidatesBeforeCalling(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	c := newClient(t, addr, ossclient.Credentials{AccessKeyID: "id", AccessKeySecret: "secret"}, false)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"bucket name": func() error { _, err := c.List(ctx, "Bad_Bucket", ossclient.ListOptions{}); return err },
		"empty key":   func() error { _, err := c.Put(ctx, "oss-test", "", nil, ""); return err },
		"key with /":  func() error { _, err := c.Delete(ctx, "oss-test", "/abs"); return err },
		"max keys":    func() error { _, err := c.List(ctx, "oss-test", ossclient.ListOptions{MaxKeys: 1001}); return err },
	} {
		var e *ossclient.Error
		if err := call(); !errors.As(err, &e) || !e.Invalid {
			t.Errorf("%s: want a validation error, got %v", name, err)
		}
	}
	if _, err := c.List(ctx, "oss-test", ossclient.ListOptions{}); err == nil || ossclient.Code(err) != "" {
		t.Fatalf("nothing listening: %v", err)
	}
	for _, ep := range []string{"ftp://x", "http://h/path", "a b"} {
		if _, err := ossclient.New(ossclient.Config{Endpoint: ep, Credentials: ossclient.Credentials{AccessKeyID: "a", AccessKeySecret: "b"}}); err == nil {
			t.Errorf("endpoint %q accepted", ep)
		}
	}
	if _, err := ossclient.New(ossclient.Config{}); err == nil {
		t.Error("no credentials accepted")
	}
}

func TestEndpoints(t *testing.T) {
	cr := ossclient.Credentials{AccessKeyID: "a", AccessKeySecret: "b"}
	for in, want := range map[string]string{
		"":                                    "https://oss-cn-shanghai.aliyuncs.com",
		"127.0.0.1:8787":                      "http://127.0.0.1:8787",
		"https://oss-cn-beijing.aliyuncs.com": "https://oss-cn-beijing.aliyuncs.com",
	} {
		c, err := ossclient.New(ossclient.Config{Endpoint: in, Region: "cn-shanghai", Credentials: cr})
		if err != nil || c.Endpoint() != want {
			t.Errorf("endpoint %q: %v %v, want %s", in, c, err, want)
		}
	}
}

// FindBucket finds the account's bucket by its exact name (not one it is the start of), with
// its region; a caller that may not list buckets gets the refusal, not "not found".
func TestFindBucket(t *testing.T) {
	sim := startSim(t)
	ctx := context.Background()
	id, secret := sim.Account().RootKey()
	c := newClient(t, sim.Endpoint, ossclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}, false)
	if err := c.CreateBucket(ctx, "oss-test-2"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"oss-test": true, "oss-test-2": true, "oss-tes": false, "oss-test-3": false, "zzz": false} {
		b, found, err := c.FindBucket(ctx, name)
		if err != nil || found != want || (found && (b.Name != name || b.Region == "")) {
			t.Errorf("FindBucket(%s) = %+v, %v, %v; want found %v with a region", name, b, found, err, want)
		}
	}
	dev := newClient(t, sim.Endpoint, developerSession(t, sim), false)
	if _, found, err := dev.FindBucket(ctx, "oss-test"); !ossclient.IsAccessDenied(err) || found {
		t.Errorf("as the developer: %v, %v; want AccessDenied", found, err)
	}
	if _, _, err := c.FindBucket(ctx, "Bad_Name"); err == nil {
		t.Error("a bad name was looked for")
	}
}
