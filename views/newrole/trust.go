package newrole

import (
	"errors"
	"strings"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// Kinds of trusted entity, the wizard's first choice.
const (
	KindAccount    = "account"    // this account: any RAM user or role its policies allow
	KindPrincipals = "principals" // this account: only chosen users and roles
	KindOther      = "other"      // another Alibaba Cloud account
	KindService    = "service"    // a cloud service
	KindProvider   = "provider"   // a SAML or OIDC identity provider
	KindGrant      = "grant"      // the grant wizard (a role for one developer and an OSS directory)
	KindEditor     = "editor"     // the plain path: name and details, then the trust policy in $EDITOR
)

// Services are the common trusted service principals ("normal service roles"), in the
// <code>.aliyuncs.com form trust policies use; OtherService lets one be typed.
var Services = []struct{ Principal, About string }{
	{"ecs.aliyuncs.com", "ECS: instances call other services (instance RAM role)"},
	{"fc.aliyuncs.com", "Function Compute: functions call other services"},
	{"cs.aliyuncs.com", "Container Service (ACK): clusters manage resources"},
	{"oss.aliyuncs.com", "OSS: buckets reach other services (e.g. KMS, replication)"},
	{"rds.aliyuncs.com", "ApsaraDB RDS"},
	{"log.aliyuncs.com", "Simple Log Service (SLS)"},
	{"actiontrail.aliyuncs.com", "ActionTrail: deliver events to OSS or SLS"},
	{"ess.aliyuncs.com", "Auto Scaling"},
	{"apigateway.aliyuncs.com", "API Gateway"},
	{"dts.aliyuncs.com", "Data Transmission Service"},
}

// OtherService is the service choice "type it".
const OtherService = "other"

// Choice is what the wizard's fields say about who may assume the role.
type Choice struct {
	Kind    string
	Account string // this account's id (KindAccount, KindPrincipals, provider ARNs)

	Principals []string // "user:alice", "role:ops" (KindPrincipals)

	OtherAccount string // KindOther
	ExternalID   string // KindOther, optional
	MFA          bool   // KindOther: acs:MFAPresent must be true

	Service      string // a principal of Services, or OtherService
	TypedService string // KindService with OtherService

	Provider  string // "saml:<name>" or "oidc:<name>"
	Recipient string // SAML: saml:recipient
	Audiences string // OIDC: client ids, comma-separated ("" = every client id of the provider)
	Subjects  string // OIDC: optional oidc:sub values, comma-separated
	OIDC      []ramclient.OIDCProvider
}

// PrincipalARN is the ARN of "user:alice" or "role:ops" in account acct.
func PrincipalARN(acct, p string) string {
	kind, name, _ := strings.Cut(p, ":")
	return "acs:ram::" + acct + ":" + kind + "/" + name
}

// ProviderARN is the ARN of "saml:<name>" or "oidc:<name>" in account acct.
func ProviderARN(acct, p string) string {
	kind, name, _ := strings.Cut(p, ":")
	return "acs:ram::" + acct + ":" + kind + "-provider/" + name
}

func (c Choice) oidc() (ramclient.OIDCProvider, bool) {
	_, name, _ := strings.Cut(c.Provider, ":")
	for _, p := range c.OIDC {
		if p.Name == name {
			return p, true
		}
	}
	return ramclient.OIDCProvider{}, false
}

// TrustPolicy is the trust policy the choice makes, with package policy's templates (the same
// checks as `ramtui` elsewhere); an error says which field is missing or wrong.
func (c Choice) TrustPolicy() (*policy.Document, error) {
	switch c.Kind {
	case KindAccount:
		return policy.TrustAccountPolicy(c.Account, "")
	case KindPrincipals:
		if len(c.Principals) == 0 {
			return nil, errors.New("pick at least one user or role (space marks)")
		}
		arns := make([]string, len(c.Principals))
		for i, p := range c.Principals {
			arns[i] = PrincipalARN(c.Account, p)
		}
		return policy.TrustPrincipalsPolicy(arns, "")
	case KindOther:
		if err := CheckAccountID(c.OtherAccount); err != nil {
			return nil, err
		}
		doc, err := policy.TrustAccountPolicy(c.OtherAccount, strings.TrimSpace(c.ExternalID))
		if err != nil || !c.MFA {
			return doc, err
		}
		st := &doc.Statement[0]
		if st.Condition == nil {
			st.Condition = policy.Conditions{}
		}
		st.Condition["Bool"] = map[string][]string{"acs:MFAPresent": {"true"}}
		return doc, nil
	case KindService:
		svc := c.Service
		if svc == OtherService {
			svc = strings.TrimSpace(c.TypedService)
			if svc != "" && !strings.Contains(svc, ".") {
				svc += ".aliyuncs.com" // "ecs" means ecs.aliyuncs.com
			}
		}
		return policy.TrustServicePolicy(svc)
	case KindProvider:
		if c.Provider == "" {
			return nil, errors.New("the account has no identity provider: create one on the Providers tab (6)")
		}
		arn := ProviderARN(c.Account, c.Provider)
		if strings.HasPrefix(c.Provider, "saml:") {
			return policy.TrustSAMLPolicy(arn, c.Recipient)
		}
		p, ok := c.oidc()
		if !ok {
			return nil, errors.New("pick an OIDC provider")
		}
		aud := splitList(c.Audiences)
		if len(aud) == 0 {
			aud = p.ClientIDs
		}
		return policy.TrustOIDCPolicy(arn, p.IssuerURL, aud, splitList(c.Subjects))
	}
	return nil, errors.New("choose who may assume the role")
}

// CheckAccountID accepts an Alibaba Cloud account id: 16 digits.
func CheckAccountID(id string) error {
	if len(id) != 16 || strings.Trim(id, "0123456789") != "" {
		return errors.New("an account id is 16 digits, such as 1234567890123456")
	}
	return nil
}
