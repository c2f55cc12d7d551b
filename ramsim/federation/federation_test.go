package federation_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim/federation"
	"github.com/ramtui/ramtui/ramsim/idptest"
)

const (
	roleARN = "acs:ram::1234567890123456:role/sso-admin"
	provARN = "acs:ram::1234567890123456:saml-provider/corp"
)

func kindOf(err error) federation.Kind {
	var fe *federation.Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return -1
}

func TestSAMLVerify(t *testing.T) {
	idp, err := idptest.NewSAMLIdP("https://idp.example.test/metadata")
	if err != nil {
		t.Fatal(err)
	}
	md, err := federation.ParseMetadata(idp.Metadata())
	if err != nil {
		t.Fatal(err)
	}
	if md.EntityID != idp.EntityID || !md.CertExpiry().Equal(idp.Cert.NotAfter) {
		t.Fatalf("metadata = %q %v", md.EntityID, md.CertExpiry())
	}
	now := time.Now()
	good, err := idp.Response(idptest.Assertion{RoleARN: roleARN, ProviderARN: provARN, SessionName: "bob", IssuedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	a, err := federation.VerifySAML(good, md, now)
	if err != nil {
		t.Fatalf("valid assertion refused: %v", err)
	}
	if a.SessionName != "bob" || len(a.Roles) != 1 || a.Roles[0] != (federation.RolePair{RoleARN: roleARN, ProviderARN: provARN}) ||
		a.Recipient != idptest.RecipientChina {
		t.Fatalf("assertion = %+v", a)
	}

	other, _ := idptest.NewSAMLIdP(idp.EntityID)
	forged, _ := other.Response(idptest.Assertion{RoleARN: roleARN, ProviderARN: provARN, IssuedAt: now})
	// Tampered: a valid signed response whose session name is changed after signing.
	raw, _ := base64.StdEncoding.DecodeString(good)
	tampered := base64.StdEncoding.EncodeToString([]byte(strings.Replace(string(raw), ">bob<", ">eve<", 1)))
	wrongAud, _ := idp.Response(idptest.Assertion{RoleARN: roleARN, ProviderARN: provARN, Audience: "urn:example:other", IssuedAt: now})
	wrongRcpt, _ := idp.Response(idptest.Assertion{RoleARN: roleARN, ProviderARN: provARN, Recipient: "https://evil.example/sso", IssuedAt: now})
	expired, _ := idp.Response(idptest.Assertion{RoleARN: roleARN, ProviderARN: provARN, IssuedAt: now.Add(-time.Hour)})
	future, _ := idp.Response(idptest.Assertion{RoleARN: roleARN, ProviderARN: provARN, IssuedAt: now.Add(time.Hour)})
	for _, tc := range []struct {
		name string
		in   string
		want federation.Kind
	}{
		{"other key", forged, federation.BadSignature},
		{"tampered", tampered, federation.BadSignature},
		{"audience", wrongAud, federation.BadAudience},
		{"recipient", wrongRcpt, federation.BadRecipient},
		{"expired", expired, federation.Expired},
		{"not yet valid", future, federation.Expired},
		{"not base64", "%%%", federation.Malformed},
	} {
		_, err := federation.VerifySAML(tc.in, md, now)
		if kindOf(err) != tc.want {
			t.Errorf("%s: err = %v (kind %d), want kind %d", tc.name, err, kindOf(err), tc.want)
		}
	}
}

func TestOIDCVerify(t *testing.T) {
	iss := idptest.NewOIDCIssuer(t)
	p := federation.OIDCProvider{IssuerURL: iss.URL, ClientIDs: []string{"sts.aliyuncs.com"}, Fingerprints: []string{iss.Fingerprint},
		IssuanceLimit: 12 * time.Hour}
	keys := &federation.LoopbackKeys{}
	ctx := context.Background()
	now := time.Now()
	tok, err := iss.Token(idptest.Claims{Subject: "system:serviceaccount:ns:sa"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := federation.VerifyOIDC(ctx, tok, p, keys, now)
	if err != nil {
		t.Fatalf("valid token refused: %v", err)
	}
	if got.Subject != "system:serviceaccount:ns:sa" || got.Issuer != iss.URL || got.Audiences[0] != "sts.aliyuncs.com" {
		t.Fatalf("token = %+v", got)
	}
	other := idptest.NewOIDCIssuer(t)
	forged, _ := iss.TokenSignedBy(otherKey(t), idptest.Claims{})
	wrongAud, _ := iss.Token(idptest.Claims{Audience: []string{"someone-else"}})
	expired, _ := iss.Token(idptest.Claims{IssuedAt: now.Add(-2 * time.Hour)})
	wrongIss, _ := other.Token(idptest.Claims{})
	for _, tc := range []struct {
		name string
		in   string
		p    federation.OIDCProvider
		want federation.Kind
	}{
		{"forged", forged, p, federation.BadSignature},
		{"audience", wrongAud, p, federation.BadAudience},
		{"expired", expired, p, federation.Expired},
		{"other issuer's token", wrongIss, p, federation.BadSignature},
		{"wrong fingerprint", tok, federation.OIDCProvider{IssuerURL: iss.URL, ClientIDs: p.ClientIDs, Fingerprints: []string{strings.Repeat("ab", 20)}}, federation.NoKeys},
		{"garbage", "abcd", p, federation.Malformed},
	} {
		_, err := federation.VerifyOIDC(ctx, tc.in, tc.p, &federation.LoopbackKeys{}, now)
		if kindOf(err) != tc.want {
			t.Errorf("%s: err = %v (kind %d), want kind %d", tc.name, err, kindOf(err), tc.want)
		}
	}
}

func otherKey(t *testing.T) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
