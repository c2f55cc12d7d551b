package ramclient

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ramsim/idptest"
)

func TestSAMLProvidersRoundTrip(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "empty"})
	ctx := ctxT(t)
	idp, err := idptest.NewSAMLIdP("https://idp.example.test/ramclient")
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.CreateSAMLProvider(ctx, NewSAMLProvider{Name: "corp", Description: "AD FS", Metadata: idp.Metadata()})
	if err != nil {
		t.Fatal(err)
	}
	if p.Arn != "acs:ram::"+sim.Account().ID()+":saml-provider/corp" || p.EntityID != idp.EntityID ||
		!p.CertExpiry.Equal(idp.Cert.NotAfter) || p.CreateDate.IsZero() {
		t.Fatalf("created = %+v", p)
	}
	_, err = c.CreateSAMLProvider(ctx, NewSAMLProvider{Name: "corp", Metadata: idp.Metadata()})
	wantKind(t, err, KindAlreadyExists)

	// Bad input is refused before any call.
	before := sentCalls(c)
	_, err = c.CreateSAMLProvider(ctx, NewSAMLProvider{Name: "x", Metadata: []byte("<EntityDescriptor/>")})
	wantKind(t, err, KindInvalidInput)
	_, err = c.CreateSAMLProvider(ctx, NewSAMLProvider{Name: ".dot", Metadata: idp.Metadata()})
	wantKind(t, err, KindInvalidInput)
	if n := sentCalls(c); n != before {
		t.Fatalf("invalid input reached the API: %d calls logged", n-before)
	}

	desc := "rotated"
	other, _ := idptest.NewSAMLIdPValid("https://idp.example.test/new", time.Now(), time.Now().Add(48*time.Hour))
	if _, err := c.UpdateSAMLProvider(ctx, "corp", SAMLProviderUpdate{Description: &desc, Metadata: other.Metadata()}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetSAMLProvider(ctx, "corp")
	if err != nil {
		t.Fatal(err)
	}
	if got.Description != "rotated" || got.EntityID != other.EntityID || !got.CertExpiry.Equal(other.Cert.NotAfter) {
		t.Fatalf("after update = %+v", got)
	}
	list, err := c.ListSAMLProviders(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "corp" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if err := c.DeleteSAMLProvider(ctx, "corp"); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetSAMLProvider(ctx, "corp")
	wantKind(t, err, KindNotFound)
	if e := c.Log().Entries(); e[len(e)-1].Action != "GetSAMLProvider" {
		t.Fatalf("call log: %+v", e[len(e)-1])
	}
}

func TestOIDCProvidersRoundTrip(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "empty"})
	ctx := ctxT(t)
	in := NewOIDCProvider{Name: "ack", IssuerURL: "https://oidc.example.test/c1", ClientIDs: []string{"sts.aliyuncs.com"},
		Fingerprints: []string{"902ef2deeb3c5b13ea4c3d5193629309e231ae55"}, IssuanceLimit: 6 * time.Hour}
	p, err := c.CreateOIDCProvider(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.IssuerURL != in.IssuerURL || p.IssuanceLimit != 6*time.Hour || len(p.ClientIDs) != 1 {
		t.Fatalf("created = %+v", p)
	}
	bad := in
	bad.IssuerURL = "http://plain.example.test"
	_, err = c.CreateOIDCProvider(ctx, bad)
	wantKind(t, err, KindInvalidInput)
	if p, err = c.AddOIDCClientID(ctx, "ack", "app-1"); err != nil || strings.Join(p.ClientIDs, ",") != "sts.aliyuncs.com,app-1" {
		t.Fatalf("add client id: %+v %v", p, err)
	}
	_, err = c.AddOIDCClientID(ctx, "ack", "app-1")
	wantKind(t, err, KindAlreadyExists)
	if p, err = c.RemoveOIDCClientID(ctx, "ack", "sts.aliyuncs.com"); err != nil || strings.Join(p.ClientIDs, ",") != "app-1" {
		t.Fatalf("remove client id: %+v %v", p, err)
	}
	if p, err = c.AddOIDCFingerprint(ctx, "ack", "aabbccddeeff00112233445566778899aabbccdd"); err != nil || len(p.Fingerprints) != 2 {
		t.Fatalf("add fingerprint: %+v %v", p, err)
	}
	if p, err = c.RemoveOIDCFingerprint(ctx, "ack", in.Fingerprints[0]); err != nil || len(p.Fingerprints) != 1 {
		t.Fatalf("remove fingerprint: %+v %v", p, err)
	}
	d := "cluster one"
	if p, err = c.UpdateOIDCProvider(ctx, "ack", OIDCProviderUpdate{Description: &d, ClientIDs: []string{"a", "b"}}); err != nil ||
		p.Description != d || len(p.ClientIDs) != 2 {
		t.Fatalf("update: %+v %v", p, err)
	}
	list, err := c.ListOIDCProviders(ctx)
	if err != nil || len(list) != 1 || list[0].Fingerprints[0] != "aabbccddeeff00112233445566778899aabbccdd" {
		t.Fatalf("list = %+v %v", list, err)
	}
	if err := c.DeleteOIDCProvider(ctx, "ack"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, c.DeleteOIDCProvider(ctx, "ack"), KindNotFound)
}

const federatedTrust = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
 "Principal":{"Federated":["%s"]},"Condition":{"StringEquals":{%s}}}]}`

func TestAssumeRoleWithSAMLAndRolesTrusting(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "empty"})
	ctx := ctxT(t)
	acct := sim.Account().ID()
	idp, err := idptest.NewSAMLIdP("https://idp.example.test/federate")
	if err != nil {
		t.Fatal(err)
	}
	prov, err := c.CreateSAMLProvider(ctx, NewSAMLProvider{Name: "corp", Metadata: idp.Metadata()})
	if err != nil {
		t.Fatal(err)
	}
	only := fmt.Sprintf(federatedTrust, prov.Arn, `"saml:recipient":"https://signin.aliyun.com/saml-role/sso"`)
	mixed := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":["acs:ram::` + acct +
		`:saml-provider/*"],"RAM":["acs:ram::` + acct + `:root"]}}]}`
	for name, trust := range map[string]string{"sso-admin": only, "mixed": mixed,
		"unrelated": `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`} {
		if _, err := c.CreateRole(ctx, NewRole{RoleName: name, TrustPolicy: trust}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.AttachPolicy(ctx, RolePrincipal("sso-admin"), "AliyunRAMReadOnlyAccess", PolicySystem); err != nil {
		t.Fatal(err)
	}
	trusting, err := c.RolesTrustingProvider(ctx, prov.Arn)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, pt := range trusting {
		got[pt.Role.RoleName] = pt.Only
	}
	if len(got) != 2 || !got["sso-admin"] || got["mixed"] {
		t.Fatalf("roles trusting %s: %v", prov.Arn, got)
	}

	roleArn := "acs:ram::" + acct + ":role/sso-admin"
	assertion, err := idp.Response(idptest.Assertion{RoleARN: roleArn, ProviderARN: prov.Arn, SessionName: "carol"})
	if err != nil {
		t.Fatal(err)
	}
	creds, info, err := c.AssumeRoleWithSAML(ctx, SAMLAssumeInput{RoleArn: roleArn, SAMLProviderArn: prov.Arn, Assertion: assertion})
	if err != nil {
		t.Fatal(err)
	}
	if info.Issuer != idp.EntityID || creds.AssumedRoleArn != roleArn+"/carol" {
		t.Fatalf("assumed: %+v %+v", creds, info)
	}
	for _, e := range c.Log().Entries() {
		if strings.Contains(e.Target, assertion[:40]) || strings.Contains(e.Target, creds.AccessKeySecret) {
			t.Fatalf("the call log holds a secret: %+v", e)
		}
	}
	// The session's credentials work for what the role allows.
	sess := newClient(t, sim.Endpoint, Credentials{AccessKeyID: creds.AccessKeyID, AccessKeySecret: creds.AccessKeySecret,
		SecurityToken: creds.SecurityToken, Source: "saml"})
	if _, err := sess.AllRoles(ctx); err != nil {
		t.Fatalf("ListRoles with the SAML session: %v", err)
	}
	_, err = sess.CreateRole(ctx, NewRole{RoleName: "nope", TrustPolicy: mixed})
	wantKind(t, err, KindDenied)

	other, _ := idptest.NewSAMLIdP(idp.EntityID)
	forged, _ := other.Response(idptest.Assertion{RoleARN: roleArn, ProviderARN: prov.Arn})
	_, _, err = c.AssumeRoleWithSAML(ctx, SAMLAssumeInput{RoleArn: roleArn, SAMLProviderArn: prov.Arn, Assertion: forged})
	if e := wantKind(t, err, KindAuthFailed); e.Code != "AuthenticationFail.SAMLAssertion.SignatureInvalid" || e.Hint == "" {
		t.Fatalf("forged assertion: %v", e)
	}
}

func TestAssumeRoleWithOIDC(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "empty"})
	ctx := ctxT(t)
	iss := idptest.NewOIDCIssuer(t)
	prov, err := c.CreateOIDCProvider(ctx, NewOIDCProvider{Name: "k8s", IssuerURL: iss.URL, ClientIDs: []string{"sts.aliyuncs.com"},
		Fingerprints: []string{iss.Fingerprint}})
	if err != nil {
		t.Fatal(err)
	}
	trust := fmt.Sprintf(federatedTrust, prov.Arn, `"oidc:iss":"`+iss.URL+`","oidc:aud":"sts.aliyuncs.com"`)
	if _, err := c.CreateRole(ctx, NewRole{RoleName: "pod", TrustPolicy: trust}); err != nil {
		t.Fatal(err)
	}
	roleArn := "acs:ram::" + sim.Account().ID() + ":role/pod"
	tok, err := iss.Token(idptest.Claims{Subject: "system:serviceaccount:ns:sa"})
	if err != nil {
		t.Fatal(err)
	}
	creds, info, err := c.AssumeRoleWithOIDC(ctx, OIDCAssumeInput{RoleArn: roleArn, OIDCProviderArn: prov.Arn, Token: tok, SessionName: "pod-1"})
	if err != nil {
		t.Fatal(err)
	}
	if info.Subject != "system:serviceaccount:ns:sa" || info.Expiration.IsZero() || creds.Expiration.IsZero() {
		t.Fatalf("assumed: %+v", info)
	}
	expired, _ := iss.Token(idptest.Claims{IssuedAt: time.Now().Add(-3 * time.Hour)})
	_, _, err = c.AssumeRoleWithOIDC(ctx, OIDCAssumeInput{RoleArn: roleArn, OIDCProviderArn: prov.Arn, Token: expired, SessionName: "pod-1"})
	if e := wantKind(t, err, KindAuthFailed); e.Code != "AuthenticationFail.OIDCToken.Expired" {
		t.Fatalf("expired token: %v", e)
	}
	_, _, err = c.AssumeRoleWithOIDC(ctx, OIDCAssumeInput{RoleArn: roleArn, OIDCProviderArn: prov.Arn, Token: tok, SessionName: "x"})
	wantKind(t, err, KindInvalidInput)
}

func TestParseSAMLMetadataRefusesNonIdP(t *testing.T) {
	for _, doc := range []string{"", "not xml", `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>`} {
		if _, err := ParseSAMLMetadata([]byte(doc)); err == nil {
			t.Errorf("ParseSAMLMetadata(%q) accepted it", doc)
		}
	}
}

func TestTrustsProvider(t *testing.T) {
	const arn = "acs:ram::1234567890123456:oidc-provider/k8s"
	for _, tc := range []struct {
		doc         string
		trust, only bool
	}{
		{fmt.Sprintf(federatedTrust, arn, `"oidc:aud":"x"`), true, true},
		{fmt.Sprintf(federatedTrust, "acs:ram::1234567890123456:oidc-provider/*", `"oidc:aud":"x"`), true, true},
		{fmt.Sprintf(federatedTrust, "acs:ram::1234567890123456:oidc-provider/other", `"oidc:aud":"x"`), false, false},
		{`{"Version":"1","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"Federated":["` + arn + `"]}}]}`, false, false},
	} {
		if trust, only := TrustsProvider(tc.doc, arn); trust != tc.trust || only != tc.only {
			t.Errorf("TrustsProvider(%s) = %v %v, want %v %v", tc.doc, trust, only, tc.trust, tc.only)
		}
	}
}

func TestRoleServiceLinked(t *testing.T) {
	for _, tc := range []struct {
		r    Role
		want bool
	}{
		{Role{RoleName: "AliyunServiceRoleForECS", Arn: "acs:ram::1:role/aliyunserviceroleforecs"}, true},
		{Role{RoleName: "x", Arn: "acs:ram::1:role/aliyun-service-role/x"}, true},
		{Role{RoleName: "AliyunECSDefaultRole", Arn: "acs:ram::1:role/aliyunecsdefaultrole"}, false},
	} {
		if got := tc.r.ServiceLinked(); got != tc.want {
			t.Errorf("%s ServiceLinked = %v", tc.r.RoleName, got)
		}
	}
}
