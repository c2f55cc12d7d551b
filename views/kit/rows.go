package kit

import (
	"strconv"
	"strings"

	"github.com/ramtui/ramtui/ramclient"
)

// What lists and details share about RAM rows: their ids and names, the copy action's text,
// and when a key is old.

func GroupName(g ramclient.Group) string         { return g.GroupName }
func UserName(u ramclient.User) string           { return u.UserName }
func RoleName(r ramclient.Role) string           { return r.RoleName }
func KeyID(k ramclient.AccessKey) string         { return k.AccessKeyID }
func PolicyName(p ramclient.Policy) string       { return p.PolicyName }
func PolicyID(p ramclient.Policy) string         { return string(p.PolicyType) + ":" + p.PolicyName }
func PolicyLabel(p ramclient.Policy) string      { return p.PolicyName + " (" + string(p.PolicyType) + ")" }
func VersionID(v ramclient.PolicyVersion) string { return v.VersionID }

func AttachmentID(a Attachment) string    { return a.Kind() + ":" + a.Principal.Name }
func AttachmentKind(a Attachment) string  { return a.Kind() }
func AttachmentLabel(a Attachment) string { return a.Kind() + " " + a.Principal.Name }

// PrincipalLabel is "user alice", "group ops", "role admin".
func PrincipalLabel(p ramclient.Principal) string { return AttachmentLabel(Attachment{Principal: p}) }

// CopyName is c on a row: its name ("user name alice").
func CopyName[T any](kind string, name func(T) string) func(T) (string, string) {
	return func(r T) (string, string) { return name(r), kind + " name " + name(r) }
}

// OldKeyDays is when an AccessKey is due for rotation and stands out.
const OldKeyDays = 90

// OldKey reports keys older than OldKeyDays by Deps' clock.
func OldKey(d *Deps) func(ramclient.AccessKey) bool {
	return func(k ramclient.AccessKey) bool { return Days(d.CurrentTime(), k.CreateDate) > OldKeyDays }
}

// FlipStatus is the other AccessKey status.
func FlipStatus(st string) string {
	if st == ramclient.KeyActive {
		return ramclient.KeyInactive
	}
	return ramclient.KeyActive
}

// copyRows is what c copies: the marked rows (or the cursor's, as Selected gives them), one a
// line. ok is false when there is no row.
func copyRows[T any](rows []T, copyRow func(T) (text, what string)) (text, what string, ok bool) {
	switch len(rows) {
	case 0:
		return "", "", false
	case 1:
		text, what = copyRow(rows[0])
		return text, what, true
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i], _ = copyRow(r)
	}
	return strings.Join(lines, "\n"), strconv.Itoa(len(rows)) + " rows", true
}
