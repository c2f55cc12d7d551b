package details

import (
	"context"
	"maps"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/parallel"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// KeyActions are t (turn the selected AccessKeys on or off) and D (delete them), each after a
// y/N question naming every key: on a user's AccessKeys section and on the account-wide list.
// whose ends the questions ("" or " of user alice"); toggle and del are the screen's bindings.
// When the change would sign ramtui out (deleting or deactivating the key it signs in with,
// even among many marked keys), the question says so and the key id must be typed.
func KeyActions(b *kit.Base, selected func() []ramclient.AccessKey, whose string, when func() bool, toggle, del key.Binding) kit.Actions {
	c := b.D.Client()
	label := func(k ramclient.AccessKey) string { return k.AccessKeyID + " of " + k.UserName + " (" + k.Status + ")" }
	owner := func(k ramclient.AccessKey) kit.Entity { return kit.Entity{Kind: "user", Name: k.UserName} } // its user's lists read it again
	// signsOut is the Danger of changing keys sel when hits says which change signs out.
	signsOut := func(sel []ramclient.AccessKey, hits func(ramclient.AccessKey) bool) kit.Danger {
		for _, k := range sel {
			if hits(k) && b.D.Session.SignedInWith(k.AccessKeyID) {
				return kit.Danger{Typed: k.AccessKeyID, Consequence: "AccessKey " + k.AccessKeyID +
					" is the one ramtui is signed in with: you will be signed out, and every program using it stops working."}
			}
		}
		return kit.Danger{}
	}
	return kit.Actions{
		{Key: toggle, Help: "key on/off", Mutating: true, When: when, Do: func() tea.Cmd {
			sel := selected()
			off := signsOut(sel, func(k ramclient.AccessKey) bool { return kit.FlipStatus(k.Status) == ramclient.KeyInactive })
			return kit.ConfirmDangerThen(b, "Change the status of "+kit.Plural(len(sel), "AccessKey", "AccessKeys")+whose+"?", off, sel,
				func(k ramclient.AccessKey) string { return label(k) + " → " + kit.FlipStatus(k.Status) }, owner, toggled(sel)+whose+":",
				func(ctx context.Context, k ramclient.AccessKey) error {
					return c.SetAccessKeyStatus(ctx, k.UserName, k.AccessKeyID, kit.FlipStatus(k.Status))
				})
		}},
		{Key: del, Help: "delete key", Mutating: true, When: when, Do: func() tea.Cmd {
			sel := selected()
			gone := signsOut(sel, func(ramclient.AccessKey) bool { return true })
			them := "them"
			if len(sel) == 1 {
				them = "it"
			}
			return kit.ConfirmDangerThen(b, "Delete "+kit.Plural(len(sel), "AccessKey", "AccessKeys")+whose+"? Programs using "+them+" stop working; this cannot be undone.", gone, sel,
				func(k ramclient.AccessKey) string { return label(k) + ", created " + kit.Date(k.CreateDate) }, owner, "Deleted AccessKeys"+whose+":",
				func(ctx context.Context, k ramclient.AccessKey) error {
					return c.DeleteAccessKey(ctx, k.UserName, k.AccessKeyID)
				})
		}},
	}
}

// toggled is what t did to keys sel, for the outcome ("Disabled AccessKeys of user bob: 1."):
// "Changed: 1." said neither what nor whose.
func toggled(sel []ramclient.AccessKey) string {
	to := map[string]bool{}
	for _, k := range sel {
		to[kit.FlipStatus(k.Status)] = true
	}
	switch {
	case len(to) > 1:
		return "Changed the status of AccessKeys"
	case to[ramclient.KeyInactive]:
		return "Disabled AccessKeys"
	}
	return "Enabled AccessKeys"
}

type newKeyMsg struct {
	key ramclient.NewAccessKey
	err error
}

// accessKeys adds a user's AccessKeys section with n (a new key, shown once on its own
// screen), t and D; readLastUse fills its LAST USED column for the keys it shows (the screen's
// After runs it).
func accessKeys[E any](s *kit.Detail[E], user string) (keys *kit.TableSection[ramclient.AccessKey], actions kit.Actions, readLastUse func() tea.Cmd) {
	d, c := s.D, s.D.Client()
	// LAST USED is a GetAccessKeyLastUsed a key (two at most), read after the rest of the screen
	// (readLastUse): the cell of each key id, "…" until read. Written and read on the event loop.
	lastUse := map[string]string{}
	keys = kit.AddTable(s, "AccessKeys", "No AccessKeys.", kit.KeyID,
		kit.Col("ACCESSKEY ID", 16, 30, kit.KeyID), kit.Col("STATUS", 8, 8, func(k ramclient.AccessKey) string { return k.Status }),
		kit.Col("CREATED", 10, 10, func(k ramclient.AccessKey) string { return kit.Date(k.CreateDate) }),
		kit.Warn(d, kit.Col("AGE", 6, 8, func(k ramclient.AccessKey) string { return strconv.Itoa(kit.Days(d.CurrentTime(), k.CreateDate)) + "d" }), kit.OldKey(d)),
		kit.Col("LAST USED", 10, 0, func(k ramclient.AccessKey) string {
			if v, ok := lastUse[k.AccessKeyID]; ok {
				return v
			}
			return "…"
		}))
	var lastUseLoad kit.Loader[map[string]string]
	readLastUse = func() tea.Cmd {
		ks, now := keys.Items(), d.CurrentTime()
		if len(ks) == 0 {
			return nil
		}
		return lastUseLoad.Start(&s.Base, func(ctx context.Context) (map[string]string, error) {
			cells := make([]string, len(ks))
			_ = parallel.Each(len(ks), func(i int) error {
				t, err := c.AccessKeyLastUsed(ctx, user, ks[i].AccessKeyID)
				cells[i] = kit.Ago(now, t)
				if err != nil {
					cells[i] = "?" // could not tell (the key deleted meanwhile, or not allowed)
				}
				return nil
			})
			m := make(map[string]string, len(ks))
			for i, k := range ks {
				m[k.AccessKeyID] = cells[i]
			}
			return m, nil
		})
	}
	keys.CopyRow = kit.CopyName("key", kit.KeyID)
	// enter on a key: what the Keys tab says of it (its last use, read now) and the keys that
	// act on it here; the user's screen is already open.
	keys.OpenHelp = "last use"
	keys.Open = func(k ramclient.AccessKey) tea.Cmd {
		ctx, now := s.Ctx, d.CurrentTime()
		toggle, del := d.Keys.Detail.Toggle.Help().Key, d.Keys.Detail.Delete.Help().Key
		return screen.Call(0, func() tea.Msg {
			used, err := c.AccessKeyLastUsed(ctx, user, k.AccessKeyID)
			last := "last used " + kit.Ago(now, used)
			if err != nil {
				last = "last use unknown (" + kit.ErrLine(err) + ")"
			}
			return screen.FlashMsg{Level: screen.Info, Text: "AccessKey " + k.AccessKeyID + ": " + k.Status + ", " +
				strconv.Itoa(kit.Days(now, k.CreateDate)) + " days old, " + last + ". " + toggle + " turns it " +
				strings.ToLower(kit.FlipStatus(k.Status)) + ", " + del + " deletes it."}
		})
	}
	showing := s.Shows(keys)
	k := d.Keys.Detail
	newKey := kit.Action{Key: k.New, Help: "new key", Mutating: true, When: showing, Do: func() tea.Cmd {
		ctx, id := s.Ctx, s.ID()
		create := screen.Call(id, func() tea.Msg {
			nk, err := c.CreateAccessKey(ctx, user)
			return newKeyMsg{key: nk, err: err}
		})
		return screen.Cmd(screen.ConfirmMsg{Question: "Create a new AccessKey for user " + user + "?",
			Details: []string{"RAM allows 2 keys per user; the secret is shown once, on the next screen"}, OnYes: create})
	}}
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if lu, ok := lastUseLoad.Accept(msg); ok {
			if lu.Err == nil {
				maps.Copy(lastUse, lu.Val)
				keys.Table.Replace(keys.Items()...) // the cells again
			}
			return nil
		}
		m, ok := msg.(newKeyMsg)
		if !ok {
			return nil
		}
		if m.err != nil {
			return screen.FlashError("New AccessKey: " + kit.ErrLine(m.err))
		}
		// The lists showing the user's keys (its row's KEYS, the AccessKeys tab) read them again.
		changed := screen.Cmd(screen.ChangedMsg{From: s.ID(), Kind: "user", Name: user})
		return tea.Batch(s.Reload(), changed, screen.Push(NewKeyScreen(d, m.key)))
	}
	return keys, append(kit.Actions{newKey}, KeyActions(&s.Base, keys.Selected, " of user "+user, showing, k.Toggle, k.Delete)...), readLastUse
}
