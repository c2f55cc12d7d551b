package lists

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
)

// Creating a role or a custom policy: n opens a form (name, description; a role also its
// maximum session), then $EDITOR on a starting document (a trust policy for the current
// account, or an empty permission policy); what is saved is created after a y/N question.
// The form checks each field as it is typed with ramclient's own rules (ramclient.Check*),
// and ramclient checks them again with the document before any call.

// creation is the state between the form and the editor's answer.
type creation struct {
	kind        string // "role" or "policy"
	name        string
	description string
	maxSession  time.Duration // roles
	tmpl        string        // the starting document: saved unchanged means "cancelled"
}

// newEntityForm is the form before the editor: name, description and (roles) max session.
func newEntityForm(b *kit.Base, pending *creation, kind string, check func(string) error, edit func() tea.Cmd) tea.Cmd {
	c := creation{kind: kind, maxSession: time.Hour}
	f := kit.NewForm(b.D, "New "+kind, func() []kit.Page {
		fields := []huh.Field{
			huh.NewInput().Title(strings.ToUpper(kind[:1]) + kind[1:] + " name").Value(&c.name).Validate(check),
			huh.NewInput().Title("Description").Placeholder("optional, up to 1024 characters").Value(&c.description).Validate(ramclient.CheckDescription),
		}
		if kind == "role" {
			fields = append(fields, huh.NewSelect[time.Duration]().Title("Max session").
				Description("how long a session of this role may last").Options(kit.MaxSessionOptions(0)...).Value(&c.maxSession))
		}
		return []kit.Page{{Fields: fields}}
	})
	f.Header = func(int) []string {
		return []string{b.D.Theme.Dim.Render("Then your editor opens on the " + map[string]string{"role": "trust policy", "policy": "policy document"}[kind] + ".")}
	}
	f.Submit = func() tea.Cmd {
		*pending = c
		return tea.Sequence(screen.Pop(), edit())
	}
	return screen.Push(f)
}

const newPolicyTemplate = `{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "ecs:Describe*"
      ],
      "Resource": [
        "*"
      ]
    }
  ]
}
`

// askNewRole asks for a role's name, description and max session, then edits a trust policy
// trusting this account.
func askNewRole(b *kit.Base, pending *creation) tea.Cmd {
	c := b.D.Client()
	return newEntityForm(b, pending, "role", ramclient.CheckRoleName, func() tea.Cmd {
		return kit.EditBuilt(b, "new-role", func(ctx context.Context) (string, error) {
			id, err := c.CallerIdentity(ctx)
			if err != nil {
				return "", err
			}
			doc, err := policy.TrustAccountPolicy(id.AccountID, "")
			if err != nil {
				return "", err
			}
			return doc.Pretty() + "\n", nil
		})
	})
}

// askNewPolicy asks for a policy's name and description, then edits a starting permission
// policy.
func askNewPolicy(b *kit.Base, pending *creation) tea.Cmd {
	return newEntityForm(b, pending, "policy", ramclient.CheckPolicyName, func() tea.Cmd {
		pending.tmpl = newPolicyTemplate
		return kit.EditDoc(b, "new-policy", newPolicyTemplate)
	})
}

// created asks to create what the editor saved.
func created(b *kit.Base, pending creation, m screen.EditedMsg) tea.Cmd {
	c := b.D.Client()
	if m.Err != nil {
		return screen.FlashError(m.Err.Error())
	}
	if strings.TrimSpace(m.Text) == "" || (pending.tmpl != "" && kit.SameJSON(m.Text, pending.tmpl)) {
		return screen.Flash("Nothing saved: nothing created.")
	}
	doc := m.Text
	kind, draft := policy.Permission, "new-policy"
	if pending.kind == "role" {
		kind, draft = policy.Trust, "new-role"
	}
	if cmd, ok := kit.Unreadable(b, draft, doc, kind); ok {
		return cmd
	}
	again := b.D.Keys.List.New.Help().Key
	if pending.kind == "role" {
		lines := append(strings.Split(details.WhoCanAssume(doc), "\n"), "max session "+kit.Duration(pending.maxSession))
		if pending.description != "" {
			lines = append(lines, "description: "+pending.description)
		}
		return kit.ConfirmEdited(b, kit.EditedDoc{Name: draft, Doc: doc, Again: again},
			"Create role "+pending.name+"? Who could assume it:", lines, kit.Lint(doc, policy.Trust, ""),
			"Created role "+pending.name, "",
			func(ctx context.Context) error {
				_, err := c.CreateRole(ctx, ramclient.NewRole{RoleName: pending.name, TrustPolicy: doc,
					Description: pending.description, MaxSessionDuration: pending.maxSession})
				return err // refused, or no: n reopens on it
			})
	}
	lines := []string{"with the document you saved"}
	if pending.description != "" {
		lines = append(lines, "description: "+pending.description)
	}
	return kit.ConfirmEdited(b, kit.EditedDoc{Name: draft, Doc: doc, Again: again},
		"Create custom policy "+pending.name+"?", lines, kit.Lint(doc, policy.Permission, ""),
		"Created policy "+pending.name, kit.PolicyID(ramclient.Policy{PolicyName: pending.name, PolicyType: ramclient.PolicyCustom}),
		func(ctx context.Context) error {
			_, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: pending.name, Document: doc, Description: pending.description})
			return err // refused, or no: n reopens on it
		})
}
