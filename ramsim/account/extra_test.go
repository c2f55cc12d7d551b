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

// The account stores only valid UTF-8; control characters are kept (hostile text for clients).
func TestParamsMustBeUTF8(t *testing.T) {
	a, _ := newTestAccount(t, "empty")
	root := a.rootIdentity()
	if _, err := invoke(t, a, root, "CreateUser", map[string]string{"UserName": "bad", "Comments": "a\xffb"}); err == nil || err.Status != 400 {
		t.Fatalf("invalid UTF-8 accepted: %v", err)
	}
	if _, err := invoke(t, a, root, "GetUser", map[string]string{"UserName": "bad"}); err == nil || err.Status != 404 {
		t.Fatalf("the refused user exists: %v", err)
	}
	hostile := "hi\x1b]0;PWNED\a\x1b[2J"
	mustCall(t, a, root, "CreateUser", map[string]string{"UserName": "esc", "Comments": hostile})
	got := mustCall(t, a, root, "GetUser", map[string]string{"UserName": "esc"})
	if c := got["User"].(map[string]any)["Comments"]; c != hostile {
		t.Fatalf("Comments = %q, want the control characters kept", c)
	}
}
