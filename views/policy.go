package views

import (
	"context"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// policyScreen shows one policy: its default version pretty-printed and highlighted, the
// other versions (enter shows one), and who it is attached to.
type policyScreen struct {
	detail
	typ ramclient.PolicyType
	doc string
	pol ramclient.Policy
}

type policyMsg struct {
	seq int
	p   ramclient.PolicyDetail
	err error
}

// NewPolicy is the screen of one policy.
func NewPolicy(d *Deps, name string, typ ramclient.PolicyType) screen.Screen {
	s := &policyScreen{detail: newDetail(d, "policy", name), typ: typ}
	s.sections = []*section{
		{name: "Document", pager: components.NewPager(d.Keys), count: -1},
		{name: "Versions", table: linkTable(d, "No versions.", col{"VERSION", 8, 8}, col{"DEFAULT", 7, 7}, col{"CREATED", 16, 0})},
		{name: "Attached to", table: linkTable(d, "Not attached to anyone.", col{"KIND", 5, 5}, col{"NAME", 12, 40}, col{"ATTACHED", 10, 0})},
	}
	s.copyText = func() (string, string) {
		if s.doc != "" && s.active == 0 {
			return s.doc, "document of policy " + name
		}
		return name, "policy name " + name
	}
	k := d.Keys.Detail
	s.helpFor = func(section int) []key.Binding {
		if section == 2 {
			return []key.Binding{withHelp(k.Attach, "attach to…"), withHelp(k.Detach, "detach")}
		}
		if section == 1 && typ == ramclient.PolicyCustom {
			return []key.Binding{withHelp(k.Toggle, "make default"), withHelp(k.Delete, "delete version")}
		}
		if typ == ramclient.PolicyCustom {
			return []key.Binding{withHelp(k.Attach, "attach to…"), withHelp(k.Edit, "new version")}
		}
		return []key.Binding{withHelp(k.Attach, "attach to…")}
	}
	s.extraKeys = func(msg tea.KeyMsg) tea.Cmd {
		switch {
		case keyIs(msg, k.Edit) && s.pol.PolicyName != "":
			if s.typ != ramclient.PolicyCustom {
				return screen.Flash("System policies cannot be edited.")
			}
			return kit.EditJSON(&s.Base, "policy-"+name, s.doc)
		case keyIs(msg, k.Attach) && s.pol.PolicyName != "":
			return screen.Push(NewAttachTo(d, s.pol, s.sections[2].table.Items(), s.ID()))
		case keyIs(msg, k.Toggle) && s.active == 1 && typ == ramclient.PolicyCustom:
			v, ok := s.sections[1].table.Current()
			if !ok || v.cells[1] == "yes" {
				return screen.Flash("That version is the default already.")
			}
			c := d.Client
			return kit.ConfirmOnce(&s.Base, "Make "+v.name+" the default version of policy "+name+"?",
				[]string{"everyone it is attached to gets " + v.name + "'s permissions at once"},
				"Default version of "+name+" is now "+v.name,
				func(ctx context.Context) error { return c.SetDefaultPolicyVersion(ctx, name, v.name) })
		case keyIs(msg, k.Delete) && s.active == 1 && typ == ramclient.PolicyCustom:
			var sel []link
			for _, v := range s.sections[1].table.Selected() {
				if v.cells[1] != "yes" {
					sel = append(sel, v)
				}
			}
			if len(sel) == 0 {
				return screen.Flash("The default version cannot be deleted.")
			}
			c := d.Client
			return kit.ConfirmThen(&s.Base, "Delete "+plural(len(sel), "version", "versions")+" of policy "+name+"?", sel,
				func(l link) string { return l.name + " (created " + l.cells[2] + ")" }, "Deleted versions:",
				func(ctx context.Context, l link) error { return c.DeletePolicyVersion(ctx, name, l.name) })
		case keyIs(msg, k.Detach) && s.active == 2:
			sel := s.sections[2].table.Selected()
			c := d.Client
			return kit.ConfirmThen(&s.Base, "Detach policy "+name+" from "+plural(len(sel), "principal", "principals")+"?", sel,
				func(l link) string { return l.kind + " " + l.name }, "Detached:",
				func(ctx context.Context, l link) error { return c.DetachPolicy(ctx, linkPrincipal(l), name, typ) })
		}
		return nil
	}
	return s
}

func (s *policyScreen) Init() tea.Cmd { return s.load() }

func (s *policyScreen) load() tea.Cmd {
	s.seq++
	seq, ctx, c, name, typ := s.seq, s.Ctx, s.D.Client, s.name, s.typ
	return screen.Call(s.ID(), func() tea.Msg {
		p, err := c.PolicyDetail(ctx, name, typ)
		return policyMsg{seq: seq, p: p, err: err}
	})
}

func (s *policyScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case policyMsg:
		if msg.seq != s.seq {
			return s, nil
		}
		if msg.err != nil {
			return s, s.loadFailed(msg.err)
		}
		p := msg.p.Policy
		s.doc, s.pol = p.Document, p
		s.errText = ""
		s.setFields([]field{
			{"Name", p.PolicyName}, {"Type", string(p.PolicyType)},
			{"Default version", p.DefaultVersion}, {"Attachments", strconv.Itoa(p.AttachmentCount)},
			{"Created", dateTime(p.CreateDate)}, {"Updated", dateTime(p.UpdateDate)},
			{"Description", p.Description},
		})
		doc, _ := components.HighlightJSON(s.D.Theme, p.Document)
		s.sections[0].pager.SetContent(doc)
		var versions []link
		for _, v := range msg.p.Versions {
			def := ""
			if v.IsDefault {
				def = "yes"
			}
			versions = append(versions, link{kind: "version", name: v.VersionID, doc: v.Document,
				cells: []string{v.VersionID, def, dateTime(v.CreateDate)}})
		}
		s.fill(1, versions)
		var ents []link
		e := msg.p.Entities
		for _, u := range e.Users {
			ents = append(ents, link{kind: "user", name: u.UserName, cells: []string{"user", u.UserName, date(u.AttachDate)}})
		}
		for _, g := range e.Groups {
			ents = append(ents, link{kind: "group", name: g.GroupName, cells: []string{"group", g.GroupName, date(g.AttachDate)}})
		}
		for _, r := range e.Roles {
			ents = append(ents, link{kind: "role", name: r.RoleName, cells: []string{"role", r.RoleName, date(r.AttachDate)}})
		}
		s.fill(2, ents)
	case kit.MutatedMsg:
		return s, kit.AfterMutation(msg, s.load())
	case kit.ReloadMsg:
		return s, s.load()
	case screen.EditedMsg:
		return s, s.edited(msg)
	case tea.KeyMsg:
		return s, s.handleKey(msg, s.load)
	}
	return s, nil
}

// edited asks to save what the editor saved as a new default version.
func (s *policyScreen) edited(m screen.EditedMsg) tea.Cmd {
	if m.Err != nil {
		return screen.FlashError(m.Err.Error())
	}
	if sameJSON(m.Text, s.doc) {
		return screen.Flash("Document unchanged: nothing changed.")
	}
	versions := s.sections[1].table.Len()
	details := []string{"the new version becomes the default (" + s.pol.DefaultVersion + " stays as an older version)"}
	if versions >= 5 {
		details = append(details, "the policy has 5 versions: the oldest non-default one is deleted")
	}
	c, name, doc := s.D.Client, s.name, m.Text
	return kit.ConfirmOnce(&s.Base, "Save a new version of policy "+name+"?", details,
		"Saved a new default version of policy "+name,
		func(ctx context.Context) error {
			_, err := c.CreatePolicyVersion(ctx, name, ramclient.NewPolicyVersion{Document: doc, SetDefault: true, RotateOldest: true})
			return err
		})
}
