package account

import "testing"

// With AllowUserToChangePassword off, a user needs ram:ChangePassword from a policy.
func TestChangePasswordPreference(t *testing.T) {
	a, _ := newTestAccount(t, "empty")
	root := a.rootIdentity()
	mustCall(t, a, root, "CreateUser", map[string]string{"UserName": "pat"})
	mustCall(t, a, root, "CreateLoginProfile", map[string]string{"UserName": "pat", "Password": "Long-enough-1"})
	pat := userIdentity(t, a, "pat")
	change := map[string]string{"OldPassword": "Long-enough-1", "NewPassword": "Long-enough-2"}
	mustCall(t, a, root, "SetSecurityPreference", map[string]string{"AllowUserToChangePassword": "false"})
	if _, err := invoke(t, a, pat, "ChangePassword", change); err == nil || err.Code != "NoPermission" || err.Denied == nil {
		t.Fatalf("ChangePassword with the preference off and no policy: %v", err)
	}
	mustCall(t, a, root, "SetSecurityPreference", map[string]string{"AllowUserToChangePassword": "true"})
	mustCall(t, a, pat, "ChangePassword", change)
}
