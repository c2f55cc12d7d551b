package details

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ramtui/ramtui/policy"
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
		if r.ServiceLinked() {
			who.SetWrapped(ServiceLinkedNote(r) + "\n\n" + WhoCanAssume(r.TrustPolicy))
		} else {
			who.SetWrapped(WhoCanAssume(r.TrustPolicy))
		}
		trustDoc.SetJSON(r.TrustPolicy)
		policies.Fill(rd.Policies)
		fields := []kit.Field{kit.F("Name", r.RoleName)}
		if r.ServiceLinked() { // in the first column, where it is not cut
			fields = append(fields, kit.F("Managed by", linkedService(r)+" (service-linked)"))
		}
		return append(fields, kit.F("ARN", r.Arn), kit.F("Max session", kit.Duration(r.MaxSessionDuration)),
			kit.F("Created", kit.DateTime(r.CreateDate)), kit.F("Updated", kit.DateTime(r.UpdateDate)), kit.F("Description", r.Description))
	}
	s.Copy = func() (string, string) {
		if role.Arn == "" {
			return name, "role name " + name
		}
		return role.Arn, "ARN of role " + name
	}
	k := d.Keys.Detail
	// A service-linked role's trust and policies belong to its service: RAM refuses to change
	// them, so those keys are not offered (nor in help) once the role is known to be one.
	changeable := func() bool { return !role.ServiceLinked() }
	for i := range policyActions {
		policyActions[i].When = both(changeable, policyActions[i].When)
	}
	s.Actions = append(kit.Actions{{Key: k.SwitchRole, Do: func() tea.Cmd { return switchrole.Open(d, name) }}},
		append(policyActions, kit.Action{Key: k.Edit, Help: "edit trust", Mutating: true,
			When: func() bool { return role.TrustPolicy != "" && changeable() },
			Do:   func() tea.Cmd { return kit.EditJSON(&s.Base, "trust-policy-"+name, role.TrustPolicy) }})...)
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(screen.EditedMsg); ok {
			return editedTrust(&s.Base, name, role.TrustPolicy, m)
		}
		return nil
	}
	s.Actions = append(s.Actions, kit.Action{Key: k.Modify, Mutating: true, When: func() bool { return role.RoleName != "" && changeable() },
		Do: func() tea.Cmd { return editRole(&s.Base, role) }})
	s.Actions = append(s.Actions, simulateAction(d, ramclient.RolePrincipal(name)))
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
	if cmd, ok := kit.Unreadable(b, "trust-policy-"+name, doc, policy.Trust); ok {
		return cmd
	}
	return kit.ConfirmEdited(b, kit.EditedDoc{Name: "trust-policy-" + name, Doc: doc, Again: b.D.Keys.Detail.Edit.Help().Key},
		"Replace the trust policy of role "+name+"? Afterwards:", strings.Split(WhoCanAssume(doc), "\n"), kit.Lint(doc, policy.Trust, ""),
		"Replaced the trust policy of role "+name, "",
		func(ctx context.Context) error {
			_, err := c.UpdateTrustPolicy(ctx, name, doc)
			return err // refused, or no: e reopens on it
		})
}

// linkedService is the service a service-linked role's trust policy names.
func linkedService(r ramclient.Role) string {
	if ts, ok := parseTrust(r.TrustPolicy); ok {
		for _, t := range ts {
			if t.Kind == "Service" && !t.Deny {
				return t.Value
			}
		}
	}
	return "its cloud service"
}

// ServiceLinkedNote says plainly what a service-linked role is and what RAM will not do to it
// (one paragraph: the role screen wraps it to its width).
func ServiceLinkedNote(r ramclient.Role) string {
	return "This is a service-linked role: " + linkedService(r) + " created it and manages it. " +
		"Its trust policy and its policies are fixed: RAM refuses to edit the trust policy, " +
		"attach or detach policies, or delete the role. It is deleted from the service that uses it."
}

// both is a When that holds when a and b (nil: always) hold.
func both(a, b func() bool) func() bool {
	return func() bool { return (a == nil || a()) && (b == nil || b()) }
}

// editRole is the form of a role's description and maximum session (UpdateRole).
func editRole(b *kit.Base, r ramclient.Role) tea.Cmd {
	c := b.D.Client()
	up := ramclient.RoleUpdate{Description: r.Description, MaxSessionDuration: r.MaxSessionDuration}
	maxField := func() []huh.Field {
		return []huh.Field{huh.NewSelect[time.Duration]().Title("Max session").
			Options(kit.MaxSessionOptions(r.MaxSessionDuration)...).Value(&up.MaxSessionDuration)}
	}
	maxLine := func() []string {
		if up.MaxSessionDuration == r.MaxSessionDuration {
			return nil
		}
		return []string{"Max session: " + kit.Duration(r.MaxSessionDuration) + " → " + kit.Duration(up.MaxSessionDuration)}
	}
	return editForm(b, "Edit role "+r.RoleName, []edit{{"Description", r.Description, &up.Description, ramclient.CheckDescription}},
		maxField, maxLine, "Change role "+r.RoleName+"?", "Updated role "+r.RoleName, func(ctx context.Context) error {
			_, err := c.UpdateRole(ctx, r.RoleName, up)
			return err
		})
}
