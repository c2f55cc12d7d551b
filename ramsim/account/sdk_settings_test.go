package account_test

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

func TestSDKPasswordPolicyAndSecurityPreference(t *testing.T) {
	e := startSim(t, "empty")
	c := e.rootRAM(t)
	if pp := must(c.GetPasswordPolicy(ram.CreateGetPasswordPolicyRequest()))(t).PasswordPolicy; pp.MinimumPasswordLength != 8 {
		t.Fatalf("default password policy: %+v", pp)
	}
	sp := ram.CreateSetPasswordPolicyRequest()
	sp.MinimumPasswordLength, sp.RequireSymbols = requests.NewInteger(12), requests.NewBoolean(true)
	if pp := must(c.SetPasswordPolicy(sp))(t).PasswordPolicy; pp.MinimumPasswordLength != 12 || !pp.RequireSymbols {
		t.Fatalf("SetPasswordPolicy: %+v", pp)
	}
	sp.MinimumPasswordLength = requests.NewInteger(4)
	_, err := c.SetPasswordPolicy(sp)
	wantCode(t, err, 400, "InvalidParameter.MinimumPasswordLength")

	cu := ram.CreateCreateUserRequest()
	cu.UserName = "pat"
	must(c.CreateUser(cu))(t)
	clp := ram.CreateCreateLoginProfileRequest()
	clp.UserName, clp.Password = "pat", "LongButNoSymbol1"
	_, err = c.CreateLoginProfile(clp)
	wantCode(t, err, 400, "InvalidParameter.Password.TooWeak")
	clp.Password = "Long-and-symbol1"
	must(c.CreateLoginProfile(clp))(t)

	// Users manage their own AccessKeys without a policy only when the preference says so.
	patRAM, _ := e.userRAM(t, "pat")
	_, err = patRAM.ListAccessKeys(ram.CreateListAccessKeysRequest())
	wantCode(t, err, 403, "NoPermission")
	ssp := ram.CreateSetSecurityPreferenceRequest()
	ssp.AllowUserToManageAccessKeys = requests.NewBoolean(true)
	got := must(c.SetSecurityPreference(ssp))(t).SecurityPreference
	if !got.AccessKeyPreference.AllowUserToManageAccessKeys || !got.LoginProfilePreference.AllowUserToChangePassword {
		t.Fatalf("SetSecurityPreference: %+v", got)
	}
	if keys := must(patRAM.ListAccessKeys(ram.CreateListAccessKeysRequest()))(t).AccessKeys.AccessKey; len(keys) != 1 {
		t.Fatalf("own keys: %+v", keys)
	}
	must(patRAM.CreateAccessKey(ram.CreateCreateAccessKeyRequest()))(t)
	other := ram.CreateListAccessKeysRequest()
	other.UserName = "someone-else"
	_, err = patRAM.ListAccessKeys(other) // only its own
	wantCode(t, err, 403, "NoPermission")
	if p := must(c.GetSecurityPreference(ram.CreateGetSecurityPreferenceRequest()))(t).SecurityPreference; !p.AccessKeyPreference.AllowUserToManageAccessKeys {
		t.Fatalf("GetSecurityPreference: %+v", p)
	}
}
