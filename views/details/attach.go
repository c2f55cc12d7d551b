package details

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// The two attach pickers are lists: filterable, space marks several, enter asks "Attach N
// policies to user X?" naming each; on yes they attach, close, and reload the screen that
// opened them (origin).

// NewAttach is the policy picker for attaching to principal `to`. already lists the policies
// attached now (shown as such).
func NewAttach(d *kit.Deps, to ramclient.Principal, already []ramclient.Policy, origin screen.ID) screen.Screen {
	has := ids(already, kit.PolicyID)
	t := components.NewTable(d.Theme, d.Keys, kit.PolicyID,
		kit.Col("NAME", 16, 40, kit.PolicyName),
		kit.Col("TYPE", 6, 6, func(p ramclient.Policy) string { return string(p.PolicyType) }),
		kit.Col("NOW", 8, 8, func(p ramclient.Policy) string { return attachedNow(has[kit.PolicyID(p)]) }),
		kit.Col("DESCRIPTION", 10, 0, func(p ramclient.Policy) string { return p.Description }),
	)
	t.SetEmptyText("No policies.")
	c := d.Client()
	s := kit.NewList(d, "Attach to "+kit.PrincipalLabel(to), t, func(ctx context.Context, marker string) (ramclient.Page[ramclient.Policy], error) {
		return c.ListPoliciesPage(ctx, ramclient.PolicyAny, marker)
	})
	pick(s, has, kit.PolicyID, func(sel []ramclient.Policy) tea.Cmd {
		return ifGrantsEverything(&s.Base, c, sel, func(danger kit.Danger) tea.Cmd {
			return kit.ConfirmDangerThen(&s.Base, "Attach "+kit.Plural(len(sel), "policy", "policies")+" to "+kit.PrincipalLabel(to)+"?", danger, sel,
				kit.PolicyLabel, nil, "Attached to "+kit.PrincipalLabel(to)+":",
				func(ctx context.Context, p ramclient.Policy) error {
					return c.AttachPolicy(ctx, to, p.PolicyName, p.PolicyType)
				})
		})
	}, origin)
	return s
}

// NewAttachMany is the policy picker for several principals at once (a on the marked rows of
// the Users, Groups or Roles list): each picked policy goes to each principal, and the
// confirmation names every pair. RAM answers EntityAlreadyExists for a pair attached already.
func NewAttachMany(d *kit.Deps, to []ramclient.Principal, origin screen.ID) screen.Screen {
	if len(to) == 1 {
		return NewAttach(d, to[0], nil, origin)
	}
	t := components.NewTable(d.Theme, d.Keys, kit.PolicyID,
		kit.Col("NAME", 16, 40, kit.PolicyName),
		kit.Col("TYPE", 6, 6, func(p ramclient.Policy) string { return string(p.PolicyType) }),
		kit.Col("DESCRIPTION", 10, 0, func(p ramclient.Policy) string { return p.Description }),
	)
	t.SetEmptyText("No policies.")
	c := d.Client()
	s := kit.NewList(d, "Attach to "+kit.Plural(len(to), "principal", "principals"), t, func(ctx context.Context, marker string) (ramclient.Page[ramclient.Policy], error) {
		return c.ListPoliciesPage(ctx, ramclient.PolicyAny, marker)
	})
	type pair struct {
		to ramclient.Principal
		p  ramclient.Policy
	}
	pick(s, nil, kit.PolicyID, func(sel []ramclient.Policy) tea.Cmd {
		var pairs []pair
		for _, p := range sel {
			for _, pr := range to {
				pairs = append(pairs, pair{pr, p})
			}
		}
		return ifGrantsEverything(&s.Base, c, sel, func(danger kit.Danger) tea.Cmd {
			return kit.ConfirmDangerThen(&s.Base, "Attach "+kit.Plural(len(sel), "policy", "policies")+" to "+kit.Plural(len(to), "principal", "principals")+"?", danger, pairs,
				func(x pair) string { return kit.PolicyLabel(x.p) + " to " + kit.PrincipalLabel(x.to) }, nil, "Attachments made:",
				func(ctx context.Context, x pair) error {
					return c.AttachPolicy(ctx, x.to, x.p.PolicyName, x.p.PolicyType)
				})
		})
	}, origin)
	return s
}

// AttachToSelected is a on a Users, Groups or Roles list: the policy picker for the marked
// rows (or the cursor's). It is listed in '?' help only: in the footer it pushed "? help" off
// a 120-column screen (the tmux journey caught it).
func AttachToSelected[T any](s *kit.List[T], principal func(T) ramclient.Principal) kit.Action {
	return kit.Action{Key: s.D.Keys.List.Attach, Help: "attach policies", Mutating: true, FullOnly: true, Do: func() tea.Cmd {
		sel := s.Table.Selected()
		if len(sel) == 0 {
			return nil
		}
		to := make([]ramclient.Principal, len(sel))
		for i, r := range sel {
			to[i] = principal(r)
		}
		return screen.Push(NewAttachMany(s.D, to, s.ID()))
	}}
}

// NewAttachTo is the principal picker (users, groups and roles) for attaching policy p;
// attached lists the principals it is attached to now.
func NewAttachTo(d *kit.Deps, p ramclient.Policy, attached []kit.Attachment, origin screen.ID) screen.Screen {
	has := ids(attached, kit.AttachmentID)
	t := components.NewTable(d.Theme, d.Keys, kit.AttachmentID,
		kit.Col("KIND", 5, 5, kit.AttachmentKind),
		kit.Col("NAME", 12, 40, func(a kit.Attachment) string { return a.Principal.Name }),
		kit.Col("NOW", 8, 8, func(a kit.Attachment) string { return attachedNow(has[kit.AttachmentID(a)]) }),
		kit.Col("ABOUT", 10, 0, func(a kit.Attachment) string { return a.About }),
	)
	c := d.Client()
	s := kit.NewList(d, "Attach "+p.PolicyName, t, func(ctx context.Context, _ string) (ramclient.Page[kit.Attachment], error) {
		var e ramclient.PolicyEntities
		var err error
		if e.Users, err = c.AllUsers(ctx); err == nil {
			if e.Groups, err = c.AllGroups(ctx); err == nil {
				e.Roles, err = c.AllRoles(ctx)
			}
		}
		if err != nil {
			return ramclient.Page[kit.Attachment]{}, err
		}
		return ramclient.Page[kit.Attachment]{Items: kit.Attachments(e)}, nil
	})
	pick(s, has, kit.AttachmentID, func(sel []kit.Attachment) tea.Cmd {
		return ifGrantsEverything(&s.Base, c, []ramclient.Policy{p}, func(danger kit.Danger) tea.Cmd {
			return kit.ConfirmDangerThen(&s.Base, "Attach "+p.PolicyName+" ("+string(p.PolicyType)+") to "+kit.Plural(len(sel), "principal", "principals")+"?", danger, sel,
				kit.AttachmentLabel, nil, "Attached "+p.PolicyName+" to principals:",
				func(ctx context.Context, a kit.Attachment) error {
					return c.AttachPolicy(ctx, a.Principal, p.PolicyName, p.PolicyType)
				})
		})
	}, origin)
	return s
}

// ifGrantsEverything reads the documents of policies ps and asks the question confirm builds:
// with a Danger (the policy name typed) when one of them allows * on * -- AdministratorAccess,
// or a custom policy that says the same, as policy.Lint tells -- since attaching it gives the
// whole account away. When a document cannot be read (no ram:GetPolicy), the question says so
// and stays y/N: the user may still attach what they know.
func ifGrantsEverything(b *kit.Base, c *ramclient.Client, ps []ramclient.Policy, confirm func(kit.Danger) tea.Cmd) tea.Cmd {
	ctx := b.Ctx
	return screen.Call(0, func() tea.Msg { // to the root: the answer is the confirmation itself
		var all, unread []string
		for _, p := range ps {
			full, err := c.GetPolicy(ctx, p.PolicyName, p.PolicyType)
			switch {
			case err != nil:
				unread = append(unread, p.PolicyName+" ("+kit.ErrLine(err)+")")
			case allowsAll(full.Document):
				all = append(all, p.PolicyName)
			}
		}
		danger := kit.Danger{}
		if len(unread) > 0 {
			danger.Consequence = "What " + strings.Join(unread, ", ") + " allows could not be read."
		}
		if len(all) > 0 {
			danger = kit.Danger{Typed: all[0], Consequence: "Policy " + strings.Join(all, ", ") +
				" allows every action on every resource: whoever gets it controls the whole account."}
		}
		return confirm(danger)()
	})
}

// allowsAll reports whether a permission policy document allows * on * (policy.Lint's
// allow-all finding).
func allowsAll(doc string) bool {
	d, err := policy.Parse(doc, policy.Permission)
	if err != nil {
		return false
	}
	for _, f := range policy.Lint(d, policy.Permission, "") {
		if f.Rule == policy.RuleAllowAll {
			return true
		}
	}
	return false
}

// pick makes a list a picker: enter confirms the marked rows not attached already; after a
// change that attached something, the picker closes and origin reloads.
func pick[T any](s *kit.List[T], has map[string]bool, id func(T) string, attach func([]T) tea.Cmd, origin screen.ID) {
	pickTo(s, "attach", "Already attached: nothing to do.", has, id, attach, origin)
}

// pickTo is pick with its own words (help of enter, and what to say when every marked row
// is there already).
func pickTo[T any](s *kit.List[T], verb, already string, has map[string]bool, id func(T) string, attach func([]T) tea.Cmd, origin screen.ID) {
	s.Actions = kit.Actions{{Key: s.D.Keys.List.Open, Help: verb, Mutating: true, Do: func() tea.Cmd {
		var sel []T
		for _, r := range s.Table.Selected() {
			if !has[id(r)] {
				sel = append(sel, r)
			}
		}
		if len(sel) == 0 {
			return screen.Flash(already)
		}
		return attach(sel)
	}}}
	s.After = func(m kit.MutatedMsg) tea.Cmd {
		flash := kit.AfterMutation(m, nil)
		if m.OK == 0 {
			return flash // nothing attached: stay, so the user can pick again
		}
		return tea.Batch(flash, screen.Send(origin, kit.ReloadMsg{}), screen.Pop())
	}
}

func attachedNow(yes bool) string {
	if yes {
		return "attached"
	}
	return ""
}

// ids is the set of the rows' ids (what is attached now).
func ids[T any](rows []T, id func(T) string) map[string]bool {
	set := make(map[string]bool, len(rows))
	for _, r := range rows {
		set[id(r)] = true
	}
	return set
}
