package policy

import "testing"

func trustDoc(t testing.TB, principal, cond string) *Document {
	t.Helper()
	s := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":` + principal
	if cond != "" {
		s += `,"Condition":` + cond
	}
	return mustParse(t, s+`}]}`, Trust)
}

func TestTrusts(t *testing.T) {
	alice := Caller{Type: CallerUser, AccountID: "123", Name: "alice"}
	bob := Caller{Type: CallerUser, AccountID: "123", Name: "bob"}
	ops := Caller{Type: CallerRole, AccountID: "123", Name: "ops"}
	acct := Caller{Type: CallerAccount, AccountID: "123"}
	other := Caller{Type: CallerUser, AccountID: "456", Name: "alice"}
	ecs := Caller{Type: CallerService, Name: "ecs.aliyuncs.com"}
	saml := Caller{Type: CallerFederated, Name: "acs:ram::123:saml-provider/idp"}
	tests := []struct {
		name            string
		principal, cond string
		caller          Caller
		ctx             Context
		want            Decision
	}{
		{"root trusts user", `{"RAM":"acs:ram::123:root"}`, "", alice, nil, Allowed},
		{"root trusts role", `{"RAM":"acs:ram::123:root"}`, "", ops, nil, Allowed},
		{"root trusts account", `{"RAM":"acs:ram::123:root"}`, "", acct, nil, Allowed},
		{"root not other account", `{"RAM":"acs:ram::123:root"}`, "", other, nil, ImplicitDeny},
		{"account id", `{"RAM":"123"}`, "", alice, nil, Allowed},
		{"account id other", `{"RAM":["789","456"]}`, "", other, nil, Allowed},
		{"account id no", `{"RAM":"1234"}`, "", alice, nil, ImplicitDeny},
		{"user arn", `{"RAM":"acs:ram::123:user/alice"}`, "", alice, nil, Allowed},
		{"user arn case", `{"RAM":"acs:ram::123:user/Alice"}`, "", alice, nil, Allowed},
		{"user arn not bob", `{"RAM":"acs:ram::123:user/alice"}`, "", bob, nil, ImplicitDeny},
		{"user arn not account", `{"RAM":"acs:ram::123:user/alice"}`, "", acct, nil, ImplicitDeny},
		{"role arn", `{"RAM":"acs:ram::123:role/ops"}`, "", ops, nil, Allowed},
		{"role arn not user", `{"RAM":"acs:ram::123:role/alice"}`, "", alice, nil, ImplicitDeny},
		{"wildcard user", `{"RAM":"acs:ram::123:user/*"}`, "", bob, nil, Allowed},
		{"star", `{"RAM":"*"}`, "", other, nil, Allowed},
		{"star not service", `{"RAM":"*"}`, "", ecs, nil, ImplicitDeny},
		{"service", `{"Service":"ecs.aliyuncs.com"}`, "", ecs, nil, Allowed},
		{"service case", `{"Service":"ECS.aliyuncs.com"}`, "", ecs, nil, Allowed},
		{"service other", `{"Service":"fc.aliyuncs.com"}`, "", ecs, nil, ImplicitDeny},
		{"service not user", `{"Service":"ecs.aliyuncs.com"}`, "", alice, nil, ImplicitDeny},
		{"federated", `{"Federated":"acs:ram::123:saml-provider/idp"}`, `{"StringEquals":{"saml:recipient":"https://signin.aliyun.com/saml-role/sso"}}`,
			saml, Context{"saml:recipient": {"https://signin.aliyun.com/saml-role/sso"}}, Allowed},
		{"federated no recipient", `{"Federated":"acs:ram::123:saml-provider/idp"}`, `{"StringEquals":{"saml:recipient":"https://signin.aliyun.com/saml-role/sso"}}`,
			saml, nil, ImplicitDeny},
		{"external id ok", `{"RAM":"456"}`, `{"StringEquals":{"sts:ExternalId":"abc"}}`, other, Context{"sts:externalid": {"abc"}}, Allowed},
		{"external id wrong", `{"RAM":"456"}`, `{"StringEquals":{"sts:ExternalId":"abc"}}`, other, Context{"sts:ExternalId": {"abd"}}, ImplicitDeny},
		{"external id missing", `{"RAM":"456"}`, `{"StringEquals":{"sts:ExternalId":"abc"}}`, other, nil, ImplicitDeny},
		{"no account id", `{"RAM":"*"}`, "", Caller{Type: CallerUser, Name: "x"}, nil, ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Trusts(trustDoc(t, tt.principal, tt.cond), tt.caller, tt.ctx)
			if r.Decision != tt.want {
				t.Fatalf("Decision = %v, want %v (%+v)", r.Decision, tt.want, r)
			}
			if tt.want == Allowed && (len(r.Matches) != 1 || r.Matches[0].Type != "Trust" || r.DeniedBy != "") {
				t.Errorf("result %+v", r)
			}
			if tt.want != Allowed && r.DeniedBy != DeniedByTrust {
				t.Errorf("DeniedBy = %q", r.DeniedBy)
			}
		})
	}
}

func TestTrustsActionAndDeny(t *testing.T) {
	alice := Caller{Type: CallerUser, AccountID: "123", Name: "alice"}
	d := mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:GetCallerIdentity","Principal":{"RAM":"123"}}]}`, Trust)
	if r := Trusts(d, alice, nil); r.Decision != ImplicitDeny {
		t.Errorf("wrong action trusted: %+v", r)
	}
	d = mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:*","Principal":{"RAM":"123"}},
		{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::123:user/alice"}}]}`, Trust)
	if r := Trusts(d, alice, nil); r.Decision != ExplicitDeny || r.Matches[0].Statement != 1 {
		t.Errorf("deny: %+v", r)
	}
	if r := Trusts(d, Caller{Type: CallerUser, AccountID: "123", Name: "bob"}, nil); r.Decision != Allowed {
		t.Errorf("bob: %+v", r)
	}
	if r := Trusts(nil, alice, nil); r.Decision != ImplicitDeny {
		t.Errorf("nil trust: %+v", r)
	}
}

func TestCallerARN(t *testing.T) {
	for c, want := range map[Caller]string{
		{Type: CallerAccount, AccountID: "1"}:                       "acs:ram::1:root",
		{Type: CallerUser, AccountID: "1", Name: "a"}:               "acs:ram::1:user/a",
		{Type: CallerRole, AccountID: "1", Name: "r"}:               "acs:ram::1:role/r",
		{Type: CallerService, Name: "ecs.aliyuncs.com"}:             "ecs.aliyuncs.com",
		{Type: CallerFederated, Name: "acs:ram::1:oidc-provider/x"}: "acs:ram::1:oidc-provider/x",
	} {
		if got := c.ARN(); got != want {
			t.Errorf("%+v.ARN() = %q, want %q", c, got, want)
		}
	}
}
