package details

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/switchrole"
)

// NewRole is the screen of one role: ARN, max session, the trust policy as "who can assume"
// and as JSON, and its policies. s switches into the role; e edits the trust policy.
func NewRole(d *kit.Deps, name string) screen.Screen {
	c := d.Client()
	s := kit.NewDetail(d, "role", name, func(ctx context.Context) (ramclient.RoleDetail, error) {
		return c.RoleDetail(ctx, name)
	})
	who := kit.AddText(s, "Who can assume")
	trustDoc := kit.AddText(s, "Trust policy")
	policies, policyActions := attachedPolicies(s, ramclient.RolePrincipal(name), "No policies attached.")
	var role ramclient.Role
	s.Show = func(rd ramclient.RoleDetail) []kit.Field {
		role = rd.Role
		r := rd.Role
		who.SetText(WhoCanAssume(r.TrustPolicy))
		trustDoc.SetJSON(r.TrustPolicy)
		policies.Fill(rd.Policies)
		return []kit.Field{
			kit.F("Name", r.RoleName), kit.F("ARN", r.Arn), kit.F("Max session", kit.Duration(r.MaxSessionDuration)),
			kit.F("Created", kit.DateTime(r.CreateDate)), kit.F("Updated", kit.DateTime(r.UpdateDate)), kit.F("Description", r.Description),
		}
	}
	s.Copy = func() (string, string) {
		if role.Arn == "" {
			return name, "role name " + name
		}
		return role.Arn, "ARN of role " + name
	}
	k := d.Keys.Detail
	s.Actions = append(kit.Actions{{Key: k.SwitchRole, Do: func() tea.Cmd { return switchrole.Open(d, name) }}},
		append(policyActions, kit.Action{Key: k.Edit, Help: "edit trust", Mutating: true,
			When: func() bool { return role.TrustPolicy != "" },
			Do:   func() tea.Cmd { return kit.EditJSON(&s.Base, "trust-policy-"+name, role.TrustPolicy) }})...)
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(screen.EditedMsg); ok {
			return editedTrust(&s.Base, name, role.TrustPolicy, m)
		}
		return nil
	}
	return s
}

// editedTrust asks to replace the trust policy with what was saved, showing who could assume
// the role afterwards. ramclient validates the document before any call.
func editedTrust(b *kit.Base, name, old string, m screen.EditedMsg) tea.Cmd {
	if m.Err != nil {
		return screen.FlashError(m.Err.Error())
	}
	if kit.SameJSON(m.Text, old) {
		return screen.Flash("Trust policy unchanged: nothing changed.")
	}
	c, doc := b.D.Client(), m.Text
	return kit.ConfirmOnce(b, "Replace the trust policy of role "+name+"? Afterwards:", strings.Split(WhoCanAssume(doc), "\n"),
		"Replaced the trust policy of role "+name,
		func(ctx context.Context) error {
			_, err := c.UpdateTrustPolicy(ctx, name, doc)
			return err
		})
}
