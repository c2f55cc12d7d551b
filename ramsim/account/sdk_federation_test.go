package account_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ims"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"

	"github.com/ramtui/ramtui/ramsim/idptest"
)

// Identity providers (IMS 2019-08-15) and STS federation, through the official SDK's
// services/ims and services/sts clients, unmodified.

func (e *simEnv) rootIMS(t testing.TB) *ims.Client {
	t.Helper()
	id, secret := e.sim.Account().RootKey()
	c, err := ims.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewStaticAKCredentialsProvider(id, secret))
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = e.sim.Endpoint
	return c
}

// anonSTS is an STS client whose key the simulator does not know: the federation actions are
// anonymous, so it must not matter.
func (e *simEnv) anonSTS(t testing.TB) *sts.Client {
	return e.stsWith(t, credentials.NewStaticAKCredentialsProvider("LTAIanonymousnobody00", "not-a-secret"))
}

func newIdP(t testing.TB) *idptest.SAMLIdP {
	t.Helper()
	idp, err := idptest.NewSAMLIdP("https://idp.example.test/" + t.Name())
	if err != nil {
		t.Fatal(err)
	}
	return idp
}

func TestSDKSAMLProviderCRUD(t *testing.T) {
	e := startSim(t, "empty")
	c := e.rootIMS(t)
	idp := newIdP(t)

	cr := ims.CreateCreateSAMLProviderRequest()
	cr.SAMLProviderName, cr.Description, cr.EncodedSAMLMetadataDocument = "corp-idp", "Corporate AD FS", idp.EncodedMetadata()
	created := must(c.CreateSAMLProvider(cr))(t).SAMLProvider
	wantARN := "acs:ram::" + e.acct + ":saml-provider/corp-idp"
	if created.Arn != wantARN || created.Description != "Corporate AD FS" || created.CreateDate == "" {
		t.Fatalf("created = %+v", created)
	}
	_, err := c.CreateSAMLProvider(cr)
	wantCode(t, err, 409, "EntityAlreadyExists.SAMLProvider")

	bad := ims.CreateCreateSAMLProviderRequest()
	bad.SAMLProviderName, bad.EncodedSAMLMetadataDocument = "broken", base64.StdEncoding.EncodeToString([]byte("<x/>"))
	_, err = c.CreateSAMLProvider(bad)
	wantCode(t, err, 400, "InvalidParameter.EncodedSAMLMetadataDocument")
	bad.SAMLProviderName = "-leading-dash"
	_, err = c.CreateSAMLProvider(bad)
	wantCode(t, err, 400, "InvalidParameter.SAMLProviderName.InvalidChars")

	for _, n := range []string{"b-idp", "a-idp"} {
		r := ims.CreateCreateSAMLProviderRequest()
		r.SAMLProviderName, r.EncodedSAMLMetadataDocument = n, idp.EncodedMetadata()
		must(c.CreateSAMLProvider(r))(t)
	}
	var names []string
	lr := ims.CreateListSAMLProvidersRequest()
	lr.MaxItems = requests.NewInteger(2)
	for {
		page := must(c.ListSAMLProviders(lr))(t)
		for _, p := range page.SAMLProviders.SAMLProvider {
			names = append(names, p.SAMLProviderName)
		}
		if !page.IsTruncated {
			break
		}
		lr.Marker = page.Marker
	}
	if strings.Join(names, ",") != "a-idp,b-idp,corp-idp" {
		t.Fatalf("listed %v", names)
	}

	other := newIdP(t)
	up := ims.CreateUpdateSAMLProviderRequest()
	up.SAMLProviderName, up.NewDescription, up.NewEncodedSAMLMetadataDocument = "corp-idp", "rotated", other.EncodedMetadata()
	must(c.UpdateSAMLProvider(up))(t)
	gr := ims.CreateGetSAMLProviderRequest()
	gr.SAMLProviderName = "CORP-idp" // names are case-insensitive
	got := must(c.GetSAMLProvider(gr))(t).SAMLProvider
	if got.Description != "rotated" || got.EncodedSAMLMetadataDocument != other.EncodedMetadata() || got.SAMLProviderName != "corp-idp" {
		t.Fatalf("after update: %+v", got)
	}

	dr := ims.CreateDeleteSAMLProviderRequest()
	dr.SAMLProviderName = "corp-idp"
	must(c.DeleteSAMLProvider(dr))(t)
	_, err = c.GetSAMLProvider(gr)
	wantCode(t, err, 404, "EntityNotExist.SAMLProvider")
	_, err = c.DeleteSAMLProvider(dr)
	wantCode(t, err, 404, "EntityNotExist.SAMLProvider")
}

func TestSDKOIDCProviderCRUD(t *testing.T) {
	e := startSim(t, "empty")
	c := e.rootIMS(t)

	cr := ims.CreateCreateOIDCProviderRequest()
	cr.OIDCProviderName, cr.IssuerUrl = "ack-rrsa", "https://oidc.example.test/cluster1"
	cr.ClientIds, cr.Fingerprints = "sts.aliyuncs.com", "902ef2deeb3c5b13ea4c3d5193629309e231ae55"
	cr.IssuanceLimitTime = requests.NewInteger(6)
	p := must(c.CreateOIDCProvider(cr))(t).OIDCProvider
	if p.Arn != "acs:ram::"+e.acct+":oidc-provider/ack-rrsa" || p.IssuerUrl != cr.IssuerUrl || p.ClientIds != "sts.aliyuncs.com" ||
		p.IssuanceLimitTime != 6 {
		t.Fatalf("created = %+v", p)
	}
	dup := *cr
	dup.OIDCProviderName = "other"
	_, err := c.CreateOIDCProvider(&dup)
	wantCode(t, err, 409, "EntityAlreadyExists.OIDCProvider.IssuerUrl")
	dup.IssuerUrl = "http://oidc.example.test/plain"
	_, err = c.CreateOIDCProvider(&dup)
	wantCode(t, err, 400, "InvalidParameter.IssuerUrl")

	ac := ims.CreateAddClientIdToOIDCProviderRequest()
	ac.OIDCProviderName, ac.ClientId = "ack-rrsa", "my-app"
	if got := must(c.AddClientIdToOIDCProvider(ac))(t).OIDCProvider.ClientIds; got != "sts.aliyuncs.com,my-app" {
		t.Fatalf("client ids after add: %q", got)
	}
	_, err = c.AddClientIdToOIDCProvider(ac)
	wantCode(t, err, 409, "EntityAlreadyExists.OIDCProvider.ClientId")
	rc := ims.CreateRemoveClientIdFromOIDCProviderRequest()
	rc.OIDCProviderName, rc.ClientId = "ack-rrsa", "sts.aliyuncs.com"
	must(c.RemoveClientIdFromOIDCProvider(rc))(t)
	_, err = c.RemoveClientIdFromOIDCProvider(rc)
	wantCode(t, err, 404, "EntityNotExist.OIDCProvider.ClientId")

	af := ims.CreateAddFingerprintToOIDCProviderRequest()
	af.OIDCProviderName, af.Fingerprint = "ack-rrsa", "aabbccddeeff00112233445566778899aabbccdd"
	must(c.AddFingerprintToOIDCProvider(af))(t)
	rf := ims.CreateRemoveFingerprintFromOIDCProviderRequest()
	rf.OIDCProviderName, rf.Fingerprint = "ack-rrsa", cr.Fingerprints
	must(c.RemoveFingerprintFromOIDCProvider(rf))(t)

	up := ims.CreateUpdateOIDCProviderRequest()
	up.OIDCProviderName, up.ClientIds, up.NewDescription = "ack-rrsa", "a,b", "cluster 1"
	must(c.UpdateOIDCProvider(up))(t)
	gr := ims.CreateGetOIDCProviderRequest()
	gr.OIDCProviderName = "ack-rrsa"
	got := must(c.GetOIDCProvider(gr))(t).OIDCProvider
	if got.ClientIds != "a,b" || got.Fingerprints != af.Fingerprint || got.Description != "cluster 1" {
		t.Fatalf("after edits: %+v", got)
	}
	list := must(c.ListOIDCProviders(ims.CreateListOIDCProvidersRequest()))(t)
	if len(list.OIDCProviders.OIDCProvider) != 1 || list.OIDCProviders.OIDCProvider[0].IssuerUrl != cr.IssuerUrl {
		t.Fatalf("list = %+v", list.OIDCProviders)
	}
	dr := ims.CreateDeleteOIDCProviderRequest()
	dr.OIDCProviderName = "ack-rrsa"
	must(c.DeleteOIDCProvider(dr))(t)
	_, err = c.GetOIDCProvider(gr)
	wantCode(t, err, 404, "EntityNotExist.OIDCProvider")
}

// TestSDKProvidersNeedPermission: IMS actions are authorized as ram:<Action>.
func TestSDKProvidersNeedPermission(t *testing.T) {
	e := startSim(t, "empty")
	setupUser(t, e.rootRAM(t), "reader", map[string]string{
		"idp-read": `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:List*","ram:Get*"],"Resource":"*"}]}`,
	})
	id, secret, err := e.sim.Account().IssueAccessKey("reader")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ims.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewStaticAKCredentialsProvider(id, secret))
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = e.sim.Endpoint
	must(c.ListSAMLProviders(ims.CreateListSAMLProvidersRequest()))(t)
	cr := ims.CreateCreateSAMLProviderRequest()
	cr.SAMLProviderName = "nope"
	_, err = c.CreateSAMLProvider(cr)
	se := wantCode(t, err, 403, "NoPermission")
	if d := se.AccessDeniedDetail(); d["AuthAction"] != "ram:CreateSAMLProvider" {
		t.Fatalf("denial detail: %v", d)
	}
}

const samlTrust = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
 "Principal":{"Federated":["acs:ram::%s:saml-provider/%s"]},
 "Condition":{"StringEquals":{"saml:recipient":"https://signin.aliyun.com/saml-role/sso"}}}]}`

func TestSDKAssumeRoleWithSAML(t *testing.T) {
	e := startSim(t, "empty")
	c, root := e.rootIMS(t), e.rootRAM(t)
	idp := newIdP(t)
	for _, n := range []string{"corp", "other"} {
		cr := ims.CreateCreateSAMLProviderRequest()
		cr.SAMLProviderName, cr.EncodedSAMLMetadataDocument = n, idp.EncodedMetadata()
		must(c.CreateSAMLProvider(cr))(t)
	}
	createRole(t, root, "sso-reader", fmt.Sprintf(samlTrust, e.acct, "corp"), [2]string{"System", "AliyunRAMReadOnlyAccess"})
	createRole(t, root, "sso-other", fmt.Sprintf(samlTrust, e.acct, "other"))
	prov := func(n string) string { return "acs:ram::" + e.acct + ":saml-provider/" + n }
	s := e.anonSTS(t)
	now := e.clock.Now()
	assume := func(role, provider, assertion string) (*sts.AssumeRoleWithSAMLResponse, error) {
		r := sts.CreateAssumeRoleWithSAMLRequest()
		r.RoleArn, r.SAMLProviderArn, r.SAMLAssertion = e.roleArn(role), prov(provider), assertion
		r.DurationSeconds = requests.NewInteger(900)
		return s.AssumeRoleWithSAML(r)
	}
	resp := func(a idptest.Assertion) string {
		if a.RoleARN == "" {
			a.RoleARN, a.ProviderARN = e.roleArn("sso-reader"), prov("corp")
		}
		if a.IssuedAt.IsZero() {
			a.IssuedAt = now
		}
		v, err := idp.Response(a)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	ok := must(assume("sso-reader", "corp", resp(idptest.Assertion{SessionName: "alice"})))(t)
	if ok.AssumedRoleUser.Arn != e.roleArn("sso-reader")+"/alice" || ok.SAMLAssertionInfo.Issuer != idp.EntityID ||
		ok.SAMLAssertionInfo.Recipient != idptest.RecipientChina || ok.SAMLAssertionInfo.Subject != "alice@example.test" {
		t.Fatalf("response = %+v", ok)
	}
	// The credentials work for what the role's policies allow, and only that.
	rc, sc := e.sessionClients(t, ok.Credentials)
	must(rc.ListUsers(ram.CreateListUsersRequest()))(t)
	cu := ram.CreateCreateUserRequest()
	cu.UserName = "intruder"
	_, err := rc.CreateUser(cu)
	wantCode(t, err, 403, "NoPermission")
	who := must(sc.GetCallerIdentity(sts.CreateGetCallerIdentityRequest()))(t)
	if who.IdentityType != "AssumedRoleUser" || !strings.HasSuffix(who.Arn, "role/sso-reader/alice") {
		t.Fatalf("caller identity = %+v", who)
	}

	forger := newIdP(t)
	forger.EntityID = idp.EntityID
	forged, err := forger.Response(idptest.Assertion{RoleARN: e.roleArn("sso-reader"), ProviderARN: prov("corp"), IssuedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	_, err = assume("sso-reader", "corp", forged)
	wantCode(t, err, 400, "AuthenticationFail.SAMLAssertion.SignatureInvalid")
	_, err = assume("sso-reader", "corp", resp(idptest.Assertion{Audience: "urn:example:someone-else"}))
	wantCode(t, err, 400, "AuthenticationFail.SAMLAssertion.AudienceError")
	_, err = assume("sso-reader", "corp", resp(idptest.Assertion{IssuedAt: now.Add(-10 * time.Minute)}))
	wantCode(t, err, 400, "AuthenticationFail.SAMLAssertion.Expired")
	_, err = assume("sso-reader", "corp", resp(idptest.Assertion{Recipient: "https://signin.example.test/sso"}))
	wantCode(t, err, 400, "AuthenticationFail.SAMLAssertion.RecipientError")
	// A provider the role does not trust, with an assertion that pairs them: the trust policy says no.
	_, err = assume("sso-other", "corp", resp(idptest.Assertion{RoleARN: e.roleArn("sso-other"), ProviderARN: prov("corp")}))
	se := wantCode(t, err, 403, "AuthenticationFail.NoPermission")
	if d := se.AccessDeniedDetail(); d["PolicyType"] != "AssumeRolePolicy" {
		t.Fatalf("denial detail: %v", d)
	}
	// An assertion that does not pair the requested role with the provider.
	_, err = assume("sso-other", "other", resp(idptest.Assertion{}))
	wantCode(t, err, 400, "AuthenticationFail.SAMLAssertion.RoleNotMatch")
	_, err = assume("sso-reader", "nobody", resp(idptest.Assertion{}))
	wantCode(t, err, 404, "EntityNotExist.SAMLProvider")

	// Deleting the provider leaves the role's trust policy as it was, and assuming through it fails.
	dr := ims.CreateDeleteSAMLProviderRequest()
	dr.SAMLProviderName = "corp"
	must(c.DeleteSAMLProvider(dr))(t)
	_, err = assume("sso-reader", "corp", resp(idptest.Assertion{}))
	wantCode(t, err, 404, "EntityNotExist.SAMLProvider")
}

const oidcTrust = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
 "Principal":{"Federated":["acs:ram::%s:oidc-provider/%s"]},
 "Condition":{"StringEquals":{"oidc:iss":"%s","oidc:aud":"sts.aliyuncs.com","oidc:sub":"system:serviceaccount:ns:app"}}}]}`

func TestSDKAssumeRoleWithOIDC(t *testing.T) {
	e := startSim(t, "empty")
	c, root := e.rootIMS(t), e.rootRAM(t)
	iss := idptest.NewOIDCIssuer(t)
	cr := ims.CreateCreateOIDCProviderRequest()
	cr.OIDCProviderName, cr.IssuerUrl, cr.ClientIds, cr.Fingerprints = "cluster", iss.URL, "sts.aliyuncs.com", iss.Fingerprint
	must(c.CreateOIDCProvider(cr))(t)
	createRole(t, root, "pod-reader", fmt.Sprintf(oidcTrust, e.acct, "cluster", iss.URL), [2]string{"System", "AliyunRAMReadOnlyAccess"})
	createRole(t, root, "untrusting", fmt.Sprintf(trustAccount, e.acct))
	provARN := "acs:ram::" + e.acct + ":oidc-provider/cluster"
	s := e.anonSTS(t)
	now := e.clock.Now()
	assume := func(role, token string) (*sts.AssumeRoleWithOIDCResponse, error) {
		r := sts.CreateAssumeRoleWithOIDCRequest()
		r.RoleArn, r.OIDCProviderArn, r.OIDCToken, r.RoleSessionName = e.roleArn(role), provARN, token, "pod-1"
		return s.AssumeRoleWithOIDC(r)
	}
	token := func(cl idptest.Claims) string {
		if cl.Subject == "" {
			cl.Subject = "system:serviceaccount:ns:app"
		}
		if cl.IssuedAt.IsZero() {
			cl.IssuedAt = now
		}
		v, err := iss.Token(cl)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	ok := must(assume("pod-reader", token(idptest.Claims{})))(t)
	if ok.OIDCTokenInfo.Subject != "system:serviceaccount:ns:app" || ok.OIDCTokenInfo.Issuer != iss.URL ||
		ok.OIDCTokenInfo.ClientIds != "sts.aliyuncs.com" || ok.AssumedRoleUser.Arn != e.roleArn("pod-reader")+"/pod-1" {
		t.Fatalf("response = %+v", ok)
	}
	rc, _ := e.sessionClients(t, ok.Credentials)
	must(rc.ListRoles(ram.CreateListRolesRequest()))(t)

	forged, err := iss.TokenSignedBy(mustKey(t), idptest.Claims{Subject: "system:serviceaccount:ns:app", IssuedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	_, err = assume("pod-reader", forged)
	wantCode(t, err, 400, "AuthenticationFail.OIDCToken.SignatureInvalid")
	_, err = assume("pod-reader", token(idptest.Claims{Audience: []string{"another-client"}}))
	wantCode(t, err, 400, "AuthenticationFail.OIDCToken.AudienceError")
	_, err = assume("pod-reader", token(idptest.Claims{IssuedAt: now.Add(-2 * time.Hour)}))
	wantCode(t, err, 400, "AuthenticationFail.OIDCToken.Expired")
	_, err = assume("pod-reader", token(idptest.Claims{Subject: "system:serviceaccount:ns:intruder"}))
	wantCode(t, err, 403, "AuthenticationFail.NoPermission") // oidc:sub condition
	_, err = assume("untrusting", token(idptest.Claims{}))
	wantCode(t, err, 403, "AuthenticationFail.NoPermission") // the role does not trust the provider

	// Removing the only client id leaves no audience the token can match.
	rc2 := ims.CreateRemoveClientIdFromOIDCProviderRequest()
	rc2.OIDCProviderName, rc2.ClientId = "cluster", "sts.aliyuncs.com"
	must(c.RemoveClientIdFromOIDCProvider(rc2))(t)
	_, err = assume("pod-reader", token(idptest.Claims{}))
	wantCode(t, err, 400, "AuthenticationFail.OIDCToken.AudienceError")
}

// TestFederationIsAnonymous: an unsigned request, as credentials-go's OIDC provider sends it,
// is served.
func TestFederationIsAnonymous(t *testing.T) {
	e := startSim(t, "empty")
	form := url.Values{"Action": {"AssumeRoleWithOIDC"}, "Version": {"2015-04-01"}, "Format": {"JSON"},
		"Timestamp": {time.Now().UTC().Format(time.RFC3339)},
		"RoleArn":   {e.roleArn("x")}, "OIDCProviderArn": {"acs:ram::" + e.acct + ":oidc-provider/none"},
		"OIDCToken": {"abcdefgh"}, "RoleSessionName": {"anon"}}
	resp, err := http.PostForm("http://"+e.sim.Endpoint+"/", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Code string }
	json.NewDecoder(resp.Body).Decode(&body)
	// Past authentication: the provider lookup answers, not a signature check.
	if resp.StatusCode != 404 || body.Code != "EntityNotExist.OIDCProvider" {
		t.Fatalf("unsigned AssumeRoleWithOIDC: %d %s", resp.StatusCode, body.Code)
	}
}

// TestProvidersSurviveRestore: providers are part of the persisted state.
func TestProvidersSurviveRestore(t *testing.T) {
	e := startSim(t, "empty")
	c := e.rootIMS(t)
	idp := newIdP(t)
	cr := ims.CreateCreateSAMLProviderRequest()
	cr.SAMLProviderName, cr.EncodedSAMLMetadataDocument = "corp", idp.EncodedMetadata()
	must(c.CreateSAMLProvider(cr))(t)
	oc := ims.CreateCreateOIDCProviderRequest()
	oc.OIDCProviderName, oc.IssuerUrl, oc.ClientIds, oc.Fingerprints = "k8s", "https://127.0.0.1:1/x", "a", "ab12"
	must(c.CreateOIDCProvider(oc))(t)
	snap, err := e.sim.Account().Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	e2 := startSim(t, "empty")
	if err := e2.sim.Account().Restore(snap); err != nil {
		t.Fatal(err)
	}
	c2 := e2.rootIMS(t)
	gr := ims.CreateGetSAMLProviderRequest()
	gr.SAMLProviderName = "corp"
	if got := must(c2.GetSAMLProvider(gr))(t).SAMLProvider; got.EncodedSAMLMetadataDocument != idp.EncodedMetadata() {
		t.Fatalf("restored SAML provider: %+v", got)
	}
	og := ims.CreateGetOIDCProviderRequest()
	og.OIDCProviderName = "k8s"
	if got := must(c2.GetOIDCProvider(og))(t).OIDCProvider; got.IssuerUrl != oc.IssuerUrl || got.Fingerprints != "ab12" {
		t.Fatalf("restored OIDC provider: %+v", got)
	}
}

func mustKey(t testing.TB) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
