package lists

import (
	"context"
	"errors"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
)

// keyRow is a key with its last use. The listing is one ListAccessKeys call per user; the last
// use is one GetAccessKeyLastUsed call per key, which would double a 10,000-user account's
// calls, so it is asked for the rows on screen only (kit.Lazy), each key once.
type keyRow struct {
	ramclient.AccessKey
	lastUsedKnown bool
}

// NewKeys is the account-wide AccessKeys list: every user's keys with status, age and last
// use. ramclient walks the users concurrently (StreamAllAccessKeys); each user's keys become a
// "page" of the table as they land.
func NewKeys(d *kit.Deps) screen.Screen {
	now := d.CurrentTime()
	id := func(k keyRow) string { return k.AccessKeyID }
	old := kit.OldKey(d)
	t := components.NewTable(d.Theme, d.Keys, id,
		kit.Col("ACCESSKEY ID", 16, 30, id),
		kit.Col("USER", 10, 24, func(k keyRow) string { return k.UserName }),
		kit.Col("STATUS", 8, 8, func(k keyRow) string { return k.Status }),
		kit.Warn(d, components.Column[keyRow]{Title: "AGE", Min: 6, Max: 8, Right: true,
			Cell: func(k keyRow) string { return strconv.Itoa(kit.Days(now, k.CreateDate)) + "d" },
			Less: func(a, b keyRow) bool { return a.CreateDate.After(b.CreateDate) }}, func(k keyRow) bool { return old(k.AccessKey) }),
		components.Column[keyRow]{Title: "LAST USED", Min: 10, Cell: func(k keyRow) string {
			if !k.lastUsedKnown {
				return "…"
			}
			return kit.Ago(now, k.LastUsed)
		}, Less: func(a, b keyRow) bool { return a.LastUsed.Before(b.LastUsed) }},
	)
	t.SetEmptyText("No AccessKeys in this account.")
	c := d.Client()
	s := kit.NewList(d, "AccessKeys", t, kit.Streamed(c.StreamAllAccessKeys, keyRows))
	// Keys are made and deleted on a user's screen, here and by :audit's fixes: a change that
	// names its user reads that user's keys again (one ListAccessKeys), not every user's. A
	// change to users that names none (created, renamed, deleted on the Users list) cannot
	// change keys: RAM refuses to delete a user that has some.
	s.Kind = "user"
	s.Rows = &kit.Rows[keyRow]{Kinds: []string{"user"},
		Of: func(k keyRow, user string) bool { return k.UserName == user },
		Fetch: func(ctx context.Context, user string) ([]keyRow, error) {
			keys, err := c.AccessKeys(ctx, user)
			if errors.Is(err, ramclient.ErrNotFound) {
				return nil, nil // the user is gone, and its keys with it
			}
			return keyRows(keys), err
		}}
	s.Open = func(k keyRow) screen.Screen { return details.NewUser(d, k.UserName) }
	s.CopyRow = func(k keyRow) (string, string) { return k.AccessKeyID, "AccessKey id of " + k.UserName }
	s.Lazy = &kit.Lazy[keyRow]{
		Missing: func(k keyRow) bool { return !k.lastUsedKnown },
		Fill: func(ctx context.Context, k keyRow) (keyRow, bool) {
			t, err := c.AccessKeyLastUsed(ctx, k.UserName, k.AccessKeyID)
			k.LastUsed, k.lastUsedKnown = t, err == nil
			return k, err == nil
		},
		Merge: func(fresh, known keyRow) keyRow {
			fresh.LastUsed, fresh.lastUsedKnown = known.LastUsed, known.lastUsedKnown
			return fresh
		},
	}
	selected := func() []ramclient.AccessKey {
		rows := s.Table.Selected()
		keys := make([]ramclient.AccessKey, len(rows))
		for i, r := range rows {
			keys[i] = r.AccessKey
		}
		return keys
	}
	s.Actions = details.KeyActions(&s.Base, selected, "", nil, d.Keys.List.Toggle, d.Keys.List.Delete)
	s.After = func(m kit.MutatedMsg) tea.Cmd { // the keys changed here: their users' keys read again
		s.Table.ClearMarks()
		users := make([]string, len(m.Of))
		for i, e := range m.Of {
			users[i] = e.Name
		}
		return kit.AfterMutation(m, s.RefreshRows(users...))
	}
	return s
}

func keyRows(keys []ramclient.AccessKey) []keyRow {
	rows := make([]keyRow, len(keys))
	for i, k := range keys {
		rows[i] = keyRow{AccessKey: k}
	}
	return rows
}
