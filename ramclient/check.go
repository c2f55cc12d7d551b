package ramclient

import "time"

// The Check functions validate one field as the client will before the call, with the same
// rules and words, so a form can say what is wrong under the field while it is typed rather
// than after submitting. "" is accepted where the API lets a field be left out.

func CheckRoleName(v string) error          { return newRoleName("", "RoleName", v) }
func CheckPolicyName(v string) error        { return newPolicyName("", "PolicyName", v) }
func CheckDescription(v string) error       { return maxLen("", "Description", v, 1024) }
func CheckDisplayName(v string) error       { return displayName("", "DisplayName", v) }
func CheckEmail(v string) error             { return email("", "Email", v) }
func CheckMobilePhone(v string) error       { return mobile("", "MobilePhone", v) }
func CheckUserComments(v string) error      { return maxLen("", "Comments", v, 128) }
func CheckMaxSession(d time.Duration) error { return maxSessionDuration("", "MaxSessionDuration", d) }
