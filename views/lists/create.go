package lists

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
)

// Creating a role or a custom policy: n asks for the name, then opens $EDITOR on a starting
// document (a trust policy for the current account, or an empty permission policy); what is
// saved is created after a y/N question. ramclient checks the name and the document with
// package policy before any call, so mistakes come back as clear messages.

// creation is the state between the name prompt and the editor's answer.
type creation struct {
	kind string // "role" or "policy"
	name string
	tmpl string // the starting document: saved unchanged means "cancelled"
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

// askNewRole asks for a role name, then edits a trust policy trusting this account.
func askNewRole(b *kit.Base, pending *creation) tea.Cmd {
	c := b.D.Client()
	return screen.Cmd(screen.InputMsg{Prompt: "New role name:", OnSubmit: func(name string) tea.Cmd {
		if name == "" {
			return screen.Flash("Nothing entered: nothing changed.")
		}
		*pending = creation{kind: "role", name: name}
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
	}})
}

// askNewPolicy asks for a policy name, then edits a starting permission policy.
func askNewPolicy(b *kit.Base, pending *creation) tea.Cmd {
	return screen.Cmd(screen.InputMsg{Prompt: "New policy name:", OnSubmit: func(name string) tea.Cmd {
		if name == "" {
			return screen.Flash("Nothing entered: nothing changed.")
		}
		*pending = creation{kind: "policy", name: name, tmpl: newPolicyTemplate}
		return screen.Edit(b.ID(), newPolicyTemplate, "new-policy", "json")
	}})
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
	if pending.kind == "role" {
		return kit.ConfirmOnce(b, "Create role "+pending.name+"? Who could assume it:", strings.Split(details.WhoCanAssume(doc), "\n"),
			"Created role "+pending.name,
			func(ctx context.Context) error {
				_, err := c.CreateRole(ctx, ramclient.NewRole{RoleName: pending.name, TrustPolicy: doc})
				return err
			})
	}
	return kit.ConfirmOnce(b, "Create custom policy "+pending.name+"?", []string{"with the document you saved"},
		"Created policy "+pending.name,
		func(ctx context.Context) error {
			_, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: pending.name, Document: doc})
			return err
		})
}
