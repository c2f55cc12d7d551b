package federation_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/ramtui/ramtui/ramsim/federation"
	"github.com/ramtui/ramtui/ramsim/idptest"
)

// decoded returns the response XML of a base64 SAML response.
func decoded(t *testing.T, b64 string) *etree.Document {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	d := etree.NewDocument()
	if err := d.ReadFromBytes(raw); err != nil {
		t.Fatal(err)
	}
	return d
}

func encoded(t *testing.T, d *etree.Document) string {
	t.Helper()
	out, err := d.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(out)
}

// TestSAMLSignatureWrapping: the classic attacks on XML signatures fail. What is verified is
// what is read.
func TestSAMLSignatureWrapping(t *testing.T) {
	idp, err := idptest.NewSAMLIdP("https://idp.example.test/wrap")
	if err != nil {
		t.Fatal(err)
	}
	md, err := federation.ParseMetadata(idp.Metadata())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	good, err := idp.Response(idptest.Assertion{RoleARN: roleARN, ProviderARN: provARN, SessionName: "alice", IssuedAt: now})
	if err != nil {
		t.Fatal(err)
	}

	// 1. A second, unsigned assertion naming another role beside the signed one.
	d := decoded(t, good)
	signed := d.Root().SelectElement("Assertion")
	evil := signed.Copy()
	evil.RemoveChild(evil.SelectElement("Signature"))
	for _, v := range evil.FindElements(".//AttributeValue") {
		if strings.Contains(v.Text(), ":role/") {
			v.SetText("acs:ram::1234567890123456:role/admin," + provARN)
		}
	}
	d.Root().InsertChildAt(signed.Index(), evil)
	if _, err := federation.VerifySAML(encoded(t, d), md, now); kindOf(err) != federation.Malformed {
		t.Errorf("two assertions: err = %v", err)
	}

	// 2. The signed assertion replaced by the unsigned edited copy.
	d = decoded(t, good)
	signed = d.Root().SelectElement("Assertion")
	evil = signed.Copy()
	evil.RemoveChild(evil.SelectElement("Signature"))
	d.Root().RemoveChild(signed)
	d.Root().AddChild(evil)
	if _, err := federation.VerifySAML(encoded(t, d), md, now); kindOf(err) != federation.BadSignature {
		t.Errorf("unsigned assertion: err = %v", err)
	}

	// 3. An edit inside the signed assertion (the digest no longer matches).
	d = decoded(t, good)
	signed = d.Root().SelectElement("Assertion")
	signed.SelectElement("Subject").SelectElement("NameID").SetText("root@example.test")
	if _, err := federation.VerifySAML(encoded(t, d), md, now); kindOf(err) != federation.BadSignature {
		t.Errorf("edited subject: err = %v", err)
	}

	// 4. A bare signed assertion (no Response around it) is accepted.
	d = decoded(t, good)
	bare := etree.NewDocument()
	bare.SetRoot(d.Root().SelectElement("Assertion").Copy())
	if a, err := federation.VerifySAML(encoded(t, bare), md, now); err != nil || a.SessionName != "alice" {
		t.Errorf("bare assertion: %+v, %v", a, err)
	}
}

func FuzzParseMetadata(f *testing.F) {
	idp, err := idptest.NewSAMLIdP("https://idp.example.test/fuzz")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(idp.Metadata())
	f.Add([]byte(`<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:EntityDescriptor entityID="x"/></md:EntitiesDescriptor>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		md, err := federation.ParseMetadata(doc)
		if err == nil && (md.EntityID == "" || len(md.Certs) == 0) {
			t.Fatalf("accepted metadata without entity id or certificate: %+v", md)
		}
	})
}
