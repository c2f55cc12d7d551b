package grant

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ossclient"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

func startDemo(t *testing.T) (*ramsim.Running, *ramclient.Client) {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return sim, c
}

// startGrantDemo is startDemo with bucket acme-dev beside the demo's oss-test: the bucket of
// most requests here.
func startGrantDemo(t *testing.T) (*ramsim.Running, *ramclient.Client) {
	sim, c := startDemo(t)
	createBucket(t, sim, "acme-dev")
	return sim, c
}

// createBucket makes bucket in the simulator, as the account's root.
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

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustPlan(t *testing.T, c *ramclient.Client, r Request) *Plan {
	t.Helper()
	p, err := MakePlan(ctxT(t), c, r)
	if err != nil {
		t.Fatalf("MakePlan: %v", err)
	}
	return p
}

func actions(p *Plan) string {
	var parts []string
	for _, s := range p.Steps {
		parts = append(parts, string(s.Kind)+"="+string(s.Action))
	}
	return strings.Join(parts, " ")
}

// mutations counts the calls in the log that change the account.
func mutations(c *ramclient.Client, from int) []string {
	var out []string
	for _, e := range c.Log().Entries()[from:] {
		if !strings.HasPrefix(e.Action, "Get") && !strings.HasPrefix(e.Action, "List") {
			out = append(out, e.Action)
		}
	}
	return out
}

func exists(t *testing.T, err error) bool {
	t.Helper()
	if err == nil {
		return true
	}
	if !errors.Is(err, ramclient.ErrNotFound) {
		t.Fatal(err)
	}
	return false
}

// wang.fang has no sts:AssumeRole at all: the plan creates everything, the caller-side policy
// included; the grant verifies with a real AssumeRole as her; a re-run changes nothing.
func TestGrantEndToEndAndRerun(t *testing.T) {
	sim, c := startGrantDemo(t)
	acct := sim.Account().ID()
	req := Request{Bucket: "acme-dev", Dir: "team-a/reports", User: "wang.fang", Region: "cn-shanghai", MaxSession: 2 * time.Hour}
	p := mustPlan(t, c, req)
	if p.Request.RoleName != "acme-dev-team-a-reports" || p.RoleARN != "acs:ram::"+acct+":role/acme-dev-team-a-reports" {
		t.Fatalf("role %s %s", p.Request.RoleName, p.RoleARN)
	}
	if got := actions(p); got != "policy=create role=create attach-role=attach caller-policy=create attach-user=attach" {
		t.Fatalf("plan: %s", got)
	}
	if p.CallerPolicy == nil || !strings.Contains(p.CallerPolicy.Compact(), p.RoleARN) {
		t.Fatalf("caller policy %v", p.CallerPolicy)
	}
	var events []string
	applied, err := Apply(ctxT(t), c, p, Options{}, func(e Event) { events = append(events, fmt.Sprintf("%d/%d %s %s", e.Index, e.Total, e.State, e.Title)) })
	if err != nil {
		t.Fatalf("Apply: %v\n%s", err, strings.Join(events, "\n"))
	}
	if len(events) != 10 || !strings.HasPrefix(events[9], "5/5 done attach policy AssumeRole-acme-dev-team-a-reports to user wang.fang") {
		t.Errorf("events:\n%s", strings.Join(events, "\n"))
	}
	if !applied.Changed() {
		t.Error("applied reports no change")
	}
	role, err := c.GetRole(ctxT(t), "acme-dev-team-a-reports")
	if err != nil || role.MaxSessionDuration != 2*time.Hour || !strings.HasPrefix(role.Description, Marker) {
		t.Fatalf("role %+v %v", role, err)
	}

	before, err := c.AccessKeys(ctxT(t), "wang.fang")
	if err != nil {
		t.Fatal(err)
	}
	v, err := Verify(ctxT(t), c, p, VerifyOptions{AssumeForReal: true})
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Errorf("verification failed: %+v", v)
	}
	last := v.Chain[len(v.Chain)-1]
	if !last.OK || !strings.Contains(last.Detail, "session acs:ram::"+acct+":role/acme-dev-team-a-reports/"+SessionName) {
		t.Errorf("real assume: %+v", last)
	}
	keys, err := c.AccessKeys(ctxT(t), "wang.fang")
	if err != nil || len(keys) != len(before) {
		t.Errorf("the temporary key was not deleted: %v %v", keys, err)
	}
	note := Handover(p)
	for _, want := range []string{p.RoleARN, "Max session:  2h", "oss-cn-shanghai.aliyuncs.com", "ramtui assume " + p.RoleARN, "aliyun sts AssumeRole --RoleArn " + p.RoleARN} {
		if !strings.Contains(note, want) {
			t.Errorf("hand-over lacks %q:\n%s", want, note)
		}
	}

	// The same request again: everything is reused, nothing is called that changes anything.
	p2 := mustPlan(t, c, req)
	if got := actions(p2); got != "policy=reuse role=reuse attach-role=skip caller-policy=reuse attach-user=skip" {
		t.Fatalf("re-run plan: %s", got)
	}
	mark := len(c.Log().Entries())
	a2, err := Apply(ctxT(t), c, p2, Options{}, nil)
	if err != nil || a2.Changed() || len(mutations(c, mark)) != 0 {
		t.Errorf("re-run changed something: %v %v %v", err, a2.Changed(), mutations(c, mark))
	}
}

// A step that fails part-way (the user already has the most custom policies a user may have,
// so attaching the caller-side policy is refused) is rolled back: what the run created goes,
// what existed stays.
func TestFailureMidwayRollsBack(t *testing.T) {
	_, c := startGrantDemo(t)
	ctx := ctxT(t)
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:DescribeInstances","Resource":"*"}]}`
	for i := 0; i < 10; i++ {
		name := fmt.Sprintf("filler-%d", i)
		if _, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: name, Document: doc}); err != nil {
			t.Fatal(err)
		}
		if err := c.AttachPolicy(ctx, ramclient.UserPrincipal("liu.yang"), name, ramclient.PolicyCustom); err != nil {
			t.Fatalf("attach %d: %v", i, err)
		}
	}
	p := mustPlan(t, c, Request{Bucket: "acme-dev", Dir: "frontend/", User: "liu.yang"})
	var failed Event
	applied, err := Apply(ctx, c, p, Options{}, func(e Event) {
		if e.State == Failed {
			failed = e
		}
	})
	var se *StepError
	if !errors.As(err, &se) || se.Step.Kind != StepAttachUser || !errors.Is(err, ramclient.ErrLimitExceeded) {
		t.Fatalf("Apply: %v", err)
	}
	if failed.Index != 5 || failed.Err == nil {
		t.Errorf("failed event %+v", failed)
	}
	want := []string{"detach policy acme-dev-frontend-oss from Role acme-dev-frontend", "delete policy AssumeRole-acme-dev-frontend",
		"delete role acme-dev-frontend", "delete policy acme-dev-frontend-oss"}
	if got := applied.Undoable(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("undoable:\n%s", strings.Join(got, "\n"))
	}
	var undone []string
	if err := Rollback(ctx, c, applied, func(e Event) {
		if e.State == Undone {
			undone = append(undone, e.Title)
		}
	}); err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	if len(undone) != 4 {
		t.Errorf("undone %v", undone)
	}
	_, err = c.GetRole(ctx, "acme-dev-frontend")
	_, err2 := c.GetPolicy(ctx, "acme-dev-frontend-oss", ramclient.PolicyCustom)
	_, err3 := c.GetPolicy(ctx, "AssumeRole-acme-dev-frontend", ramclient.PolicyCustom)
	if exists(t, err) || exists(t, err2) || exists(t, err3) {
		t.Error("rollback left something behind")
	}
	pols, err := c.PoliciesFor(ctx, ramclient.UserPrincipal("liu.yang"))
	if err != nil || len(pols) != 10 {
		t.Errorf("the user's own policies were touched: %d %v", len(pols), err)
	}
}

// The three creations go at once: when one of them fails (the role was made by someone else
// between the plan and the apply), the other two are made all the same, no attachment is
// tried, the report names each, and the rollback removes exactly the two policies, never the
// role that was there.
func TestFailedCreationAmongTheFirstRoundRollsBackTheOthers(t *testing.T) {
	_, c := startGrantDemo(t)
	ctx := ctxT(t)
	p := mustPlan(t, c, Request{Bucket: "acme-dev", Dir: "clash/", User: "wang.fang"})
	if got := actions(p); got != "policy=create role=create attach-role=attach caller-policy=create attach-user=attach" {
		t.Fatalf("plan: %s", got)
	}
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]},"Action":"sts:AssumeRole"}]}`
	if _, err := c.CreateRole(ctx, ramclient.NewRole{RoleName: p.Request.RoleName, TrustPolicy: trust, Description: "made by hand"}); err != nil {
		t.Fatal(err)
	}
	var events []string
	mark := len(c.Log().Entries())
	applied, err := Apply(ctx, c, p, Options{}, func(e Event) {
		if e.State != Running {
			events = append(events, fmt.Sprintf("%d/%d %s %s", e.Index, e.Total, e.State, e.Title))
		}
	})
	var se *StepError
	if !errors.As(err, &se) || se.Step.Kind != StepRole {
		t.Fatalf("Apply: %v", err)
	}
	want := []string{"1/5 done create policy acme-dev-clash-oss", "2/5 failed create role acme-dev-clash",
		"4/5 done create policy AssumeRole-acme-dev-clash (sts:AssumeRole on " + p.RoleARN + " only)"}
	if strings.Join(events, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s", strings.Join(events, "\n"))
	}
	if got := mutations(c, mark); len(got) != 3 || !slices.Contains(got, "CreateRole") || slices.Contains(got, "AttachPolicyToRole") {
		t.Errorf("calls %v: want the two policies' and the role's creations, no attachment", got)
	}
	if got := applied.Undoable(); strings.Join(got, "|") != "delete policy AssumeRole-acme-dev-clash|delete policy acme-dev-clash-oss" {
		t.Errorf("undoable: %v", got)
	}
	if err := Rollback(ctx, c, applied, nil); err != nil {
		t.Fatal(err)
	}
	_, err1 := c.GetPolicy(ctx, "acme-dev-clash-oss", ramclient.PolicyCustom)
	_, err2 := c.GetPolicy(ctx, "AssumeRole-acme-dev-clash", ramclient.PolicyCustom)
	if exists(t, err1) || exists(t, err2) {
		t.Error("the rollback left a policy behind")
	}
	if role, err := c.GetRole(ctx, p.Request.RoleName); err != nil || role.Description != "made by hand" {
		t.Errorf("the role that was there: %+v %v", role, err)
	}
}

// Someone edited the grant's policy by hand: the re-run shows the difference and refuses to
// overwrite it unless told; with Replace it writes a new default version, and a rollback
// restores the hand-made one.
func TestRerunDiffersAndReplace(t *testing.T) {
	_, c := startGrantDemo(t)
	ctx := ctxT(t)
	req := Request{Bucket: "acme-dev", Dir: "team-b/", User: "devops_test"}
	p := mustPlan(t, c, req)
	if _, err := Apply(ctx, c, p, Options{}, nil); err != nil {
		t.Fatal(err)
	}
	hand := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"acs:oss:*:*:acme-dev/*"}]}`
	if _, err := c.CreatePolicyVersion(ctx, p.PolicyName, ramclient.NewPolicyVersion{Document: hand, SetDefault: true}); err != nil {
		t.Fatal(err)
	}
	p2 := mustPlan(t, c, req)
	st := p2.Steps[0]
	if st.Action != Replace || !strings.Contains(st.Diff, `- `) || !strings.Contains(st.Diff, `+ `) || !strings.Contains(st.Diff, "oss:Prefix") {
		t.Fatalf("step %+v", st)
	}
	mark := len(c.Log().Entries())
	if _, err := Apply(ctx, c, p2, Options{}, nil); !errors.Is(err, ErrDiffers) || len(mutations(c, mark)) != 0 {
		t.Fatalf("Apply without Replace: %v, calls %v", err, mutations(c, mark))
	}
	applied, err := Apply(ctx, c, p2, Options{Replace: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPolicy(ctx, p.PolicyName, ramclient.PolicyCustom)
	if err != nil || got.DefaultVersion != "v3" {
		t.Fatalf("after replace: %s %v", got.DefaultVersion, err)
	}
	if err := Rollback(ctx, c, applied, nil); err != nil {
		t.Fatal(err)
	}
	got, err = c.GetPolicy(ctx, p.PolicyName, ramclient.PolicyCustom)
	if d, _ := policy.Parse(got.Document, policy.Permission); err != nil || got.DefaultVersion != "v2" || !d.Equal(mustDoc(t, hand)) {
		t.Errorf("after rollback: %s %v", got.DefaultVersion, err)
	}
}

func mustDoc(t *testing.T, s string) *policy.Document {
	t.Helper()
	d, err := policy.Parse(s, policy.Permission)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The seed's request: bucket oss-test, directory dir111/dir111_secondline1/, user devops_test,
// who already holds AliyunSTSAssumeRoleAccess (so no caller-side policy is added).
func TestProbeTableSeedRequest(t *testing.T) {
	_, c := startDemo(t)
	ctx := ctxT(t)
	p := mustPlan(t, c, Request{Bucket: "oss-test", Dir: "dir111/dir111_secondline1/", User: "devops_test"})
	if p.CallerPolicy != nil || !strings.Contains(p.CallerAlready, "AliyunSTSAssumeRoleAccess") {
		t.Fatalf("caller side: %v %q", p.CallerPolicy, p.CallerAlready)
	}
	for _, r := range p.PlannedProbes() {
		if !r.OK {
			t.Errorf("planned probe %s: %v", r.Name, r.Answer.Decision)
		}
	}
	if _, err := Apply(ctx, c, p, Options{}, nil); err != nil {
		t.Fatal(err)
	}
	v, err := Verify(ctx, c, p, VerifyOptions{AssumeForReal: true})
	if err != nil {
		t.Fatal(err)
	}
	var table []string
	for _, r := range v.Probes {
		row := fmt.Sprintf("%s: %v", r.Name, r.Answer.Decision)
		if len(r.Answer.Deciding) > 0 {
			row += fmt.Sprintf(" by %s[%d]", r.Answer.Deciding[0].Policy, r.Answer.Deciding[0].Index)
		}
		if !r.OK {
			row += " MISMATCH"
		}
		table = append(table, row)
	}
	want := []string{
		"list the directory: Allow by oss-test-dir111-dir111-secondline1-oss[0]",
		"list the directory recursively: Allow by oss-test-dir111-dir111-secondline1-oss[0]",
		"list the bucket root: ImplicitDeny",
		"list another prefix: ImplicitDeny",
		"read inside: Allow by oss-test-dir111-dir111-secondline1-oss[1]",
		"write inside: Allow by oss-test-dir111-dir111-secondline1-oss[1]",
		"delete inside: ImplicitDeny",
		"read outside: ImplicitDeny",
		"write outside: ImplicitDeny",
		"read another bucket: ImplicitDeny",
	}
	if strings.Join(table, "\n") != strings.Join(want, "\n") {
		t.Errorf("probe table:\n%s\nwant:\n%s", strings.Join(table, "\n"), strings.Join(want, "\n"))
	}
	if !v.OK() {
		t.Errorf("chain: %+v", v.Chain)
	}
	// devops_test has one key in the demo; the check's temporary key is gone again.
	if keys, err := c.AccessKeys(ctx, "devops_test"); err != nil || len(keys) != 1 {
		t.Errorf("keys after the check: %d %v", len(keys), err)
	}

	// A read-only session policy: the write probe no longer matches what the grant promised.
	v, err = Verify(ctx, c, p, VerifyOptions{SessionPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Probes {
		if r.Name == "write inside" && (r.OK || r.Answer.DeniedBy != policy.DeniedBySession) {
			t.Errorf("write inside with a read-only session: %+v", r)
		}
	}
	if v.OK() {
		t.Error("verification passed with a session policy that removes write")
	}
}

func TestRevoke(t *testing.T) {
	_, c := startGrantDemo(t)
	ctx := ctxT(t)
	p := mustPlan(t, c, Request{Bucket: "acme-dev", Dir: "team-c/", User: "liu.yang"})
	if _, err := Apply(ctx, c, p, Options{}, nil); err != nil {
		t.Fatal(err)
	}
	// Something the grant did not make, attached to its role: detached, not deleted.
	if err := c.AttachPolicy(ctx, ramclient.RolePrincipal(p.Request.RoleName), "AliyunOSSReadOnlyAccess", ramclient.PolicySystem); err != nil {
		t.Fatal(err)
	}
	rp, err := PlanRevoke(ctx, c, p.Request.RoleName)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, s := range rp.Steps {
		titles = append(titles, s.Title)
	}
	want := "detach policy acme-dev-team-c-oss from role acme-dev-team-c|detach policy AliyunOSSReadOnlyAccess from role acme-dev-team-c|" +
		"delete role acme-dev-team-c|delete policy acme-dev-team-c-oss|detach policy AssumeRole-acme-dev-team-c from User liu.yang|delete policy AssumeRole-acme-dev-team-c"
	if strings.Join(titles, "|") != want {
		t.Errorf("steps:\n%s", strings.Join(titles, "\n"))
	}
	if len(rp.Kept) != 1 || !strings.Contains(rp.Kept[0], "AliyunOSSReadOnlyAccess") {
		t.Errorf("kept %v", rp.Kept)
	}
	if err := rp.Apply(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRole(ctx, p.Request.RoleName)
	_, err2 := c.GetPolicy(ctx, p.PolicyName, ramclient.PolicyCustom)
	_, err3 := c.GetPolicy(ctx, p.CallerPolicyName, ramclient.PolicyCustom)
	if exists(t, err) || exists(t, err2) || exists(t, err3) {
		t.Error("revoke left something")
	}
	if _, err := c.GetPolicy(ctx, "AliyunOSSReadOnlyAccess", ramclient.PolicySystem); err != nil {
		t.Error(err)
	}
	// The demo's own role was not made by a grant: revoke refuses it.
	if _, err := PlanRevoke(ctx, c, "oss-test-sts"); !errors.Is(err, ErrNotAGrant) {
		t.Errorf("revoke of a role the grant did not make: %v", err)
	}
}

func TestPlanRefusesBadInputAndUnknownUser(t *testing.T) {
	_, c := startDemo(t)
	mark := len(c.Log().Entries())
	for _, r := range []Request{
		{Bucket: "Bad_Bucket", Dir: "d/", User: "u"},
		{Bucket: "ok-bucket", Dir: "", User: "u"},
		{Bucket: "ok-bucket", Dir: "../x", User: "u"},
		{Bucket: "ok-bucket", Dir: "/x", User: "u"},
		{Bucket: "ok-bucket", Dir: "x", User: ""},
		{Bucket: "ok-bucket", Dir: "x", User: "u", Region: "Hangzhou"},
		{Bucket: "ok-bucket", Dir: "x", User: "u", RoleName: "bad name"},
		{Bucket: "ok-bucket", Dir: "x", User: "u", MaxSession: 30 * time.Minute},
	} {
		var fe *policy.FieldError
		if _, err := MakePlan(ctxT(t), c, r); !errors.As(err, &fe) {
			t.Errorf("%+v: %v", r, err)
		}
	}
	if n := len(c.Log().Entries()) - mark; n != 0 {
		t.Errorf("bad input cost %d calls", n)
	}
	if _, err := MakePlan(ctxT(t), c, Request{Bucket: "ok-bucket", Dir: "x", User: "nobody"}); !errors.Is(err, ErrUserNotFound) {
		t.Errorf("unknown user: %v", err)
	}
}

// Naming an existing role a grant did not make: it is reused when it matches, and the plan says
// that revoke will not remove it.
func TestPlanOnARoleNotMadeByAGrant(t *testing.T) {
	_, c := startDemo(t)
	p := mustPlan(t, c, Request{Bucket: "oss-test", Dir: "dir111/dir111_secondline1/", User: "devops_test", RoleName: "oss-test-sts"})
	st := p.Steps[1]
	if st.Kind != StepRole || st.Action != Reuse || !strings.Contains(st.Why, "not made by a grant") {
		t.Errorf("role step %+v", st)
	}
}

// A revoke that stopped half-way (here: the grant's policy already detached from the role) is
// finished by running it again: the detached policy is still found and deleted.
func TestRevokeAfterAPartialRevoke(t *testing.T) {
	_, c := startGrantDemo(t)
	ctx := ctxT(t)
	p := mustPlan(t, c, Request{Bucket: "acme-dev", Dir: "team-d/", User: "devops_test"})
	if _, err := Apply(ctx, c, p, Options{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.DetachPolicy(ctx, ramclient.RolePrincipal(p.Request.RoleName), p.PolicyName, ramclient.PolicyCustom); err != nil {
		t.Fatal(err)
	}
	rp, err := PlanRevoke(ctx, c, p.Request.RoleName)
	if err != nil {
		t.Fatal(err)
	}
	if err := rp.Apply(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetPolicy(ctx, p.PolicyName, ramclient.PolicyCustom); exists(t, err) {
		t.Error("the detached grant policy was left behind")
	}
}

// Replacing the document of a policy that already has the 5 versions RAM allows fails that step
// rather than deleting the oldest version, which existed before the run.
func TestReplaceNeverDeletesAnOldVersion(t *testing.T) {
	_, c := startGrantDemo(t)
	ctx := ctxT(t)
	req := Request{Bucket: "acme-dev", Dir: "team-v/", User: "devops_test"}
	if _, err := Apply(ctx, c, mustPlan(t, c, req), Options{}, nil); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		doc := fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:acme-dev/v%d/*"}]}`, i)
		if _, err := c.CreatePolicyVersion(ctx, PolicyName("acme-dev-team-v"), ramclient.NewPolicyVersion{Document: doc, SetDefault: true}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Apply(ctx, c, mustPlan(t, c, req), Options{Replace: true}, nil)
	if !errors.Is(err, ramclient.ErrLimitExceeded) {
		t.Fatalf("replace at the version limit: %v", err)
	}
	vs, err := c.PolicyVersions(ctx, PolicyName("acme-dev-team-v"), ramclient.PolicyCustom)
	hasV1 := false
	for _, v := range vs {
		hasV1 = hasV1 || v.VersionID == "v1"
	}
	if err != nil || len(vs) != 5 || !hasV1 {
		t.Errorf("versions after the refused replace: %+v %v", vs, err)
	}
}

// The plan looks for the bucket (ListBuckets, as the admin, beside the RAM reads): found with
// its region, or missing. A missing bucket's plan is refused by Apply before any call, unless
// asked for; an admin who may not list buckets still gets a plan that says the bucket was not
// checked. Before, the plan said nothing and Apply made the role and policies of a grant that
// only the verification found unusable.
func TestPlanChecksTheBucket(t *testing.T) {
	sim, c := startDemo(t)
	ctx := ctxT(t)
	found := mustPlan(t, c, Request{Bucket: "oss-test", Dir: "team-a/", User: "wang.fang", Region: "cn-shanghai"})
	if b := found.Bucket; b.State != BucketFound || b.Region != "cn-hangzhou" {
		t.Fatalf("oss-test: %+v", b)
	}
	if line := found.BucketLine(); line != "oss-test: exists in this account, region cn-hangzhou -- NOT cn-shanghai as asked: the hand-over's OSS endpoint would be wrong (give the region cn-hangzhou)" {
		t.Errorf("line: %q", line)
	}

	req := Request{Bucket: "no-such-bucket-g7", Dir: "team-a/", User: "wang.fang"}
	missing := mustPlan(t, c, req)
	if !missing.Bucket.Missing() || !strings.Contains(missing.BucketLine(), "no-such-bucket-g7: MISSING -- this account has no bucket of that name") {
		t.Fatalf("no-such-bucket-g7: %+v %q", missing.Bucket, missing.BucketLine())
	}
	from := len(c.Log().Entries())
	a, err := Apply(ctx, c, missing, Options{}, nil)
	if !errors.Is(err, ErrBucketMissing) || a.Changed() {
		t.Fatalf("Apply of a missing bucket's plan: %v, changed %v", err, a.Changed())
	}
	if m := mutations(c, from); len(m) != 0 {
		t.Fatalf("calls that change the account: %v", m)
	}
	if _, err := Apply(ctx, c, missing, Options{AllowMissingBucket: true}, nil); err != nil {
		t.Fatalf("Apply allowing a missing bucket: %v", err)
	}
	createBucket(t, sim, "no-such-bucket-g7")
	if b := mustPlan(t, c, req).Bucket; b.State != BucketFound {
		t.Errorf("once created: %+v", b)
	}

	// An admin of RAM only: the plan is made, the bucket not checked, and Apply goes on.
	if _, err := c.CreateUser(ctx, ramclient.NewUser{UserName: "ram-reader"}); err != nil {
		t.Fatal(err)
	}
	if err := c.AttachPolicy(ctx, ramclient.UserPrincipal("ram-reader"), "AliyunRAMReadOnlyAccess", ramclient.PolicySystem); err != nil {
		t.Fatal(err)
	}
	id, secret, err := sim.Account().IssueAccessKey("ram-reader")
	if err != nil {
		t.Fatal(err)
	}
	reader, err := c.As(ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	un := mustPlan(t, reader, Request{Bucket: "oss-test", Dir: "team-a/", User: "wang.fang"})
	if un.Bucket.State != BucketUnchecked || !strings.Contains(un.BucketLine(), "oss-test: not checked -- ListBuckets: AccessDenied") ||
		!strings.HasSuffix(un.BucketLine(), "; the verification will show whether it exists") {
		t.Errorf("as a RAM reader: %+v %q", un.Bucket, un.BucketLine())
	}
}
