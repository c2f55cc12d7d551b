package views

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// What the detail screens share about related entities: their row ids, how enter opens them,
// and the Policies section of a principal with its attach and detach actions.

func groupName(g ramclient.Group) string         { return g.GroupName }
func userName(u ramclient.User) string           { return u.UserName }
func keyID(k ramclient.AccessKey) string         { return k.AccessKeyID }
func policyName(p ramclient.Policy) string       { return p.PolicyName }
func policyID(p ramclient.Policy) string         { return string(p.PolicyType) + ":" + p.PolicyName }
func policyLabel(p ramclient.Policy) string      { return p.PolicyName + " (" + string(p.PolicyType) + ")" }
func versionID(v ramclient.PolicyVersion) string { return v.VersionID }

func openGroup(d *Deps) func(ramclient.Group) tea.Cmd {
	return func(g ramclient.Group) tea.Cmd { return screen.Push(NewGroup(d, g.GroupName)) }
}

func openUser(d *Deps) func(ramclient.User) tea.Cmd {
	return func(u ramclient.User) tea.Cmd { return screen.Push(NewUser(d, u.UserName)) }
}

// copyName is c on a related row: its name.
func copyName[T any](kind string, name func(T) string) func(T) (string, string) {
	return func(r T) (string, string) { return name(r), kind + " name " + name(r) }
}

// oldKeyDays is when an AccessKey is due for rotation and stands out.
const oldKeyDays = 90

func oldKey(d *Deps) func(ramclient.AccessKey) bool {
	return func(k ramclient.AccessKey) bool { return kit.Days(d.CurrentTime(), k.CreateDate) > oldKeyDays }
}

// attachedPolicies adds the Policies section of a user, group or role, with a (attach more,
// in the policy picker; from any section) and x (detach the marked policies).
func attachedPolicies[E any](s *kit.Detail[E], to ramclient.Principal, empty string) (*kit.TableSection[ramclient.Policy], kit.Actions) {
	d, c := s.D, s.D.Client()
	sec := kit.AddTable(s, "Policies", empty, policyID,
		kit.Col("POLICY", 16, 40, policyName), kit.Col("TYPE", 6, 6, func(p ramclient.Policy) string { return string(p.PolicyType) }),
		kit.Col("ATTACHED", 10, 10, func(p ramclient.Policy) string { return kit.Date(p.AttachDate) }),
		kit.Col("DESCRIPTION", 10, 0, func(p ramclient.Policy) string { return p.Description }))
	sec.Open = func(p ramclient.Policy) tea.Cmd { return screen.Push(NewPolicy(d, p.PolicyName, p.PolicyType)) }
	sec.CopyRow = copyName("policy", policyName)
	k := d.Keys.Detail
	return sec, kit.Actions{
		{Key: k.Attach, Mutating: true, Do: func() tea.Cmd {
			return screen.Push(NewAttach(d, to, sec.Items(), s.ID()))
		}},
		{Key: k.Detach, Help: "detach", Mutating: true, When: func() bool { return s.Showing(sec) }, Do: func() tea.Cmd {
			sel := sec.Selected()
			return kit.ConfirmThen(&s.Base, "Detach "+kit.Plural(len(sel), "policy", "policies")+" from "+principalLabel(to)+"?", sel,
				policyLabel, "Detached:",
				func(ctx context.Context, p ramclient.Policy) error {
					return c.DetachPolicy(ctx, to, p.PolicyName, p.PolicyType)
				})
		}},
	}
}

func attachmentID(a kit.Attachment) string    { return a.Kind() + ":" + a.Principal.Name }
func attachmentKind(a kit.Attachment) string  { return a.Kind() }
func attachmentLabel(a kit.Attachment) string { return a.Kind() + " " + a.Principal.Name }

// openPrincipal is the screen of a user, group or role.
func openPrincipal(d *Deps, p ramclient.Principal) screen.Screen {
	switch p.Kind {
	case ramclient.PrincipalUser:
		return NewUser(d, p.Name)
	case ramclient.PrincipalGroup:
		return NewGroup(d, p.Name)
	}
	return NewRole(d, p.Name)
}

// principalLabel is "user alice", "group ops", "role admin".
func principalLabel(p ramclient.Principal) string {
	return kit.Attachment{Principal: p}.Kind() + " " + p.Name
}
