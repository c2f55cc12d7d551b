package ramclient

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// SAMLMetadata is what the providers screen shows of an IdP's metadata.
type SAMLMetadata struct {
	EntityID   string
	CertExpiry time.Time // the earliest NotAfter of the signing certificates
	Certs      int       // signing certificates found
}

// MaxSAMLMetadata caps a metadata document (files read for CreateSAMLProvider are hostile).
const MaxSAMLMetadata = 256 << 10

const (
	nsSAMLMetadata = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsXMLDSig      = "http://www.w3.org/2000/09/xmldsig#"
)

// ParseSAMLMetadata reads the entity id and the signing certificates' expiry from SAML 2.0
// metadata (an EntityDescriptor, or the first one of an EntitiesDescriptor), with only the
// standard library's XML decoder: nothing is verified, this is for display and for refusing a
// file that is not IdP metadata before the API does.
func ParseSAMLMetadata(doc []byte) (SAMLMetadata, error) {
	if len(doc) == 0 {
		return SAMLMetadata{}, errors.New("the metadata is empty")
	}
	if len(doc) > MaxSAMLMetadata {
		return SAMLMetadata{}, fmt.Errorf("the metadata is larger than %d bytes", MaxSAMLMetadata)
	}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var md SAMLMetadata
	var (
		entities, idp, signingKey, inCert bool
		cert                              strings.Builder
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return SAMLMetadata{}, fmt.Errorf("the metadata is not XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Space == nsSAMLMetadata && t.Name.Local == "EntityDescriptor":
				if entities && md.EntityID != "" {
					return finishMetadata(md) // the first entity only
				}
				entities = true
				md.EntityID = strings.TrimSpace(attr(t, "entityID"))
			case t.Name.Space == nsSAMLMetadata && t.Name.Local == "IDPSSODescriptor":
				idp = true
			case t.Name.Space == nsSAMLMetadata && t.Name.Local == "KeyDescriptor" && idp:
				use := attr(t, "use")
				signingKey = use == "" || use == "signing"
			case t.Name.Space == nsXMLDSig && t.Name.Local == "X509Certificate" && signingKey:
				inCert = true
				cert.Reset()
			}
		case xml.CharData:
			if inCert {
				cert.Write(t)
			}
		case xml.EndElement:
			switch {
			case t.Name.Space == nsXMLDSig && t.Name.Local == "X509Certificate" && inCert:
				inCert = false
				der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(cert.String()), ""))
				if err != nil {
					return SAMLMetadata{}, errors.New("a signing certificate is not base64")
				}
				c, err := x509.ParseCertificate(der)
				if err != nil {
					return SAMLMetadata{}, fmt.Errorf("a signing certificate does not parse: %v", err)
				}
				md.Certs++
				if md.CertExpiry.IsZero() || c.NotAfter.Before(md.CertExpiry) {
					md.CertExpiry = c.NotAfter
				}
			case t.Name.Space == nsSAMLMetadata && t.Name.Local == "KeyDescriptor":
				signingKey = false
			case t.Name.Space == nsSAMLMetadata && t.Name.Local == "IDPSSODescriptor":
				idp = false
			}
		}
	}
	return finishMetadata(md)
}

func finishMetadata(md SAMLMetadata) (SAMLMetadata, error) {
	switch {
	case md.EntityID == "":
		return SAMLMetadata{}, errors.New("no md:EntityDescriptor with an entityID: is this SAML 2.0 metadata?")
	case md.Certs == 0:
		return SAMLMetadata{}, errors.New("no signing certificate in an IDPSSODescriptor: is this an identity provider's metadata?")
	}
	return md, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}
