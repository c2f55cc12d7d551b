package views

import (
	"context"
	"strconv"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// oldKeyDays is when an AccessKey is due for rotation and stands out in the list.
const oldKeyDays = 90

// NewKeys is the account-wide AccessKeys list: every user's keys with status, age and last
// use. ramclient walks the users concurrently (StreamAllAccessKeys); each user's keys become a
// "page" of the table as they land.
func NewKeys(d *Deps) screen.Screen {
	now := d.CurrentTime()
	old := func(k ramclient.AccessKey) (lipgloss.Style, bool) {
		return d.Theme.Warn, days(now, k.CreateDate) > oldKeyDays
	}
	t := components.NewTable(d.Theme, d.Keys, func(k ramclient.AccessKey) string { return k.AccessKeyID },
		components.Column[ramclient.AccessKey]{Title: "ACCESSKEY ID", Min: 16, Max: 30, Cell: func(k ramclient.AccessKey) string { return k.AccessKeyID }},
		components.Column[ramclient.AccessKey]{Title: "USER", Min: 10, Max: 24, Cell: func(k ramclient.AccessKey) string { return k.UserName }},
		components.Column[ramclient.AccessKey]{Title: "STATUS", Min: 8, Max: 8, Cell: func(k ramclient.AccessKey) string { return k.Status }},
		components.Column[ramclient.AccessKey]{Title: "AGE", Min: 6, Max: 8, Right: true, Style: old,
			Cell: func(k ramclient.AccessKey) string { return strconv.Itoa(days(now, k.CreateDate)) + "d" },
			Less: func(a, b ramclient.AccessKey) bool { return a.CreateDate.After(b.CreateDate) }},
		components.Column[ramclient.AccessKey]{Title: "LAST USED", Min: 10, Cell: func(k ramclient.AccessKey) string { return ago(now, k.LastUsed) },
			Less: func(a, b ramclient.AccessKey) bool { return a.LastUsed.Before(b.LastUsed) }},
	)
	t.SetEmptyText("No AccessKeys in this account.")
	st := &keyStreams{m: map[string]*keyStream{}}
	s := newList(d, "AccessKeys", t, st.fetcher(d.Client))
	s.open = func(k ramclient.AccessKey) screen.Screen { return NewUser(d, k.UserName) }
	s.copy = func(k ramclient.AccessKey) (string, string) { return k.AccessKeyID, "AccessKey id of " + k.UserName }
	if !d.Keys.ReadOnly() { // t is not a mutating key everywhere, so read-only is checked here
		s.extra = append(s.extra, withHelp(d.Keys.List.Toggle, "key on/off"))
	}
	s.extra = append(s.extra, withHelp(d.Keys.List.Delete, "delete key"))
	c := d.Client
	label := func(k ramclient.AccessKey) string { return k.AccessKeyID + " of " + k.UserName + " (" + k.Status + ")" }
	s.keys = func(msg tea.KeyMsg) tea.Cmd {
		sel := s.table.Selected()
		switch {
		case keyIs(msg, d.Keys.List.Toggle) && !d.Keys.ReadOnly():
			return kit.ConfirmThen(&s.Base, "Change the status of "+plural(len(sel), "AccessKey", "AccessKeys")+"?", sel,
				func(k ramclient.AccessKey) string { return label(k) + " → " + flipStatus(k.Status) }, "Changed:",
				func(ctx context.Context, k ramclient.AccessKey) error {
					return c.SetAccessKeyStatus(ctx, k.UserName, k.AccessKeyID, flipStatus(k.Status))
				})
		case keyIs(msg, d.Keys.List.Delete):
			return kit.ConfirmThen(&s.Base, "Delete "+plural(len(sel), "AccessKey", "AccessKeys")+"? Programs using them stop working; this cannot be undone.", sel,
				label, "Deleted:",
				func(ctx context.Context, k ramclient.AccessKey) error {
					return c.DeleteAccessKey(ctx, k.UserName, k.AccessKeyID)
				})
		}
		return nil
	}
	s.after = func(m kit.MutatedMsg) tea.Cmd { return kit.AfterMutation(m, s.load()) }
	return s
}

// keyStreams adapts the callback stream to the list's page-at-a-time loop: the first fetch
// starts a stream in the background and later fetches take its next chunk. The "marker" names
// the stream, so a refresh (a new first fetch) never mixes with an old one.
type keyStreams struct {
	mu   sync.Mutex
	next int
	m    map[string]*keyStream
}

type keyStream struct {
	ch  chan []ramclient.AccessKey
	err error // set before ch is closed
}

func (ks *keyStreams) fetcher(c *ramclient.Client) fetchFunc[ramclient.AccessKey] {
	return func(ctx context.Context, marker string) (ramclient.Page[ramclient.AccessKey], error) {
		ks.mu.Lock()
		if marker == "" {
			ks.next++
			marker = "stream-" + strconv.Itoa(ks.next)
			s := &keyStream{ch: make(chan []ramclient.AccessKey, 16)}
			ks.m[marker] = s
			go func() {
				s.err = c.StreamAllAccessKeys(ctx, func(keys []ramclient.AccessKey) error {
					select {
					case s.ch <- keys:
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				})
				close(s.ch)
			}()
		}
		s := ks.m[marker]
		ks.mu.Unlock()
		if s == nil {
			return ramclient.Page[ramclient.AccessKey]{}, context.Canceled
		}
		// Take what has arrived (at least one chunk) so a page holds several users' keys.
		keys, ok := <-s.ch
	drain:
		for ok {
			select {
			case more, open := <-s.ch:
				if !open {
					ok = false
					break drain
				}
				keys = append(keys, more...)
			default:
				break drain
			}
		}
		if !ok {
			ks.mu.Lock()
			delete(ks.m, marker)
			ks.mu.Unlock()
			return ramclient.Page[ramclient.AccessKey]{Items: keys}, s.err
		}
		return ramclient.Page[ramclient.AccessKey]{Items: keys, Truncated: true, NextMarker: marker}, nil
	}
}
