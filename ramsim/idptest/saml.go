// Package idptest provides identity providers for tests, in the spirit of net/http/httptest: a
// SAML IdP (key pair, self-signed certificate, metadata XML, signed responses) and an OIDC issuer
// (a loopback HTTPS server with a discovery document and a JWKS, and a token minter). Tests of
// the simulator, of ramclient and of the TUI use them to exercise AssumeRoleWithSAML and
// AssumeRoleWithOIDC end to end.
package idptest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"math/big"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// RecipientChina and AudienceChina are the defaults of role-based SSO on the China site.
const (
	RecipientChina = "https://signin.aliyun.com/saml-role/sso"
	AudienceChina  = "urn:alibaba:cloudcomputing"
)

// SAMLIdP is a SAML 2.0 identity provider with its own signing key.
type SAMLIdP struct {
	EntityID string
	Key      *rsa.PrivateKey
	Cert     *x509.Certificate
}

// NewSAMLIdP makes an IdP with a fresh 2048-bit RSA key and a certificate valid for a year
// around now.
func NewSAMLIdP(entityID string) (*SAMLIdP, error) {
	return NewSAMLIdPValid(entityID, time.Now().Add(-time.Hour), time.Now().Add(365*24*time.Hour))
}

// NewSAMLIdPValid makes an IdP whose certificate is valid from notBefore to notAfter.
func NewSAMLIdPValid(entityID string, notBefore, notAfter time.Time) (*SAMLIdP, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "idptest SAML signing"},
		NotBefore:    notBefore.UTC().Truncate(time.Second),
		NotAfter:     notAfter.UTC().Truncate(time.Second),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &SAMLIdP{EntityID: entityID, Key: key, Cert: cert}, nil
}

// Metadata is the IdP's metadata XML (EntityDescriptor with the signing certificate).
func (p *SAMLIdP) Metadata() []byte {
	d := etree.NewDocument()
	ed := d.CreateElement("md:EntityDescriptor")
	ed.CreateAttr("xmlns:md", "urn:oasis:names:tc:SAML:2.0:metadata")
	ed.CreateAttr("xmlns:ds", "http://www.w3.org/2000/09/xmldsig#")
	ed.CreateAttr("entityID", p.EntityID)
	idp := ed.CreateElement("md:IDPSSODescriptor")
	idp.CreateAttr("protocolSupportEnumeration", "urn:oasis:names:tc:SAML:2.0:protocol")
	kd := idp.CreateElement("md:KeyDescriptor")
	kd.CreateAttr("use", "signing")
	kd.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").
		SetText(base64.StdEncoding.EncodeToString(p.Cert.Raw))
	sso := idp.CreateElement("md:SingleSignOnService")
	sso.CreateAttr("Binding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect")
	sso.CreateAttr("Location", "https://idp.example.test/sso")
	out, _ := d.WriteToBytes()
	return out
}

// EncodedMetadata is Metadata base64-encoded, as CreateSAMLProvider takes it.
func (p *SAMLIdP) EncodedMetadata() string {
	return base64.StdEncoding.EncodeToString(p.Metadata())
}

// Assertion describes the assertion to issue. Zero fields take the defaults noted.
type Assertion struct {
	RoleARN     string // required
	ProviderARN string // required
	SessionName string // default "alice"
	Subject     string // NameID; default "alice@example.test"
	Recipient   string // default RecipientChina
	Audience    string // default AudienceChina
	Issuer      string // default the IdP's EntityID
	IssuedAt    time.Time
	Validity    time.Duration // default 5 minutes from IssuedAt (default now)
}

// Response is a base64-encoded samlp:Response holding one assertion signed with the IdP's key:
// the value AssumeRoleWithSAML's SAMLAssertion takes.
func (p *SAMLIdP) Response(a Assertion) (string, error) {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&a.SessionName, "alice")
	def(&a.Subject, "alice@example.test")
	def(&a.Recipient, RecipientChina)
	def(&a.Audience, AudienceChina)
	def(&a.Issuer, p.EntityID)
	if a.IssuedAt.IsZero() {
		a.IssuedAt = time.Now()
	}
	if a.Validity == 0 {
		a.Validity = 5 * time.Minute
	}
	const ts = "2006-01-02T15:04:05Z"
	issued, until := a.IssuedAt.UTC().Format(ts), a.IssuedAt.Add(a.Validity).UTC().Format(ts)

	as := etree.NewElement("saml:Assertion")
	as.CreateAttr("xmlns:saml", "urn:oasis:names:tc:SAML:2.0:assertion")
	as.CreateAttr("ID", newID())
	as.CreateAttr("Version", "2.0")
	as.CreateAttr("IssueInstant", issued)
	as.CreateElement("saml:Issuer").SetText(a.Issuer)
	subj := as.CreateElement("saml:Subject")
	nameID := subj.CreateElement("saml:NameID")
	nameID.CreateAttr("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
	nameID.SetText(a.Subject)
	sc := subj.CreateElement("saml:SubjectConfirmation")
	sc.CreateAttr("Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer")
	scd := sc.CreateElement("saml:SubjectConfirmationData")
	scd.CreateAttr("NotOnOrAfter", until)
	scd.CreateAttr("Recipient", a.Recipient)
	cond := as.CreateElement("saml:Conditions")
	cond.CreateAttr("NotBefore", issued)
	cond.CreateAttr("NotOnOrAfter", until)
	cond.CreateElement("saml:AudienceRestriction").CreateElement("saml:Audience").SetText(a.Audience)
	authn := as.CreateElement("saml:AuthnStatement")
	authn.CreateAttr("AuthnInstant", issued)
	authn.CreateElement("saml:AuthnContext").CreateElement("saml:AuthnContextClassRef").
		SetText("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
	st := as.CreateElement("saml:AttributeStatement")
	attr := func(name, value string) {
		at := st.CreateElement("saml:Attribute")
		at.CreateAttr("Name", name)
		at.CreateElement("saml:AttributeValue").SetText(value)
	}
	attr("https://www.aliyun.com/SAML-Role/Attributes/Role", a.RoleARN+","+a.ProviderARN)
	attr("https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName", a.SessionName)

	signed, err := p.sign(as)
	if err != nil {
		return "", err
	}
	d := etree.NewDocument()
	resp := d.CreateElement("samlp:Response")
	resp.CreateAttr("xmlns:samlp", "urn:oasis:names:tc:SAML:2.0:protocol")
	resp.CreateAttr("xmlns:saml", "urn:oasis:names:tc:SAML:2.0:assertion")
	resp.CreateAttr("ID", newID())
	resp.CreateAttr("Version", "2.0")
	resp.CreateAttr("IssueInstant", issued)
	resp.CreateAttr("Destination", a.Recipient)
	resp.CreateElement("saml:Issuer").SetText(a.Issuer)
	resp.CreateElement("samlp:Status").CreateElement("samlp:StatusCode").
		CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:Success")
	resp.AddChild(signed)
	out, err := d.WriteToBytes()
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(out), nil
}

func (p *SAMLIdP) sign(el *etree.Element) (*etree.Element, error) {
	ks := dsig.TLSCertKeyStore(tls.Certificate{Certificate: [][]byte{p.Cert.Raw}, PrivateKey: p.Key})
	ctx := dsig.NewDefaultSigningContext(ks)
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	if err := ctx.SetSignatureMethod(dsig.RSASHA256SignatureMethod); err != nil {
		return nil, err
	}
	return ctx.SignEnveloped(el)
}

func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("_%x", b)
}
