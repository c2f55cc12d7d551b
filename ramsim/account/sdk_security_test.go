package account_test

import (
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ims"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// RAM and IMS both have Get/SetSecurityPreference, told apart by the request's Version: IMS's
// says whether MFA is asked at console sign-in (MFAOperationForLogin, and the older
// EnforceMFAForLogin); RAM's has no such field. Both change the one preference.
func TestSDKSecurityPreferenceRAMAndIMS(t *testing.T) {
	e := startSim(t, "demo")
	r, i := e.rootRAM(t), e.rootIMS(t)
	got := must(i.GetSecurityPreference(ims.CreateGetSecurityPreferenceRequest()))(t).SecurityPreference
	if lp := got.LoginProfilePreference; lp.MFAOperationForLogin != "independent" || lp.EnforceMFAForLogin || lp.LoginSessionDuration != 6 {
		t.Fatalf("IMS default: %+v", lp)
	}
	set := ims.CreateSetSecurityPreferenceRequest()
	set.MFAOperationForLogin = "mandatory"
	set.AllowUserToManageAccessKeys = requests.NewBoolean(true)
	lp := must(i.SetSecurityPreference(set))(t).SecurityPreference.LoginProfilePreference
	if lp.MFAOperationForLogin != "mandatory" || !lp.EnforceMFAForLogin {
		t.Fatalf("after IMS set: %+v", lp)
	}
	// RAM's answer: the same preference (AllowUserToManageAccessKeys set through IMS), no MFA field.
	rp := must(r.GetSecurityPreference(ram.CreateGetSecurityPreferenceRequest()))(t)
	if !rp.SecurityPreference.AccessKeyPreference.AllowUserToManageAccessKeys {
		t.Errorf("RAM does not see what IMS set: %+v", rp.SecurityPreference)
	}
	if raw := rp.GetHttpContentString(); strings.Contains(raw, "MFAOperationForLogin") || strings.Contains(raw, "EnforceMFAForLogin") {
		t.Errorf("RAM's GetSecurityPreference has IMS's fields: %s", raw)
	}
	// A RAM set leaves MFA at sign-in as it is.
	rs := ram.CreateSetSecurityPreferenceRequest()
	rs.EnableSaveMFATicket = requests.NewBoolean(false)
	must(r.SetSecurityPreference(rs))(t)
	if lp := must(i.GetSecurityPreference(ims.CreateGetSecurityPreferenceRequest()))(t).SecurityPreference.LoginProfilePreference; lp.MFAOperationForLogin != "mandatory" || lp.EnableSaveMFATicket {
		t.Errorf("after a RAM set: %+v", lp)
	}
	// The older switch, off, leaves "mandatory"; a value outside the three is refused.
	off := ims.CreateSetSecurityPreferenceRequest()
	off.EnforceMFAForLogin = requests.NewBoolean(false)
	if lp := must(i.SetSecurityPreference(off))(t).SecurityPreference.LoginProfilePreference; lp.MFAOperationForLogin != "independent" {
		t.Errorf("EnforceMFAForLogin=false: %+v", lp)
	}
	bad := ims.CreateSetSecurityPreferenceRequest()
	bad.MFAOperationForLogin = "always"
	_, err := i.SetSecurityPreference(bad)
	wantCode(t, err, 400, "InvalidParameter.MFAOperationForLogin")
}

// RAM's ListUsers has no LastLoginDate (its documented response); GetUser has it.
func TestSDKLastLoginDateOnlyFromGetUser(t *testing.T) {
	e := startSim(t, "demo")
	r := e.rootRAM(t)
	list := ram.CreateListUsersRequest()
	resp := must(r.ListUsers(list))(t)
	if raw := resp.GetHttpContentString(); strings.Contains(raw, "LastLoginDate") {
		t.Errorf("ListUsers returns LastLoginDate: %.300s", raw)
	}
	get := ram.CreateGetUserRequest()
	get.UserName = "li.na"
	if u := must(r.GetUser(get))(t).User; u.LastLoginDate == "" {
		t.Errorf("GetUser of li.na (console, signed in) has no LastLoginDate: %+v", u)
	}
}
