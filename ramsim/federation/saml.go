package federation

import (
	"crypto/x509"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

const (
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsMetadata  = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsDSig      = "http://www.w3.org/2000/09/xmldsig#"

	// Attribute names of role-based SSO (the RAM docs' "SAML response for role-based SSO").
	AttrRole        = "https://www.aliyun.com/SAML-Role/Attributes/Role"
	AttrSessionName = "https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName"
	AttrSessionTime = "https://www.aliyun.com/SAML-Role/Attributes/SessionDuration"
)

// Recipients are the assertion consumer URLs of role-based SSO: China site and international.
var Recipients = []string{
	"https://signin.aliyun.com/saml-role/sso",
	"https://signin.alibabacloud.com/saml-role/sso",
}

// Audiences are the service provider entity ids an assertion may be addressed to.
var Audiences = []string{
	"urn:alibaba:cloudcomputing",
	"urn:alibaba:cloudcomputing:international",
}

// MaxMetadata caps a metadata document (the API sends it base64-encoded in a query parameter).
const MaxMetadata = 256 << 10

// Metadata is what the simulator needs from an IdP's SAML metadata.
type Metadata struct {
	EntityID string
	Certs    []*x509.Certificate // signing certificates
}

// CertExpiry is the earliest NotAfter of the signing certificates (zero when there are none).
func (m Metadata) CertExpiry() time.Time {
	var t time.Time
	for _, c := range m.Certs {
		if t.IsZero() || c.NotAfter.Before(t) {
			t = c.NotAfter
		}
	}
	return t
}

// ParseMetadata reads an EntityDescriptor (or the first one in an EntitiesDescriptor) with an
// IDPSSODescriptor and at least one signing certificate.
func ParseMetadata(doc []byte) (Metadata, error) {
	if len(doc) > MaxMetadata {
		return Metadata{}, fail(Malformed, "the metadata document is larger than %d bytes", MaxMetadata)
	}
	d := etree.NewDocument()
	if err := d.ReadFromBytes(doc); err != nil {
		return Metadata{}, fail(Malformed, "the metadata document is not XML: %v", err)
	}
	ed := d.Root()
	if ed != nil && is(ed, nsMetadata, "EntitiesDescriptor") {
		ed = first(ed, nsMetadata, "EntityDescriptor")
	}
	if ed == nil || !is(ed, nsMetadata, "EntityDescriptor") {
		return Metadata{}, fail(Malformed, "the metadata document has no md:EntityDescriptor")
	}
	md := Metadata{EntityID: strings.TrimSpace(ed.SelectAttrValue("entityID", ""))}
	if md.EntityID == "" {
		return Metadata{}, fail(Malformed, "the metadata's EntityDescriptor has no entityID")
	}
	idp := first(ed, nsMetadata, "IDPSSODescriptor")
	if idp == nil {
		return Metadata{}, fail(Malformed, "the metadata has no IDPSSODescriptor (is it a service provider's?)")
	}
	for _, kd := range children(idp, nsMetadata, "KeyDescriptor") {
		if use := kd.SelectAttrValue("use", "signing"); use != "signing" {
			continue
		}
		for _, c := range kd.FindElements(".//X509Certificate") {
			if c.NamespaceURI() != nsDSig {
				continue
			}
			der, err := base64.StdEncoding.DecodeString(stripSpace(c.Text()))
			if err != nil {
				return Metadata{}, fail(Malformed, "a metadata X509Certificate is not base64")
			}
			cert, err := x509.ParseCertificate(der)
			if err != nil {
				return Metadata{}, fail(Malformed, "a metadata X509Certificate does not parse: %v", err)
			}
			md.Certs = append(md.Certs, cert)
		}
	}
	if len(md.Certs) == 0 {
		return Metadata{}, fail(Malformed, "the metadata has no signing certificate")
	}
	return md, nil
}

// RolePair is one value of the Role attribute: a role and the provider it is reached through.
type RolePair struct{ RoleARN, ProviderARN string }

// Assertion is what a verified SAML response says.
type Assertion struct {
	Issuer       string
	Subject      string // NameID
	SubjectType  string // NameID Format
	Recipient    string
	Audiences    []string
	Roles        []RolePair
	SessionName  string
	NotOnOrAfter time.Time
}

// VerifySAML checks a base64-encoded SAML response the way STS does: the assertion's signature
// against the metadata certificates (the assertion itself, or the whole response, must be
// signed), the issuer, the validity window at now, the recipient and the audience. Everything
// returned comes from the signed element.
func VerifySAML(encoded string, md Metadata, now time.Time) (*Assertion, error) {
	raw, err := base64.StdEncoding.DecodeString(stripSpace(encoded))
	if err != nil {
		return nil, fail(Malformed, "the SAML assertion is not base64")
	}
	d := etree.NewDocument()
	if err := d.ReadFromBytes(raw); err != nil {
		return nil, fail(Malformed, "the SAML response is not XML: %v", err)
	}
	root := d.Root()
	if root == nil {
		return nil, fail(Malformed, "the SAML response is empty")
	}
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: md.Certs})
	ctx.Clock = dsig.NewFakeClockAt(now)

	var assertion *etree.Element
	switch {
	case is(root, nsAssertion, "Assertion"):
		if assertion, err = ctx.Validate(root); err != nil {
			return nil, sigErr(err)
		}
	case is(root, nsProtocol, "Response"):
		if st := first(root, nsProtocol, "Status"); st != nil {
			if code := first(st, nsProtocol, "StatusCode"); code != nil &&
				code.SelectAttrValue("Value", "") != "urn:oasis:names:tc:SAML:2.0:status:Success" {
				return nil, fail(Malformed, "the SAML response's status is not Success")
			}
		}
		as := children(root, nsAssertion, "Assertion")
		if len(as) != 1 {
			return nil, fail(Malformed, "the SAML response must hold exactly one (unencrypted) Assertion, it holds %d", len(as))
		}
		assertion, err = ctx.Validate(as[0])
		if errors.Is(err, dsig.ErrMissingSignature) {
			// Only the response is signed: validate it, then read the assertion inside the signed copy.
			var signed *etree.Element
			if signed, err = ctx.Validate(root); err == nil {
				if as = children(signed, nsAssertion, "Assertion"); len(as) == 1 {
					assertion = as[0]
				} else {
					err = dsig.ErrMissingSignature
				}
			}
		}
		if err != nil {
			return nil, sigErr(err)
		}
	default:
		return nil, fail(Malformed, "the document is neither a samlp:Response nor a saml:Assertion")
	}
	return readAssertion(assertion, md, now)
}

func sigErr(err error) error {
	if errors.Is(err, dsig.ErrMissingSignature) {
		return fail(BadSignature, "the SAML assertion is not signed")
	}
	return fail(BadSignature, "the SAML assertion's signature does not verify against the provider's metadata certificate: %v", err)
}

func readAssertion(a *etree.Element, md Metadata, now time.Time) (*Assertion, error) {
	out := &Assertion{}
	if iss := first(a, nsAssertion, "Issuer"); iss != nil {
		out.Issuer = strings.TrimSpace(iss.Text())
	}
	if out.Issuer != md.EntityID {
		return nil, fail(BadIssuer, "the assertion's Issuer %q is not the provider's entity id %q", out.Issuer, md.EntityID)
	}
	subj := first(a, nsAssertion, "Subject")
	if subj == nil {
		return nil, fail(Malformed, "the assertion has no Subject")
	}
	if id := first(subj, nsAssertion, "NameID"); id != nil {
		out.Subject = strings.TrimSpace(id.Text())
		out.SubjectType = id.SelectAttrValue("Format", "")
	}
	if out.Subject == "" {
		return nil, fail(Malformed, "the assertion's Subject has no NameID")
	}
	// Bearer confirmation: its Recipient is the saml:recipient of the trust policy.
	for _, sc := range children(subj, nsAssertion, "SubjectConfirmation") {
		data := first(sc, nsAssertion, "SubjectConfirmationData")
		if data == nil {
			continue
		}
		out.Recipient = data.SelectAttrValue("Recipient", "")
		if t, ok := samlTime(data, "NotOnOrAfter"); ok && !now.Before(t) {
			return nil, fail(Expired, "the assertion's SubjectConfirmationData expired at %s", t.Format(time.RFC3339))
		}
		break
	}
	if !contains(Recipients, out.Recipient) {
		return nil, fail(BadRecipient, "the assertion's Recipient %q is not %s", out.Recipient, strings.Join(Recipients, " or "))
	}
	cond := first(a, nsAssertion, "Conditions")
	if cond == nil {
		return nil, fail(Malformed, "the assertion has no Conditions")
	}
	if t, ok := samlTime(cond, "NotBefore"); ok && now.Before(t) {
		return nil, fail(Expired, "the assertion is not valid before %s", t.Format(time.RFC3339))
	}
	t, ok := samlTime(cond, "NotOnOrAfter")
	if !ok {
		return nil, fail(Malformed, "the assertion's Conditions have no NotOnOrAfter")
	}
	if !now.Before(t) {
		return nil, fail(Expired, "the assertion expired at %s", t.Format(time.RFC3339))
	}
	out.NotOnOrAfter = t
	for _, ar := range children(cond, nsAssertion, "AudienceRestriction") {
		for _, au := range children(ar, nsAssertion, "Audience") {
			out.Audiences = append(out.Audiences, strings.TrimSpace(au.Text()))
		}
	}
	okAud := false
	for _, au := range out.Audiences {
		okAud = okAud || contains(Audiences, au)
	}
	if !okAud {
		return nil, fail(BadAudience, "the assertion's Audience %q is not %s", strings.Join(out.Audiences, ","), strings.Join(Audiences, " or "))
	}
	for _, st := range children(a, nsAssertion, "AttributeStatement") {
		for _, attr := range children(st, nsAssertion, "Attribute") {
			vals := children(attr, nsAssertion, "AttributeValue")
			switch attr.SelectAttrValue("Name", "") {
			case AttrRole:
				for _, v := range vals {
					if p, ok := parseRolePair(v.Text()); ok {
						out.Roles = append(out.Roles, p)
					}
				}
			case AttrSessionName:
				if len(vals) > 0 {
					out.SessionName = strings.TrimSpace(vals[0].Text())
				}
			}
		}
	}
	if len(out.Roles) == 0 {
		return nil, fail(Malformed, "the assertion has no %s attribute with a role,provider pair", AttrRole)
	}
	if out.SessionName == "" {
		return nil, fail(Malformed, "the assertion has no %s attribute", AttrSessionName)
	}
	return out, nil
}

// parseRolePair reads "role-arn,provider-arn" in either order.
func parseRolePair(v string) (RolePair, bool) {
	a, b, ok := strings.Cut(strings.TrimSpace(v), ",")
	if !ok {
		return RolePair{}, false
	}
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if strings.Contains(a, ":saml-provider/") {
		a, b = b, a
	}
	if !strings.Contains(a, ":role/") || !strings.Contains(b, ":saml-provider/") {
		return RolePair{}, false
	}
	return RolePair{RoleARN: a, ProviderARN: b}, true
}

func samlTime(el *etree.Element, attr string) (time.Time, bool) {
	v := el.SelectAttrValue(attr, "")
	if v == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func is(el *etree.Element, ns, tag string) bool { return el.Tag == tag && el.NamespaceURI() == ns }

func children(el *etree.Element, ns, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if is(c, ns, tag) {
			out = append(out, c)
		}
	}
	return out
}

func first(el *etree.Element, ns, tag string) *etree.Element {
	if c := children(el, ns, tag); len(c) > 0 {
		return c[0]
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, s)
}
