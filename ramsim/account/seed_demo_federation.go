package account

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"math/big"
	"time"

	"github.com/ramtui/ramtui/ramsim/federation"
)

// The demo's identity providers and its service-linked role:
//   - SAML provider azure-ad (trusted by role sso-admin), whose signing certificate expires in
//     40 days, so the providers screen has an expiry to warn about;
//   - OIDC provider ack-rrsa-c8f3e2a1b4d5 (trusted by ack-rrsa-logging), the issuer of an ACK
//     cluster's RRSA; the simulator cannot reach that issuer, so assuming through it fails with
//     AuthenticationFail.OIDCToken.KeysUnreachable (tests use idptest's loopback issuer);
//   - service-linked role AliyunServiceRoleForConfig (Cloud Config) with its fixed system policy
//     AliyunServiceRolePolicyForConfig: RAM refuses to edit, delete or re-attach it.

func (sd *seeder) demoFederation() {
	md, err := demoSAMLMetadata("https://sts.windows.net/6b1f3c2e-acme/", sd.now.Add(40*24*time.Hour))
	if err != nil {
		sd.fail("demo SAML metadata: %v", err)
		return
	}
	parsed, err := federation.ParseMetadata(md)
	if err != nil {
		sd.fail("demo SAML metadata: %v", err)
		return
	}
	created := sd.ago(510)
	sd.s.SAMLProviders[key("azure-ad")] = &samlProvider{Name: "azure-ad", Description: "Corporate Azure AD (Entra ID) for console SSO",
		Metadata: base64.StdEncoding.EncodeToString(md), Created: created, Updated: sd.ago(320), md: parsed}
	sd.s.OIDCProviders[key("ack-rrsa-c8f3e2a1b4d5")] = &oidcProvider{Name: "ack-rrsa-c8f3e2a1b4d5",
		Description:   "ACK cluster prod (RRSA)",
		IssuerURL:     "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c8f3e2a1b4d5",
		ClientIDs:     []string{"sts.aliyuncs.com"},
		Fingerprints:  []string{"902ef2deeb3c5b13ea4c3d5193629309e231ae55"},
		IssuanceHours: defaultIssuanceHour, Created: sd.ago(310), Updated: sd.ago(310)}

	const slrPolicy = "AliyunServiceRolePolicyForConfig"
	sd.policy(slrPolicy, "System", "The policy of the service-linked role of Cloud Config.", 700, 0, `{
  "Version": "1",
  "Statement": [
    {"Effect": "Allow", "Action": ["ecs:Describe*", "rds:Describe*", "vpc:Describe*", "slb:Describe*", "oss:GetBucket*", "oss:ListBuckets", "ram:Get*", "ram:List*", "actiontrail:LookupEvents"], "Resource": "*"},
    {"Effect": "Allow", "Action": "ram:DeleteServiceLinkedRole", "Resource": "*", "Condition": {"StringEquals": {"ram:ServiceName": "config.aliyuncs.com"}}}
  ]
}`)
	r := sd.role("AliyunServiceRoleForConfig", "Cloud Config will use this role to read the configuration of your resources.", `{
  "Statement": [
    {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": ["config.aliyuncs.com"]}}
  ],
  "Version": "1"
}`, 3600, 690)
	if r != nil {
		r.Path = serviceLinkedPath
		sd.attach("role", r.Name, slrPolicy, 690)
	}
}

// demoSAMLMetadata is IdP metadata with a throwaway self-signed ECDSA certificate (cheap to make
// at every start; the demo never signs assertions with it).
func demoSAMLMetadata(entityID string, notAfter time.Time) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Microsoft Azure Federated SSO Certificate"},
		NotBefore: notAfter.AddDate(-3, 0, 0), NotAfter: notAfter, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	return []byte(fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="%s">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/6b1f3c2e-acme/saml2"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`, entityID, base64.StdEncoding.EncodeToString(der))), nil
}
