package ramclient

import (
	"errors"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramsim"
)

const docV1 = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`
const docV2 = `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject","oss:ListObjects"],"Resource":"*"}]}`

func TestPoliciesAndVersions(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)

	p, err := c.CreatePolicy(ctx, NewPolicy{PolicyName: "oss-read", Document: docV1, Description: "read"})
	mustOK(t, err)
	if p.PolicyType != PolicyCustom || p.DefaultVersion != "v1" {
		t.Fatalf("policy = %+v", p)
	}
	got, err := c.GetPolicy(ctx, "oss-read", PolicyCustom)
	mustOK(t, err)
	if !strings.Contains(got.Document, "oss:GetObject") || got.Description != "read" {
		t.Fatalf("GetPolicy = %+v", got)
	}
	v2, err := c.CreatePolicyVersion(ctx, "oss-read", NewPolicyVersion{Document: docV2, SetDefault: true})
	mustOK(t, err)
	if v2.VersionID != "v2" || !v2.IsDefault {
		t.Fatalf("v2 = %+v", v2)
	}
	vs, err := c.PolicyVersions(ctx, "oss-read", PolicyCustom)
	mustOK(t, err)
	if len(vs) != 2 {
		t.Fatalf("versions = %+v", vs)
	}
	v1, err := c.GetPolicyVersion(ctx, "oss-read", PolicyCustom, "v1")
	mustOK(t, err)
	if v1.IsDefault || v1.Document == "" || v1.CreateDate.IsZero() {
		t.Fatalf("v1 = %+v", v1)
	}
	wantKind(t, c.DeletePolicyVersion(ctx, "oss-read", "v2"), KindConflict) // the default
	mustOK(t, c.SetDefaultPolicyVersion(ctx, "oss-read", "v1"))
	mustOK(t, c.DeletePolicyVersion(ctx, "oss-read", "v2"))
	if _, err := c.GetPolicyVersion(ctx, "oss-read", PolicyCustom, "v2"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted version: %v", err)
	}
	// Five versions is the limit.
	for range 4 {
		_, err := c.CreatePolicyVersion(ctx, "oss-read", NewPolicyVersion{Document: docV2})
		mustOK(t, err)
	}
	_, err = c.CreatePolicyVersion(ctx, "oss-read", NewPolicyVersion{Document: docV2})
	wantKind(t, err, KindLimitExceeded)
	_, err = c.CreatePolicyVersion(ctx, "oss-read", NewPolicyVersion{Document: docV2, RotateOldest: true})
	mustOK(t, err)

	mustOK(t, c.AttachPolicy(ctx, UserPrincipal("alice.wong"), "oss-read", PolicyCustom))
	mustOK(t, c.AttachPolicy(ctx, GroupPrincipal("developers"), "oss-read", PolicyCustom))
	wantKind(t, c.AttachPolicy(ctx, UserPrincipal("alice.wong"), "oss-read", PolicyCustom), KindAlreadyExists)
	ents, err := c.PolicyEntities(ctx, "oss-read", PolicyCustom)
	mustOK(t, err)
	if len(ents.Users) != 1 || len(ents.Groups) != 1 || len(ents.Roles) != 0 || ents.Users[0].AttachDate.IsZero() {
		t.Fatalf("entities = %+v", ents)
	}
	d, err := c.PolicyDetail(ctx, "oss-read", PolicyCustom)
	mustOK(t, err)
	if d.Policy.AttachmentCount != 2 || len(d.Versions) != 5 || len(d.Entities.Users) != 1 {
		t.Fatalf("detail: count %d, %d versions, %+v", d.Policy.AttachmentCount, len(d.Versions), d.Entities)
	}
	for _, who := range []Principal{UserPrincipal("alice.wong"), GroupPrincipal("developers")} {
		ps, err := c.PoliciesFor(ctx, who)
		mustOK(t, err)
		found := false
		for _, p := range ps {
			found = found || p.PolicyName == "oss-read"
		}
		if !found {
			t.Fatalf("%v policies = %+v", who, ps)
		}
	}
	wantKind(t, c.DeletePolicy(ctx, "oss-read"), KindConflict)
	mustOK(t, c.DetachPolicy(ctx, UserPrincipal("alice.wong"), "oss-read", PolicyCustom))
	mustOK(t, c.DetachPolicy(ctx, GroupPrincipal("developers"), "oss-read", PolicyCustom))
	wantKind(t, c.DetachPolicy(ctx, GroupPrincipal("developers"), "oss-read", PolicyCustom), KindNotFound)

	up, err := c.UpdatePolicyDescription(ctx, "oss-read", "read objects")
	mustOK(t, err)
	if up.Description != "read objects" {
		t.Fatalf("description = %q", up.Description)
	}
}

func TestListPoliciesByType(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	sys, err := c.AllPolicies(ctx, PolicySystem)
	mustOK(t, err)
	cus, err := c.AllPolicies(ctx, PolicyCustom)
	mustOK(t, err)
	both, err := c.AllPolicies(ctx, PolicyAny)
	mustOK(t, err)
	if len(sys) == 0 || len(cus) == 0 || len(both) != len(sys)+len(cus) {
		t.Fatalf("system %d, custom %d, both %d", len(sys), len(cus), len(both))
	}
	for _, p := range sys {
		if p.PolicyType != PolicySystem {
			t.Fatalf("system list holds %+v", p)
		}
	}
	_, err = c.ListPoliciesPage(ctx, "Other", "")
	wantKind(t, err, KindInvalidInput)
	wantKind(t, c.AttachPolicy(ctx, UserPrincipal("alice.wong"), "x", "Bogus"), KindInvalidInput)
	_, err = c.CreatePolicy(ctx, NewPolicy{PolicyName: "too-big", Document: `{"Statement":[],"x":"` + strings.Repeat("a", 6200) + `"}`})
	wantKind(t, err, KindInvalidInput)
	_, err = c.CreatePolicy(ctx, NewPolicy{PolicyName: "bad_name", Document: docV1})
	wantKind(t, err, KindInvalidInput)
}
