package lists

import (
	"context"
	"strconv"
	"sync"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
)

// NewKeys is the account-wide AccessKeys list: every user's keys with status, age and last
// use. ramclient walks the users concurrently (StreamAllAccessKeys); each user's keys become a
// "page" of the table as they land.
func NewKeys(d *kit.Deps) screen.Screen {
	now := d.CurrentTime()
	t := components.NewTable(d.Theme, d.Keys, kit.KeyID,
		kit.Col("ACCESSKEY ID", 16, 30, kit.KeyID),
		kit.Col("USER", 10, 24, func(k ramclient.AccessKey) string { return k.UserName }),
		kit.Col("STATUS", 8, 8, func(k ramclient.AccessKey) string { return k.Status }),
		kit.Warn(d, components.Column[ramclient.AccessKey]{Title: "AGE", Min: 6, Max: 8, Right: true,
			Cell: func(k ramclient.AccessKey) string { return strconv.Itoa(kit.Days(now, k.CreateDate)) + "d" },
			Less: func(a, b ramclient.AccessKey) bool { return a.CreateDate.After(b.CreateDate) }}, kit.OldKey(d)),
		components.Column[ramclient.AccessKey]{Title: "LAST USED", Min: 10, Cell: func(k ramclient.AccessKey) string { return kit.Ago(now, k.LastUsed) },
			Less: func(a, b ramclient.AccessKey) bool { return a.LastUsed.Before(b.LastUsed) }},
	)
	t.SetEmptyText("No AccessKeys in this account.")
	st := &keyStreams{m: map[string]*keyStream{}}
	c := d.Client()
	s := kit.NewList(d, "AccessKeys", t, st.fetcher(c))
	s.Kind, s.Shows = "user", []string{"user"} // keys are made and deleted on a user's screen
	s.Open = func(k ramclient.AccessKey) screen.Screen { return details.NewUser(d, k.UserName) }
	s.CopyRow = func(k ramclient.AccessKey) (string, string) { return k.AccessKeyID, "AccessKey id of " + k.UserName }
	s.Actions = details.KeyActions(&s.Base, s.Table.Selected, "", nil, d.Keys.List.Toggle, d.Keys.List.Delete)
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

func (ks *keyStreams) fetcher(c *ramclient.Client) kit.Fetch[ramclient.AccessKey] {
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
