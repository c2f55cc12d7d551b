package account

import "testing"

// The patterns are compiled on first use, so a typo would only panic in the request that first
// needs it: compile every one here, and check a sample match of each.
func TestPatternsCompile(t *testing.T) {
	for _, c := range []struct {
		re  *lazyRE
		yes string
	}{
		{aliasChars, "my-alias"}, {userNameChars, "a.b_c-d"}, {roleNameChars, "r.1-x"},
		{policyNameChars, "Policy-1"}, {mobileFormat, "86-13800000000"}, {emailFormat, "a@b.cn"},
		{versionIDFormat, "v12"}, {sixDigits, "123456"}, {externalIDChars, "ab+=,.@:/-"},
		{sessionNameChar, "s@x_1"}, {providerNameChars, "idp.1"}, {clientIDChars, "app:1/x"},
		{fingerprintChars, "ABC123"}, {roleARNFormat, "acs:ram::123:role/r"},
		{samlProviderARNFormat, "acs:ram::123:saml-provider/p"}, {oidcProviderARNFormat, "acs:ram::123:oidc-provider/p"},
	} {
		if !c.re.MatchString(c.yes) || c.re.MatchString("\x00") {
			t.Errorf("%v: %q should match and NUL should not", c.re.compiled(), c.yes)
		}
	}
	if len(actions()) < 60 {
		t.Fatalf("%d actions", len(actions()))
	}
}
