package ramclient

import (
	"context"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ims"

	"github.com/ramtui/ramtui/lazyre"
)

// Identity providers through the SDK's services/ims client (IMS 2019-08-15): the same error
// mapping, call log and retries as the RAM calls.

// SAMLProvider is a SAML 2.0 identity provider of the account.
type SAMLProvider struct {
	Name        string
	Arn         string // acs:ram::<account>:saml-provider/<name>
	Description string
	CreateDate  time.Time
	UpdateDate  time.Time
	// Metadata is the metadata XML, decoded; EntityID and CertExpiry come from it. Only
	// GetSAMLProvider returns metadata: after a list they are empty.
	Metadata   []byte
	EntityID   string
	CertExpiry time.Time // the earliest NotAfter of the signing certificates
}

// OIDCProvider is an OpenID Connect identity provider of the account.
type OIDCProvider struct {
	Name          string
	Arn           string // acs:ram::<account>:oidc-provider/<name>
	Description   string
	IssuerURL     string
	ClientIDs     []string
	Fingerprints  []string
	IssuanceLimit time.Duration // tokens issued longer ago are refused
	CreateDate    time.Time
	UpdateDate    time.Time
}

const pageProviders = 100

var (
	reProviderName = lazyre.New(`^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$`)
	reClientID     = lazyre.New(`^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$`)
	reFingerprint  = lazyre.New(`^[A-Za-z0-9]{1,128}$`)
)

var providerNameRule = nameRule{reProviderName, 128, "provider", "a-z A-Z 0-9 . _ -, the last three not first or last", "description"}

func providerName(action, field, v string) error { return providerNameRule.check(action, field, v) }

func toSAMLProvider(p ims.SAMLProvider) SAMLProvider {
	out := SAMLProvider{Name: p.SAMLProviderName, Arn: p.Arn, Description: p.Description,
		CreateDate: parseTime(p.CreateDate), UpdateDate: parseTime(p.UpdateDate)}
	if p.EncodedSAMLMetadataDocument != "" {
		if raw, err := base64.StdEncoding.DecodeString(p.EncodedSAMLMetadataDocument); err == nil {
			out.Metadata = raw
			if md, err := ParseSAMLMetadata(raw); err == nil {
				out.EntityID, out.CertExpiry = md.EntityID, md.CertExpiry
			}
		}
	}
	return out
}

func toOIDCProvider(p ims.OIDCProvider) OIDCProvider {
	return OIDCProvider{Name: p.OIDCProviderName, Arn: p.Arn, Description: p.Description, IssuerURL: p.IssuerUrl,
		ClientIDs: splitList(p.ClientIds), Fingerprints: splitList(p.Fingerprints),
		IssuanceLimit: time.Duration(p.IssuanceLimitTime) * time.Hour,
		CreateDate:    parseTime(p.CreateDate), UpdateDate: parseTime(p.UpdateDate)}
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// ---- SAML ----

// ListSAMLProviders returns every SAML provider (without metadata).
func (c *Client) ListSAMLProviders(ctx context.Context) ([]SAMLProvider, error) {
	var out []SAMLProvider
	marker := ""
	for {
		resp, err := invoke(ctx, c, call{action: "ListSAMLProviders", target: markerTarget(marker), svc: svcIMS},
			func() (requests.AcsRequest, *ims.ListSAMLProvidersResponse) {
				req := ims.CreateListSAMLProvidersRequest()
				req.Marker, req.MaxItems = marker, requests.NewInteger(pageProviders)
				return req, ims.CreateListSAMLProvidersResponse()
			})
		if err != nil {
			return nil, err
		}
		out = append(out, mapSlice(resp.SAMLProviders.SAMLProvider, toSAMLProvider)...)
		if !resp.IsTruncated || resp.Marker == "" || resp.Marker == marker {
			return out, nil
		}
		marker = resp.Marker
	}
}

// GetSAMLProvider returns one SAML provider with its metadata.
func (c *Client) GetSAMLProvider(ctx context.Context, name string) (SAMLProvider, error) {
	const action = "GetSAMLProvider"
	if err := lookupName(action, "SAMLProviderName", name); err != nil {
		return SAMLProvider{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name, svc: svcIMS},
		func() (requests.AcsRequest, *ims.GetSAMLProviderResponse) {
			req := ims.CreateGetSAMLProviderRequest()
			req.SAMLProviderName = name
			return req, ims.CreateGetSAMLProviderResponse()
		})
	if err != nil {
		return SAMLProvider{}, err
	}
	return toSAMLProvider(resp.SAMLProvider), nil
}

// NewSAMLProvider is CreateSAMLProvider's input.
type NewSAMLProvider struct {
	Name        string // 1-128 letters, digits, . _ -, not first or last
	Description string // up to 256
	Metadata    []byte // the IdP's metadata XML (not base64: the client encodes it)
}

// CreateSAMLProvider creates a SAML provider; the metadata is checked before the call.
func (c *Client) CreateSAMLProvider(ctx context.Context, in NewSAMLProvider) (SAMLProvider, error) {
	const action = "CreateSAMLProvider"
	if err := providerName(action, "SAMLProviderName", in.Name); err != nil {
		return SAMLProvider{}, c.refuse(err)
	}
	if err := maxLen(action, "Description", in.Description, 256); err != nil {
		return SAMLProvider{}, c.refuse(err)
	}
	if _, err := ParseSAMLMetadata(in.Metadata); err != nil {
		return SAMLProvider{}, c.refuse(invalidInput(action, "EncodedSAMLMetadataDocument", "%v", err))
	}
	var found SAMLProvider
	check := func(ctx context.Context) (bool, error) { return exists(c.GetSAMLProvider(ctx, in.Name))(&found) }
	resp, err := invoke(ctx, c, call{action: action, target: in.Name, svc: svcIMS, safety: checked, check: check},
		func() (requests.AcsRequest, *ims.CreateSAMLProviderResponse) {
			req := ims.CreateCreateSAMLProviderRequest()
			req.SAMLProviderName, req.Description = in.Name, in.Description
			req.EncodedSAMLMetadataDocument = base64.StdEncoding.EncodeToString(in.Metadata)
			return req, ims.CreateCreateSAMLProviderResponse()
		})
	if errors.Is(err, errDoneEarlier) {
		return found, nil
	}
	if err != nil {
		return SAMLProvider{}, err
	}
	return toSAMLProvider(resp.SAMLProvider), nil
}

// SAMLProviderUpdate lists what to change: Description when non-nil, Metadata when non-empty.
type SAMLProviderUpdate struct {
	Description *string
	Metadata    []byte
}

// UpdateSAMLProvider changes a SAML provider's description or metadata.
func (c *Client) UpdateSAMLProvider(ctx context.Context, name string, up SAMLProviderUpdate) (SAMLProvider, error) {
	const action = "UpdateSAMLProvider"
	if err := lookupName(action, "SAMLProviderName", name); err != nil {
		return SAMLProvider{}, c.refuse(err)
	}
	if up.Description == nil && len(up.Metadata) == 0 {
		return SAMLProvider{}, c.refuse(invalidInput(action, "NewDescription", "give a new description or new metadata"))
	}
	if up.Description != nil {
		if err := maxLen(action, "NewDescription", *up.Description, 256); err != nil {
			return SAMLProvider{}, c.refuse(err)
		}
	}
	if len(up.Metadata) > 0 {
		if _, err := ParseSAMLMetadata(up.Metadata); err != nil {
			return SAMLProvider{}, c.refuse(invalidInput(action, "NewEncodedSAMLMetadataDocument", "%v", err))
		}
	}
	resp, err := invoke(ctx, c, call{action: action, target: name, svc: svcIMS},
		func() (requests.AcsRequest, *ims.UpdateSAMLProviderResponse) {
			req := ims.CreateUpdateSAMLProviderRequest()
			req.SAMLProviderName = name
			if up.Description != nil {
				req.NewDescription = *up.Description
			}
			if len(up.Metadata) > 0 {
				req.NewEncodedSAMLMetadataDocument = base64.StdEncoding.EncodeToString(up.Metadata)
			}
			return req, ims.CreateUpdateSAMLProviderResponse()
		})
	if err != nil {
		return SAMLProvider{}, err
	}
	return toSAMLProvider(resp.SAMLProvider), nil
}

// DeleteSAMLProvider deletes a SAML provider. Roles that trust it are left as they are and can no
// longer be assumed through it: see RolesTrustingProvider.
func (c *Client) DeleteSAMLProvider(ctx context.Context, name string) error {
	const action = "DeleteSAMLProvider"
	if err := lookupName(action, "SAMLProviderName", name); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: name, svc: svcIMS, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ims.DeleteSAMLProviderResponse) {
			req := ims.CreateDeleteSAMLProviderRequest()
			req.SAMLProviderName = name
			return req, ims.CreateDeleteSAMLProviderResponse()
		})
	return err
}

// ---- OIDC ----

// ListOIDCProviders returns every OIDC provider.
func (c *Client) ListOIDCProviders(ctx context.Context) ([]OIDCProvider, error) {
	var out []OIDCProvider
	marker := ""
	for {
		resp, err := invoke(ctx, c, call{action: "ListOIDCProviders", target: markerTarget(marker), svc: svcIMS},
			func() (requests.AcsRequest, *ims.ListOIDCProvidersResponse) {
				req := ims.CreateListOIDCProvidersRequest()
				req.Marker, req.MaxItems = marker, requests.NewInteger(pageProviders)
				return req, ims.CreateListOIDCProvidersResponse()
			})
		if err != nil {
			return nil, err
		}
		out = append(out, mapSlice(resp.OIDCProviders.OIDCProvider, toOIDCProvider)...)
		if !resp.IsTruncated || resp.Marker == "" || resp.Marker == marker {
			return out, nil
		}
		marker = resp.Marker
	}
}

// GetOIDCProvider returns one OIDC provider.
func (c *Client) GetOIDCProvider(ctx context.Context, name string) (OIDCProvider, error) {
	const action = "GetOIDCProvider"
	if err := lookupName(action, "OIDCProviderName", name); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name, svc: svcIMS},
		func() (requests.AcsRequest, *ims.GetOIDCProviderResponse) {
			req := ims.CreateGetOIDCProviderRequest()
			req.OIDCProviderName = name
			return req, ims.CreateGetOIDCProviderResponse()
		})
	if err != nil {
		return OIDCProvider{}, err
	}
	return toOIDCProvider(resp.OIDCProvider), nil
}

// NewOIDCProvider is CreateOIDCProvider's input.
type NewOIDCProvider struct {
	Name          string
	Description   string   // up to 256
	IssuerURL     string   // https, no query, fragment or user info, up to 255
	ClientIDs     []string // at least one, at most 50
	Fingerprints  []string // SHA-1 of the issuer's HTTPS CA certificate, hex; at least one, at most 5
	IssuanceLimit time.Duration
}

func issuerURL(action, v string) error {
	u, err := url.Parse(v)
	switch {
	case v == "":
		return invalidInput(action, "IssuerUrl", "required")
	case len(v) > 255:
		return invalidInput(action, "IssuerUrl", "longer than 255 characters")
	case err != nil || u.Host == "":
		return invalidInput(action, "IssuerUrl", "%q is not a URL", v)
	case u.Scheme != "https":
		return invalidInput(action, "IssuerUrl", "must start with https://")
	case strings.ContainsAny(v, "?#@"):
		return invalidInput(action, "IssuerUrl", "must not contain '?', '#' or '@'")
	}
	return nil
}

func listItems(action, field string, vals []string, re *lazyre.Regexp, max int, what string) error {
	if len(vals) > max {
		return invalidInput(action, field, "%d values, at most %d allowed", len(vals), max)
	}
	for _, v := range vals {
		if !re.MatchString(v) {
			return invalidInput(action, field, "%q: %s", v, what)
		}
	}
	return nil
}

const (
	clientIDRule    = "1-128 letters, digits, '.', '-', '_', ':' and '/', starting with a letter or digit"
	fingerprintRule = "1-128 letters and digits (hex SHA-1, no colons)"
)

func issuanceLimit(action string, d time.Duration) error {
	if d != 0 && (d < time.Hour || d > 168*time.Hour || d%time.Hour != 0) {
		return invalidInput(action, "IssuanceLimitTime", "whole hours from 1 to 168")
	}
	return nil
}

// CreateOIDCProvider creates an OIDC provider.
func (c *Client) CreateOIDCProvider(ctx context.Context, in NewOIDCProvider) (OIDCProvider, error) {
	const action = "CreateOIDCProvider"
	for _, err := range []error{
		providerName(action, "OIDCProviderName", in.Name),
		maxLen(action, "Description", in.Description, 256),
		issuerURL(action, in.IssuerURL),
		listItems(action, "ClientIds", in.ClientIDs, reClientID, 50, clientIDRule),
		listItems(action, "Fingerprints", in.Fingerprints, reFingerprint, 5, fingerprintRule),
		issuanceLimit(action, in.IssuanceLimit),
	} {
		if err != nil {
			return OIDCProvider{}, c.refuse(err)
		}
	}
	if len(in.ClientIDs) == 0 {
		return OIDCProvider{}, c.refuse(invalidInput(action, "ClientIds", "at least one client id is required"))
	}
	if len(in.Fingerprints) == 0 {
		return OIDCProvider{}, c.refuse(invalidInput(action, "Fingerprints", "at least one fingerprint is required"))
	}
	var found OIDCProvider
	check := func(ctx context.Context) (bool, error) { return exists(c.GetOIDCProvider(ctx, in.Name))(&found) }
	resp, err := invoke(ctx, c, call{action: action, target: in.Name, svc: svcIMS, safety: checked, check: check},
		func() (requests.AcsRequest, *ims.CreateOIDCProviderResponse) {
			req := ims.CreateCreateOIDCProviderRequest()
			req.OIDCProviderName, req.Description, req.IssuerUrl = in.Name, in.Description, in.IssuerURL
			req.ClientIds, req.Fingerprints = strings.Join(in.ClientIDs, ","), strings.Join(in.Fingerprints, ",")
			if in.IssuanceLimit > 0 {
				req.IssuanceLimitTime = requests.NewInteger(int(in.IssuanceLimit / time.Hour))
			}
			return req, ims.CreateCreateOIDCProviderResponse()
		})
	if errors.Is(err, errDoneEarlier) {
		return found, nil
	}
	if err != nil {
		return OIDCProvider{}, err
	}
	return toOIDCProvider(resp.OIDCProvider), nil
}

// OIDCProviderUpdate lists what to change: Description when non-nil, ClientIDs (replacing all)
// when non-nil, IssuanceLimit when non-zero.
type OIDCProviderUpdate struct {
	Description   *string
	ClientIDs     []string
	IssuanceLimit time.Duration
}

// UpdateOIDCProvider changes an OIDC provider.
func (c *Client) UpdateOIDCProvider(ctx context.Context, name string, up OIDCProviderUpdate) (OIDCProvider, error) {
	const action = "UpdateOIDCProvider"
	if err := lookupName(action, "OIDCProviderName", name); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	if up.Description != nil {
		if err := maxLen(action, "NewDescription", *up.Description, 256); err != nil {
			return OIDCProvider{}, c.refuse(err)
		}
	}
	if up.ClientIDs != nil {
		if len(up.ClientIDs) == 0 {
			return OIDCProvider{}, c.refuse(invalidInput(action, "ClientIds", "at least one client id is required"))
		}
		if err := listItems(action, "ClientIds", up.ClientIDs, reClientID, 50, clientIDRule); err != nil {
			return OIDCProvider{}, c.refuse(err)
		}
	}
	if err := issuanceLimit(action, up.IssuanceLimit); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name, svc: svcIMS},
		func() (requests.AcsRequest, *ims.UpdateOIDCProviderResponse) {
			req := ims.CreateUpdateOIDCProviderRequest()
			req.OIDCProviderName, req.ClientIds = name, strings.Join(up.ClientIDs, ",")
			if up.Description != nil {
				req.NewDescription = *up.Description
			}
			if up.IssuanceLimit > 0 {
				req.IssuanceLimitTime = requests.NewInteger(int(up.IssuanceLimit / time.Hour))
			}
			return req, ims.CreateUpdateOIDCProviderResponse()
		})
	if err != nil {
		return OIDCProvider{}, err
	}
	return toOIDCProvider(resp.OIDCProvider), nil
}

// DeleteOIDCProvider deletes an OIDC provider (roles trusting it stay as they are).
func (c *Client) DeleteOIDCProvider(ctx context.Context, name string) error {
	const action = "DeleteOIDCProvider"
	if err := lookupName(action, "OIDCProviderName", name); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: name, svc: svcIMS, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ims.DeleteOIDCProviderResponse) {
			req := ims.CreateDeleteOIDCProviderRequest()
			req.OIDCProviderName = name
			return req, ims.CreateDeleteOIDCProviderResponse()
		})
	return err
}

// AddOIDCClientID adds a client id (audience) to an OIDC provider.
func (c *Client) AddOIDCClientID(ctx context.Context, name, clientID string) (OIDCProvider, error) {
	const action = "AddClientIdToOIDCProvider"
	if err := lookupName(action, "OIDCProviderName", name); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	if err := listItems(action, "ClientId", []string{clientID}, reClientID, 1, clientIDRule); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name + " " + clientID, svc: svcIMS, safety: settled, settledKind: KindAlreadyExists},
		func() (requests.AcsRequest, *ims.AddClientIdToOIDCProviderResponse) {
			req := ims.CreateAddClientIdToOIDCProviderRequest()
			req.OIDCProviderName, req.ClientId = name, clientID
			return req, ims.CreateAddClientIdToOIDCProviderResponse()
		})
	if err != nil {
		return OIDCProvider{}, err
	}
	return toOIDCProvider(resp.OIDCProvider), nil
}

// RemoveOIDCClientID removes a client id from an OIDC provider.
func (c *Client) RemoveOIDCClientID(ctx context.Context, name, clientID string) (OIDCProvider, error) {
	const action = "RemoveClientIdFromOIDCProvider"
	if err := lookupName(action, "OIDCProviderName", name); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	if err := lookupName(action, "ClientId", clientID); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name + " " + clientID, svc: svcIMS, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ims.RemoveClientIdFromOIDCProviderResponse) {
			req := ims.CreateRemoveClientIdFromOIDCProviderRequest()
			req.OIDCProviderName, req.ClientId = name, clientID
			return req, ims.CreateRemoveClientIdFromOIDCProviderResponse()
		})
	if err != nil {
		return OIDCProvider{}, err
	}
	return toOIDCProvider(resp.OIDCProvider), nil
}

// AddOIDCFingerprint adds a certificate fingerprint to an OIDC provider.
func (c *Client) AddOIDCFingerprint(ctx context.Context, name, fingerprint string) (OIDCProvider, error) {
	const action = "AddFingerprintToOIDCProvider"
	if err := lookupName(action, "OIDCProviderName", name); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	if err := listItems(action, "Fingerprint", []string{fingerprint}, reFingerprint, 1, fingerprintRule); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name, svc: svcIMS, safety: settled, settledKind: KindAlreadyExists},
		func() (requests.AcsRequest, *ims.AddFingerprintToOIDCProviderResponse) {
			req := ims.CreateAddFingerprintToOIDCProviderRequest()
			req.OIDCProviderName, req.Fingerprint = name, fingerprint
			return req, ims.CreateAddFingerprintToOIDCProviderResponse()
		})
	if err != nil {
		return OIDCProvider{}, err
	}
	return toOIDCProvider(resp.OIDCProvider), nil
}

// RemoveOIDCFingerprint removes a certificate fingerprint from an OIDC provider.
func (c *Client) RemoveOIDCFingerprint(ctx context.Context, name, fingerprint string) (OIDCProvider, error) {
	const action = "RemoveFingerprintFromOIDCProvider"
	if err := lookupName(action, "OIDCProviderName", name); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	if err := lookupName(action, "Fingerprint", fingerprint); err != nil {
		return OIDCProvider{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name, svc: svcIMS, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ims.RemoveFingerprintFromOIDCProviderResponse) {
			req := ims.CreateRemoveFingerprintFromOIDCProviderRequest()
			req.OIDCProviderName, req.Fingerprint = name, fingerprint
			return req, ims.CreateRemoveFingerprintFromOIDCProviderResponse()
		})
	if err != nil {
		return OIDCProvider{}, err
	}
	return toOIDCProvider(resp.OIDCProvider), nil
}
