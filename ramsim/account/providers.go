package account

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ramtui/ramtui/ramsim/federation"
)

// Identity providers: the IMS 2019-08-15 SAML and OIDC provider actions (api-params.md "IMS").
// RAM authorizes them as ram:<Action> on acs:ram:*:<acct>:saml-provider/<name> or
// oidc-provider/<name>. Where the service's behaviour is not documented, the simulator's choices:
//   - Names follow the documented charset (letters, digits, . - _, not starting or ending with a
//     special character, up to 128); they are unique case-insensitively like every other name.
//   - SAML and OIDC providers share the quota of 100 identity providers (ram-api.md §3.11).
//   - CreateOIDCProvider requires IssuerUrl, ClientIds and Fingerprints: a provider without them
//     can never verify a token. At most 50 client ids and 5 fingerprints per provider.
//   - Deleting a provider that roles trust succeeds and leaves the roles' trust policies alone,
//     as with other clouds' identity providers: AssumeRoleWithSAML/OIDC through it then fails
//     with EntityNotExist.*Provider. ramclient lists the roles that would break beforehand.
//   - Metadata is stored as the base64 text the caller sent, and returned by Get.

const (
	maxProviders        = 100
	maxClientIDs        = 50
	maxFingerprints     = 5
	maxProviderDescr    = 256
	defaultIssuanceHour = 12
)

var (
	providerNameChars = lazyRegexp(`^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$`)
	clientIDChars     = lazyRegexp(`^[A-Za-z0-9][A-Za-z0-9._:/-]*$`)
	fingerprintChars  = lazyRegexp(`^[A-Za-z0-9]+$`)
)

type samlProvider struct {
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Metadata    string    `json:"metadata,omitempty"` // base64, as sent
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`

	md federation.Metadata
}

type oidcProvider struct {
	Name          string    `json:"name"`
	Description   string    `json:"description,omitempty"`
	IssuerURL     string    `json:"issuerUrl"`
	ClientIDs     []string  `json:"clientIds"`
	Fingerprints  []string  `json:"fingerprints"`
	IssuanceHours int64     `json:"issuanceHours"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
}

func samlProviderARN(acct, name string) string { return "acs:ram::" + acct + ":saml-provider/" + name }
func oidcProviderARN(acct, name string) string { return "acs:ram::" + acct + ":oidc-provider/" + name }

// providerActions are registered with the other actions in invoke.go.
func providerActions() map[string]action {
	ims := func(write bool, h handler) action { return action{product: IMS, write: write, run: h} }
	const r, w = false, true
	return map[string]action{
		"CreateSAMLProvider": ims(w, createSAMLProvider), "GetSAMLProvider": ims(r, getSAMLProvider),
		"ListSAMLProviders": ims(r, listSAMLProviders), "UpdateSAMLProvider": ims(w, updateSAMLProvider),
		"DeleteSAMLProvider": ims(w, deleteSAMLProvider),
		"CreateOIDCProvider": ims(w, createOIDCProvider), "GetOIDCProvider": ims(r, getOIDCProvider),
		"ListOIDCProviders": ims(r, listOIDCProviders), "UpdateOIDCProvider": ims(w, updateOIDCProvider),
		"DeleteOIDCProvider":                ims(w, deleteOIDCProvider),
		"AddClientIdToOIDCProvider":         ims(w, addClientID),
		"RemoveClientIdFromOIDCProvider":    ims(w, removeClientID),
		"AddFingerprintToOIDCProvider":      ims(w, addFingerprint),
		"RemoveFingerprintFromOIDCProvider": ims(w, removeFingerprint),
		// STS federation (anonymous: ramsim does not authenticate these two)
		"AssumeRoleWithSAML": {product: STS, write: true, run: assumeRoleWithSAML},
		"AssumeRoleWithOIDC": {product: STS, write: true, run: assumeRoleWithOIDC},
	}
}

// authorizeIdP is the RAM authorization of an IMS provider action.
func (c *call) authorizeIdP(kind, name string) *Error {
	res := "acs:ram:*:" + c.s.AccountID + ":" + kind + "/" + name
	if name == "" {
		res = c.accountResource()
	}
	return c.authorizeAction("ram:"+c.req.Action, res)
}

func (s *state) providerCount() int { return len(s.SAMLProviders) + len(s.OIDCProviders) }

// ---- SAML ----

var errNoSAMLProvider = func() *Error {
	return errNotFound("EntityNotExist.SAMLProvider", "The SAML provider does not exist.")
}

type samlProviderView struct {
	SAMLProviderName            string `json:"SAMLProviderName"`
	Arn                         string `json:"Arn"`
	Description                 string `json:"Description"`
	EncodedSAMLMetadataDocument string `json:"EncodedSAMLMetadataDocument,omitempty"`
	CreateDate                  string `json:"CreateDate"`
	UpdateDate                  string `json:"UpdateDate"`
}

func (p *samlProvider) view(acct string, withMetadata bool) samlProviderView {
	v := samlProviderView{SAMLProviderName: p.Name, Arn: samlProviderARN(acct, p.Name), Description: p.Description,
		CreateDate: fmtTime(p.Created), UpdateDate: fmtTime(p.Updated)}
	if withMetadata {
		v.EncodedSAMLMetadataDocument = p.Metadata
	}
	return v
}

// metadataParam validates a base64 metadata parameter ("" when absent).
func (c *call) metadataParam(param string) (string, federation.Metadata, *Error) {
	enc := strings.TrimSpace(c.p(param))
	if enc == "" {
		return "", federation.Metadata{}, nil
	}
	if len(enc) > base64.StdEncoding.EncodedLen(federation.MaxMetadata) {
		return "", federation.Metadata{}, errBadRequest("InvalidParameter."+param+".Length",
			"The parameter %s is longer than %d bytes.", param, base64.StdEncoding.EncodedLen(federation.MaxMetadata))
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return "", federation.Metadata{}, errBadRequest("InvalidParameter."+param, "The parameter %s is not base64.", param)
	}
	md, err := federation.ParseMetadata(raw)
	if err != nil {
		return "", federation.Metadata{}, errBadRequest("InvalidParameter."+param, "The SAML metadata is not valid: %v", err)
	}
	return enc, md, nil
}

func checkSignAlgo(c *call) *Error {
	if v := c.p("AuthnSignAlgo"); v != "" && v != "rsa-sha256" && v != "rsa-sha1" {
		return errBadRequest("InvalidParameter.AuthnSignAlgo", "The parameter AuthnSignAlgo must be rsa-sha256 or rsa-sha1.")
	}
	return nil
}

func createSAMLProvider(c *call) (any, *Error) {
	name, err := c.requiredName("SAMLProviderName", 128, providerNameChars)
	if err != nil {
		return nil, err
	}
	if err := checkLength("Description", c.p("Description"), maxProviderDescr); err != nil {
		return nil, err
	}
	enc, md, err := c.metadataParam("EncodedSAMLMetadataDocument")
	if err != nil {
		return nil, err
	}
	if err := checkSignAlgo(c); err != nil {
		return nil, err
	}
	if err := c.authorizeIdP("saml-provider", name); err != nil {
		return nil, err
	}
	if c.s.SAMLProviders[key(name)] != nil {
		return nil, errConflict("EntityAlreadyExists.SAMLProvider", "The SAML provider already exists.")
	}
	if c.s.providerCount() >= maxProviders {
		return nil, errConflict("LimitExceeded.SAMLProvider", "The count of identity providers beyond the current limits (%d).", maxProviders)
	}
	p := &samlProvider{Name: name, Description: c.p("Description"), Metadata: enc, Created: c.now, Updated: c.now, md: md}
	c.s.SAMLProviders[key(name)] = p
	return map[string]any{"SAMLProvider": p.view(c.s.AccountID, true)}, nil
}

func (c *call) existingSAMLProvider() (*samlProvider, *Error) {
	name, err := c.requiredName("SAMLProviderName", 128, providerNameChars)
	if err != nil {
		return nil, err
	}
	if err := c.authorizeIdP("saml-provider", name); err != nil {
		return nil, err
	}
	p := c.s.SAMLProviders[key(name)]
	if p == nil {
		return nil, errNoSAMLProvider()
	}
	return p, nil
}

func getSAMLProvider(c *call) (any, *Error) {
	p, err := c.existingSAMLProvider()
	if err != nil {
		return nil, err
	}
	return map[string]any{"SAMLProvider": p.view(c.s.AccountID, true)}, nil
}

func updateSAMLProvider(c *call) (any, *Error) {
	if _, err := c.requiredName("SAMLProviderName", 128, providerNameChars); err != nil {
		return nil, err
	}
	if err := checkLength("NewDescription", c.p("NewDescription"), maxProviderDescr); err != nil {
		return nil, err
	}
	enc, md, err := c.metadataParam("NewEncodedSAMLMetadataDocument")
	if err != nil {
		return nil, err
	}
	if err := checkSignAlgo(c); err != nil {
		return nil, err
	}
	if enc == "" && !c.has("NewDescription") {
		return nil, errMissing("NewDescription")
	}
	p, err := c.existingSAMLProvider()
	if err != nil {
		return nil, err
	}
	if enc != "" {
		p.Metadata, p.md = enc, md
	}
	if c.has("NewDescription") {
		p.Description = c.p("NewDescription")
	}
	p.Updated = c.now
	return map[string]any{"SAMLProvider": p.view(c.s.AccountID, true)}, nil
}

func deleteSAMLProvider(c *call) (any, *Error) {
	p, err := c.existingSAMLProvider()
	if err != nil {
		return nil, err
	}
	delete(c.s.SAMLProviders, key(p.Name))
	return map[string]any{}, nil
}

func listSAMLProviders(c *call) (any, *Error) {
	pg, err := c.pager(100)
	if err != nil {
		return nil, err
	}
	if err := c.authorizeIdP("saml-provider", ""); err != nil {
		return nil, err
	}
	keys, pageInfo := pg.slice(sortedKeys(c.s.SAMLProviders))
	out := struct {
		SAMLProvider []samlProviderView `json:"SAMLProvider"`
	}{SAMLProvider: make([]samlProviderView, 0, len(keys))}
	for _, k := range keys {
		out.SAMLProvider = append(out.SAMLProvider, c.s.SAMLProviders[k].view(c.s.AccountID, false))
	}
	return struct {
		page
		SAMLProviders any `json:"SAMLProviders"`
	}{pageInfo, out}, nil
}

// ---- OIDC ----

var errNoOIDCProvider = func() *Error {
	return errNotFound("EntityNotExist.OIDCProvider", "The OIDC provider does not exist.")
}

type oidcProviderView struct {
	OIDCProviderName  string `json:"OIDCProviderName"`
	Arn               string `json:"Arn"`
	Description       string `json:"Description"`
	IssuerUrl         string `json:"IssuerUrl"`
	ClientIds         string `json:"ClientIds"`
	Fingerprints      string `json:"Fingerprints"`
	IssuanceLimitTime int64  `json:"IssuanceLimitTime"`
	CreateDate        string `json:"CreateDate"`
	UpdateDate        string `json:"UpdateDate"`
	GmtCreate         string `json:"GmtCreate"`
	GmtModified       string `json:"GmtModified"`
}

func (p *oidcProvider) view(acct string) oidcProviderView {
	return oidcProviderView{OIDCProviderName: p.Name, Arn: oidcProviderARN(acct, p.Name), Description: p.Description,
		IssuerUrl: p.IssuerURL, ClientIds: strings.Join(p.ClientIDs, ","), Fingerprints: strings.Join(p.Fingerprints, ","),
		IssuanceLimitTime: p.IssuanceHours, CreateDate: fmtTime(p.Created), UpdateDate: fmtTime(p.Updated),
		GmtCreate: fmtTime(p.Created), GmtModified: fmtTime(p.Updated)}
}

func (p *oidcProvider) federation() federation.OIDCProvider {
	return federation.OIDCProvider{IssuerURL: p.IssuerURL, ClientIDs: p.ClientIDs, Fingerprints: p.Fingerprints,
		IssuanceLimit: time.Duration(p.IssuanceHours) * time.Hour}
}

func checkIssuerURL(v string) *Error {
	bad := func(why string) *Error {
		return errBadRequest("InvalidParameter.IssuerUrl", "The parameter IssuerUrl %s.", why)
	}
	if utf8.RuneCountInString(v) > 255 {
		return bad("must be at most 255 characters")
	}
	u, err := url.Parse(v)
	switch {
	case err != nil || u.Host == "":
		return bad("is not a valid URL")
	case u.Scheme != "https":
		return bad("must start with https://")
	case u.RawQuery != "" || strings.Contains(v, "?"):
		return bad("must not contain a query")
	case u.Fragment != "" || strings.Contains(v, "#"):
		return bad("must not contain a fragment")
	case u.User != nil || strings.Contains(v, "@"):
		return bad("must not contain logon information (@)")
	}
	return nil
}

func checkClientID(param, v string) *Error {
	if n := utf8.RuneCountInString(v); n < 1 || n > 128 || !clientIDChars.MatchString(v) {
		return errBadRequest("InvalidParameter."+param,
			"The parameter %s must be 1 to 128 letters, digits and . - _ : /, not starting with a special character.", param)
	}
	return nil
}

func checkFingerprint(param, v string) *Error {
	if n := len(v); n < 1 || n > 128 || !fingerprintChars.MatchString(v) {
		return errBadRequest("InvalidParameter."+param, "The parameter %s must be 1 to 128 letters and digits.", param)
	}
	return nil
}

// listParam splits a comma-separated parameter, validating each item and refusing duplicates.
func listParam(param, v string, max int, check func(string, string) *Error) ([]string, *Error) {
	var out []string
	seen := map[string]bool{}
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if err := check(param, item); err != nil {
			return nil, err
		}
		if !seen[strings.ToLower(item)] {
			seen[strings.ToLower(item)] = true
			out = append(out, item)
		}
	}
	if len(out) > max {
		return nil, errBadRequest("LimitExceeded."+strings.TrimSuffix(param, "s"), "At most %d values of %s are allowed.", max, param)
	}
	return out, nil
}

func createOIDCProvider(c *call) (any, *Error) {
	name, err := c.requiredName("OIDCProviderName", 128, providerNameChars)
	if err != nil {
		return nil, err
	}
	if err := checkLength("Description", c.p("Description"), maxProviderDescr); err != nil {
		return nil, err
	}
	issuer, err := c.required("IssuerUrl")
	if err != nil {
		return nil, err
	}
	if err := checkIssuerURL(issuer); err != nil {
		return nil, err
	}
	ids, err := c.required("ClientIds")
	if err != nil {
		return nil, err
	}
	clientIDs, err := listParam("ClientIds", ids, maxClientIDs, checkClientID)
	if err != nil {
		return nil, err
	}
	fps, err := c.required("Fingerprints")
	if err != nil {
		return nil, err
	}
	fingerprints, err := listParam("Fingerprints", fps, maxFingerprints, checkFingerprint)
	if err != nil {
		return nil, err
	}
	hours, err := c.intParam("IssuanceLimitTime", defaultIssuanceHour, 1, 168)
	if err != nil {
		return nil, err
	}
	if err := c.authorizeIdP("oidc-provider", name); err != nil {
		return nil, err
	}
	if c.s.OIDCProviders[key(name)] != nil {
		return nil, errConflict("EntityAlreadyExists.OIDCProvider", "The OIDC provider already exists.")
	}
	for _, o := range c.s.OIDCProviders {
		if o.IssuerURL == issuer {
			return nil, errConflict("EntityAlreadyExists.OIDCProvider.IssuerUrl",
				"The issuer URL is already used by the OIDC provider %s.", o.Name)
		}
	}
	if c.s.providerCount() >= maxProviders {
		return nil, errConflict("LimitExceeded.OIDCProvider", "The count of identity providers beyond the current limits (%d).", maxProviders)
	}
	p := &oidcProvider{Name: name, Description: c.p("Description"), IssuerURL: issuer, ClientIDs: clientIDs,
		Fingerprints: fingerprints, IssuanceHours: hours, Created: c.now, Updated: c.now}
	c.s.OIDCProviders[key(name)] = p
	return map[string]any{"OIDCProvider": p.view(c.s.AccountID)}, nil
}

func (c *call) existingOIDCProvider() (*oidcProvider, *Error) {
	name, err := c.requiredName("OIDCProviderName", 128, providerNameChars)
	if err != nil {
		return nil, err
	}
	if err := c.authorizeIdP("oidc-provider", name); err != nil {
		return nil, err
	}
	p := c.s.OIDCProviders[key(name)]
	if p == nil {
		return nil, errNoOIDCProvider()
	}
	return p, nil
}

func getOIDCProvider(c *call) (any, *Error) {
	p, err := c.existingOIDCProvider()
	if err != nil {
		return nil, err
	}
	return map[string]any{"OIDCProvider": p.view(c.s.AccountID)}, nil
}

func updateOIDCProvider(c *call) (any, *Error) {
	if _, err := c.requiredName("OIDCProviderName", 128, providerNameChars); err != nil {
		return nil, err
	}
	if err := checkLength("NewDescription", c.p("NewDescription"), maxProviderDescr); err != nil {
		return nil, err
	}
	var clientIDs []string
	if v := c.p("ClientIds"); v != "" {
		var err *Error
		if clientIDs, err = listParam("ClientIds", v, maxClientIDs, checkClientID); err != nil {
			return nil, err
		}
	}
	hours, err := c.intParam("IssuanceLimitTime", 0, 1, 168)
	if err != nil {
		return nil, err
	}
	p, err := c.existingOIDCProvider()
	if err != nil {
		return nil, err
	}
	if clientIDs != nil {
		p.ClientIDs = clientIDs
	}
	if c.has("NewDescription") {
		p.Description = c.p("NewDescription")
	}
	if hours != 0 {
		p.IssuanceHours = hours
	}
	p.Updated = c.now
	return map[string]any{"OIDCProvider": p.view(c.s.AccountID)}, nil
}

func deleteOIDCProvider(c *call) (any, *Error) {
	p, err := c.existingOIDCProvider()
	if err != nil {
		return nil, err
	}
	delete(c.s.OIDCProviders, key(p.Name))
	return map[string]any{}, nil
}

func listOIDCProviders(c *call) (any, *Error) {
	pg, err := c.pager(100)
	if err != nil {
		return nil, err
	}
	if err := c.authorizeIdP("oidc-provider", ""); err != nil {
		return nil, err
	}
	keys, pageInfo := pg.slice(sortedKeys(c.s.OIDCProviders))
	out := struct {
		OIDCProvider []oidcProviderView `json:"OIDCProvider"`
	}{OIDCProvider: make([]oidcProviderView, 0, len(keys))}
	for _, k := range keys {
		out.OIDCProvider = append(out.OIDCProvider, c.s.OIDCProviders[k].view(c.s.AccountID))
	}
	return struct {
		page
		OIDCProviders any `json:"OIDCProviders"`
	}{pageInfo, out}, nil
}

// editList adds or removes one item of a provider's client ids or fingerprints.
func editList(c *call, param, what string, max int, check func(string, string) *Error,
	list func(*oidcProvider) *[]string, add bool) (any, *Error) {
	if _, err := c.requiredName("OIDCProviderName", 128, providerNameChars); err != nil {
		return nil, err
	}
	v, err := c.required(param)
	if err != nil {
		return nil, err
	}
	if err := check(param, v); err != nil {
		return nil, err
	}
	p, err := c.existingOIDCProvider()
	if err != nil {
		return nil, err
	}
	l := list(p)
	at := -1
	for i, x := range *l {
		if strings.EqualFold(x, v) {
			at = i
		}
	}
	switch {
	case add && at >= 0:
		return nil, errConflict("EntityAlreadyExists.OIDCProvider."+what, "The %s already exists in the OIDC provider.", param)
	case add && len(*l) >= max:
		return nil, errConflict("LimitExceeded.OIDCProvider."+what, "The OIDC provider already has %d values of %s.", max, param)
	case add:
		*l = append(*l, v)
	case at < 0:
		return nil, errNotFound("EntityNotExist.OIDCProvider."+what, "The %s does not exist in the OIDC provider.", param)
	default:
		*l = append((*l)[:at:at], (*l)[at+1:]...)
	}
	p.Updated = c.now
	return map[string]any{"OIDCProvider": p.view(c.s.AccountID)}, nil
}

func clientIDs(p *oidcProvider) *[]string    { return &p.ClientIDs }
func fingerprints(p *oidcProvider) *[]string { return &p.Fingerprints }

func addClientID(c *call) (any, *Error) {
	return editList(c, "ClientId", "ClientId", maxClientIDs, checkClientID, clientIDs, true)
}
func removeClientID(c *call) (any, *Error) {
	return editList(c, "ClientId", "ClientId", maxClientIDs, checkClientID, clientIDs, false)
}
func addFingerprint(c *call) (any, *Error) {
	return editList(c, "Fingerprint", "Fingerprint", maxFingerprints, checkFingerprint, fingerprints, true)
}
func removeFingerprint(c *call) (any, *Error) {
	return editList(c, "Fingerprint", "Fingerprint", maxFingerprints, checkFingerprint, fingerprints, false)
}

// reindexProviders parses the stored metadata after Restore.
func (s *state) reindexProviders() error {
	if s.SAMLProviders == nil {
		s.SAMLProviders = map[string]*samlProvider{}
	}
	if s.OIDCProviders == nil {
		s.OIDCProviders = map[string]*oidcProvider{}
	}
	for _, p := range s.SAMLProviders {
		if p.Metadata == "" {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(p.Metadata)
		if err != nil {
			return errors.New("saml provider " + p.Name + ": metadata is not base64")
		}
		md, err := federation.ParseMetadata(raw)
		if err != nil {
			return errors.New("saml provider " + p.Name + ": " + err.Error())
		}
		p.md = md
	}
	return nil
}
