package views

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
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
func askNewRole(b *base, c *ramclient.Client, pending *creation) tea.Cmd {
	return screen.Cmd(screen.InputMsg{Prompt: "New role name:", OnSubmit: func(name string) tea.Cmd {
		if name == "" {
			return screen.Flash("Nothing entered: nothing changed.")
		}
		*pending = creation{kind: "role", name: name}
		ctx := b.ctx
		return startEditWith(b, func() (string, error) {
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
func askNewPolicy(b *base, pending *creation) tea.Cmd {
	return screen.Cmd(screen.InputMsg{Prompt: "New policy name:", OnSubmit: func(name string) tea.Cmd {
		if name == "" {
			return screen.Flash("Nothing entered: nothing changed.")
		}
		*pending = creation{kind: "policy", name: name, tmpl: newPolicyTemplate}
		return startEditWith(b, func() (string, error) { return newPolicyTemplate, nil })
	}})
}

// created asks to create what the editor saved.
func created(b *base, c *ramclient.Client, pending creation, m editedMsg) tea.Cmd {
	if m.err != nil {
		return screen.FlashError(m.err.Error())
	}
	if strings.TrimSpace(m.text) == "" || (pending.tmpl != "" && sameJSON(m.text, pending.tmpl)) {
		return screen.Flash("Nothing saved: nothing created.")
	}
	doc := m.text
	if pending.kind == "role" {
		return confirmOnce(b, "Create role "+pending.name+"? Who could assume it:", strings.Split(whoCanAssume(doc), "\n"),
			"Created role "+pending.name,
			func(ctx context.Context) error {
				_, err := c.CreateRole(ctx, ramclient.NewRole{RoleName: pending.name, TrustPolicy: doc})
				return err
			})
	}
	return confirmOnce(b, "Create custom policy "+pending.name+"?", []string{"with the document you saved"},
		"Created policy "+pending.name,
		func(ctx context.Context) error {
			_, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: pending.name, Document: doc})
			return err
		})
}
