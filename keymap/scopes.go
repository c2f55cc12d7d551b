package keymap

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// Entry is one named binding of a scope; Name is what a config file uses ("list.delete").
type Entry struct {
	Name     string
	Binding  *key.Binding
	Mutating bool // changes the account: disabled in read-only mode
}

// Scope is a named group of bindings.
type Scope struct {
	Name    string
	Entries []Entry
}

// Scopes lists every binding by scope, in a stable order. Entries point into k, so changing a
// binding through an Entry changes k.
func (k *KeyMap) Scopes() []Scope {
	g, n, l, d := &k.Global, &k.Nav, &k.List, &k.Detail
	return []Scope{
		{"global", []Entry{
			{Name: "palette", Binding: &g.Palette}, {Name: "help", Binding: &g.Help},
			{Name: "back", Binding: &g.Back}, {Name: "quit", Binding: &g.Quit},
			{Name: "force_quit", Binding: &g.ForceQuit},
			{Name: "users", Binding: &g.Users}, {Name: "groups", Binding: &g.Groups},
			{Name: "roles", Binding: &g.Roles}, {Name: "policies", Binding: &g.Policies},
			{Name: "keys", Binding: &g.Keys}, {Name: "providers", Binding: &g.Providers},
			{Name: "next_tab", Binding: &g.NextTab},
			{Name: "prev_tab", Binding: &g.PrevTab}, {Name: "log", Binding: &g.Log},
			{Name: "error", Binding: &g.Error},
		}},
		{"nav", []Entry{
			{Name: "up", Binding: &n.Up}, {Name: "down", Binding: &n.Down},
			{Name: "top", Binding: &n.Top}, {Name: "bottom", Binding: &n.Bottom},
			{Name: "page_up", Binding: &n.PageUp}, {Name: "page_down", Binding: &n.PageDown},
		}},
		{"list", []Entry{
			{Name: "open", Binding: &l.Open}, {Name: "filter", Binding: &l.Filter},
			{Name: "mark", Binding: &l.Mark}, {Name: "mark_all", Binding: &l.MarkAll},
			{Name: "sort", Binding: &l.Sort}, {Name: "sort_reverse", Binding: &l.SortReverse},
			{Name: "refresh", Binding: &l.Refresh}, {Name: "copy", Binding: &l.Copy},
			{Name: "toggle", Binding: &l.Toggle}, {Name: "switch_role", Binding: &l.SwitchRole},
			{Name: "simulate", Binding: &l.Simulate},
			{Name: "attach", Binding: &l.Attach, Mutating: true},
			{Name: "detach", Binding: &l.Detach, Mutating: true},
			{Name: "new", Binding: &l.New, Mutating: true},
			{Name: "edit", Binding: &l.Edit, Mutating: true},
			{Name: "delete", Binding: &l.Delete, Mutating: true},
		}},
		{"detail", []Entry{
			{Name: "open", Binding: &d.Open},
			{Name: "next_section", Binding: &d.NextSection},
			{Name: "prev_section", Binding: &d.PrevSection},
			{Name: "refresh", Binding: &d.Refresh}, {Name: "copy", Binding: &d.Copy},
			{Name: "switch_role", Binding: &d.SwitchRole},
			{Name: "attach", Binding: &d.Attach, Mutating: true},
			{Name: "detach", Binding: &d.Detach, Mutating: true},
			{Name: "new", Binding: &d.New, Mutating: true},
			{Name: "edit", Binding: &d.Edit, Mutating: true},
			{Name: "delete", Binding: &d.Delete, Mutating: true},
			{Name: "toggle", Binding: &d.Toggle, Mutating: true},
			{Name: "reveal", Binding: &d.Reveal},
			{Name: "simulate", Binding: &d.Simulate},
			{Name: "modify", Binding: &d.Modify, Mutating: true},
			{Name: "who_can", Binding: &d.WhoCan},
		}},
		{"filter", []Entry{
			{Name: "accept", Binding: &k.Filter.Accept}, {Name: "clear", Binding: &k.Filter.Clear},
		}},
		{"prompt", []Entry{
			{Name: "yes", Binding: &k.Prompt.Yes}, {Name: "no", Binding: &k.Prompt.No},
			{Name: "submit", Binding: &k.Prompt.Submit},
		}},
		{"palette", []Entry{
			{Name: "run", Binding: &k.Palette.Run}, {Name: "complete", Binding: &k.Palette.Complete},
			{Name: "cancel", Binding: &k.Palette.Cancel},
			{Name: "prev", Binding: &k.Palette.Prev}, {Name: "next", Binding: &k.Palette.Next},
		}},
		{"switch", k.Switch.Entries()},
		{"audit", k.Audit.Entries()},
		{"grant", k.Grant.Entries()},
	}
}

// Contexts lists which scopes are live at the same time: in normal mode a screen's scope plus
// nav and global; in a modal scope (filter, prompt, palette) only that scope plus ctrl+c.
// The list-scope toggle is not mutating on the policies list (System/Custom) but is on keys;
// it is treated as non-mutating here and screens decide.
var Contexts = [][]string{
	{"global", "nav", "list"},
	{"global", "nav", "detail"},
	{"filter", "global.force_quit"},
	{"prompt", "global.force_quit"},
	{"palette", "global.force_quit"},
	// The switch-role screens share one scope; each screen has its own keys live.
	{"global", "nav", "list.filter", "switch.choose", "switch.favourite", "switch.type_arn", "switch.doctor", "switch.refresh"},
	{"switch.next_field", "switch.prev_field", "switch.submit", "switch.cancel", "switch.edit_policy", "switch.clear_policy", "global.force_quit"},
	{"global", "nav", "switch.reveal", "switch.copy_export", "switch.save_profile", "switch.subshell", "switch.browse_as", "switch.renew", "switch.console_url", "switch.copy_json"},
	{"global", "nav", "switch.apply_fix"},
	// The :audit findings list and a finding's screen.
	{"global", "nav", "list", "audit"},
	{"global", "nav", "detail", "audit"},
	// The grant's screen (plan, progress, verification).
	{"global", "nav", "detail", "grant"},
}

// Validate reports an error naming both bindings when two enabled bindings that are live at
// the same time share a key.
func (k *KeyMap) Validate() error {
	byName := map[string]Entry{}
	scopes := map[string][]string{}
	for _, s := range k.Scopes() {
		for _, e := range s.Entries {
			full := s.Name + "." + e.Name
			byName[full] = e
			scopes[s.Name] = append(scopes[s.Name], full)
		}
	}
	var problems []string
	for _, ctx := range Contexts {
		owner := map[string]string{} // key -> full binding name
		var names []string
		for _, part := range ctx {
			if list, ok := scopes[part]; ok {
				names = append(names, list...)
			} else {
				names = append(names, part)
			}
		}
		for _, name := range names {
			e := byName[name]
			if !e.Binding.Enabled() {
				continue
			}
			for _, kk := range e.Binding.Keys() {
				if prev, ok := owner[kk]; ok && prev != name {
					problems = append(problems, fmt.Sprintf("key %q is bound to both %s and %s", kk, prev, name))
					continue
				}
				owner[kk] = name
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	problems = dedupe(problems)
	return fmt.Errorf("key bindings clash: %s", strings.Join(problems, "; "))
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
