package kit

import (
	"strings"
	"time"

	"github.com/ramtui/ramtui/ramclient"
)

// Attachment is a user, group or role a policy is (or may be) attached to: a row of a policy's
// "Attached to" section and of the principal picker.
type Attachment struct {
	Principal ramclient.Principal
	Date      time.Time // when attached; zero in the picker
	About     string    // display name, comments or description
}

// Kind is "user", "group" or "role".
func (a Attachment) Kind() string { return strings.ToLower(string(a.Principal.Kind)) }

// Attachments are a policy's entities as rows.
func Attachments(e ramclient.PolicyEntities) []Attachment {
	var out []Attachment
	for _, u := range e.Users {
		out = append(out, Attachment{Principal: ramclient.UserPrincipal(u.UserName), Date: u.AttachDate, About: u.DisplayName})
	}
	for _, g := range e.Groups {
		out = append(out, Attachment{Principal: ramclient.GroupPrincipal(g.GroupName), Date: g.AttachDate, About: g.Comments})
	}
	for _, r := range e.Roles {
		out = append(out, Attachment{Principal: ramclient.RolePrincipal(r.RoleName), Date: r.AttachDate, About: r.Description})
	}
	return out
}
