package commands

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/ramtui/ramtui/ramclient"
)

// The text of `ramtui grant oss` is a contract (people and scripts read it): one golden holds
// each part of it -- a dry run's plan and the probes evaluated on it; a run's steps, its
// verification with live probes, chain and hand-over; a re-run that reuses everything, under a
// session policy; a policy that differs (its diff, nothing changed); a bucket that does not
// exist (the plan's bucket line; refused, then made when asked: the note under the table); a
// plan blocked by an explicit Deny; a failed step rolled
// back. What changes from run to run (the account id, request ids, the probe object's unique
// name) is masked; nothing else is.
func TestGrantOSSText(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	var b strings.Builder
	run := func(title, region string, o grantOpts) {
		t.Helper()
		out, err := runGrantInRegion(t, sim, region, o)
		fmt.Fprintf(&b, "==== %s (exit %d)\n%s", title, exitCode(err), out)
		if err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
		}
	}
	run("dry run", "cn-hangzhou", grantOpts{bucket: "oss-test", dir: "team-a/", user: "wang.fang"})
	run("apply", "cn-hangzhou", grantOpts{bucket: "oss-test", dir: "team-a/", user: "wang.fang", yes: true})
	session := filepath.Join(t.TempDir(), "session.json")
	if err := os.WriteFile(session, []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:ListObjects","Resource":"*"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	run("re-run under a session policy", "cn-hangzhou", grantOpts{bucket: "oss-test", dir: "team-a/", user: "wang.fang", yes: true, sessionPolicy: session})
	run("a policy that differs", "", grantOpts{bucket: "oss-test", dir: "team-a/", user: "wang.fang", access: "list,read,write,delete", yes: true})
	run("no such bucket, dry run", "", grantOpts{bucket: "no-such-bucket-c5", dir: "d/", user: "liu.yang", access: "list,read"})
	run("no such bucket", "", grantOpts{bucket: "no-such-bucket-c5", dir: "d/", user: "liu.yang", access: "list,read", yes: true})
	run("no such bucket, made anyway", "", grantOpts{bucket: "no-such-bucket-c5", dir: "d/", user: "liu.yang", access: "list,read", yes: true, allowMissingBucket: true})

	c := adminClient(t, sim)
	ctx := context.Background()
	fillCustomPolicies(t, c, "alice.wong")
	deny := `{"Version":"1","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}]}`
	if _, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: "no-assume", Document: deny}); err != nil {
		t.Fatal(err)
	}
	if err := c.AttachPolicy(ctx, ramclient.UserPrincipal("bob.smith"), "no-assume", ramclient.PolicyCustom); err != nil {
		t.Fatal(err)
	}
	createBucket(t, sim, "acme-dev")
	run("blocked", "", grantOpts{bucket: "acme-dev", dir: "web/", user: "bob.smith", access: "list", yes: true})
	run("rolled back", "", grantOpts{bucket: "acme-dev", dir: "web/", user: "alice.wong", yes: true})

	text := strings.ReplaceAll(b.String(), sim.Account().ID(), "<account>")
	text = regexp.MustCompile(`\b[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\b`).ReplaceAllString(text, "<request id>")
	text = regexp.MustCompile(`\b[0-9A-F]{24}\b`).ReplaceAllString(text, "<oss request id>")
	text = regexp.MustCompile(`ramtui-probe-[0-9A-Za-z-]+`).ReplaceAllString(text, "ramtui-probe-<unique>")
	golden.RequireEqual(t, []byte(text))
}
