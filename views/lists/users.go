package lists

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
)

// userRow is a user with the columns ListUsers does not return: the last sign-in, MFA and the
// number of AccessKeys. They are filled lazily, for the rows on screen only, each user once: the
// last sign-in by one GetUser and the keys by one ListAccessKeys per row, all rows at once, and
// MFA for everyone by one ListVirtualMFADevices per listing (mfaIndex), so the screen's columns
// cost 2×rows+1 calls in one wave (the client's on-screen lane), not calls one after the other
// per row. RAM's ListUsers has no LastLoginDate (GetUser has): a listed date is used when a
// listing has one, and then no GetUser is made.
//
// A row holds only what the list shows, its dates in seconds (a big account lists 100,000
// users: ramclient.User's id, phone, e-mail, other dates and time.Time's 24 bytes a date were
// half of the table's memory); the user's screen fetches the rest.
type userRow struct {
	UserName, DisplayName, Comments string
	CreateDate, LastLoginDate       unixTime
	extra                           *userExtra // nil: not known yet
}

func listedUser(u ramclient.User) userRow {
	return userRow{UserName: u.UserName, DisplayName: u.DisplayName, Comments: u.Comments,
		CreateDate: seconds(u.CreateDate), LastLoginDate: seconds(u.LastLoginDate)}
}

// unixTime is a date in Unix seconds, 0 for none (RAM's dates have no fractions).
type unixTime int64

func seconds(t time.Time) unixTime {
	if t.IsZero() {
		return 0
	}
	return unixTime(t.Unix())
}

// lastLogin is the user's last sign-in as far as it is known (0: never, or not read yet).
func (u userRow) lastLogin() unixTime {
	if u.extra != nil && u.extra.last != 0 {
		return u.extra.last
	}
	return u.LastLoginDate
}

func (u unixTime) Time() time.Time {
	if u == 0 {
		return time.Time{}
	}
	return time.Unix(int64(u), 0)
}

type userExtra struct {
	mfa   string   // "yes", "no", "?" (could not tell)
	keys  string   // "0", "1", "2", "?"
	login string   // the LAST LOGIN cell: "3d ago", "never", "?" (could not tell)
	last  unixTime // the last sign-in, for sorting (0: never or not known)
}

// NewUsers is the Users list: name, display name, created, last login, MFA, keys, comments.
func NewUsers(d *kit.Deps) screen.Screen {
	now := d.CurrentTime()
	extra := func(f func(*userExtra) string) func(userRow) string {
		return func(u userRow) string {
			if u.extra == nil {
				return "…"
			}
			return f(u.extra)
		}
	}
	name := func(u userRow) string { return u.UserName }
	t := components.NewTable(d.Theme, d.Keys, name,
		kit.Col("NAME", 12, 32, name),
		kit.Col("DISPLAY NAME", 10, 24, func(u userRow) string { return u.DisplayName }),
		components.Column[userRow]{Title: "CREATED", Min: 10, Max: 10, Cell: func(u userRow) string { return kit.Date(u.CreateDate.Time()) },
			Less: func(a, b userRow) bool { return a.CreateDate < b.CreateDate }},
		components.Column[userRow]{Title: "LAST LOGIN", Min: 10, Max: 12, Cell: extra(func(e *userExtra) string { return e.login }),
			Less: func(a, b userRow) bool { return a.lastLogin() < b.lastLogin() }},
		kit.Col("MFA", 3, 3, extra(func(e *userExtra) string { return e.mfa })),
		components.Column[userRow]{Title: "KEYS", Min: 4, Max: 4, Right: true, Cell: extra(func(e *userExtra) string { return e.keys })},
		kit.Col("COMMENTS", 8, 0, func(u userRow) string { return u.Comments }),
	)
	t.SetEmptyText("No RAM users in this account.")
	c := d.Client()
	mfa := &mfaIndex{}
	s := kit.NewList(d, "Users", t, func(ctx context.Context, marker string) (ramclient.Page[userRow], error) {
		p, ok := ramclient.Page[ramclient.User]{}, false
		if marker == "" {
			// A new listing asks who has MFA again, now, beside the first page: by the time
			// the rows on screen ask for their columns the answer is on its way.
			mfa.start(ctx, c)
			p, ok = d.Session.TakeFirstUsers(c)
		}
		var err error
		if !ok {
			p, err = c.ListUsersPage(ctx, marker)
		}
		rows := make([]userRow, len(p.Items))
		for i, u := range p.Items {
			rows[i] = listedUser(u)
		}
		return ramclient.Page[userRow]{Items: rows, NextMarker: p.NextMarker, Truncated: p.Truncated}, err
	})
	s.Kind = "user"
	s.Open = func(u userRow) screen.Screen { return details.NewUser(d, u.UserName) }
	s.CopyRow = func(u userRow) (string, string) { return u.UserName, "user name " + u.UserName }
	// fill reads a row's columns: its keys, its last sign-in when the listing had none and read
	// says so (GetUser), and MFA (mfa).
	fill := func(ctx context.Context, u userRow, read bool, mfa func() string) userRow {
		e := userExtra{mfa: "?", keys: "?", login: "?"}
		var wg sync.WaitGroup
		wg.Go(func() {
			if keys, err := c.AccessKeys(ctx, u.UserName); err == nil {
				e.keys = strconv.Itoa(len(keys))
			}
		})
		if u.LastLoginDate != 0 || !read {
			e.last, e.login = u.LastLoginDate, kit.Ago(now, u.LastLoginDate.Time())
		} else {
			wg.Go(func() {
				if full, err := c.GetUser(ctx, u.UserName); err == nil {
					e.last = seconds(full.LastLoginDate)
					e.login = kit.Ago(now, e.last.Time())
				}
			})
		}
		e.mfa = mfa()
		wg.Wait()
		u.extra = &e
		return u
	}
	s.Lazy = &kit.Lazy[userRow]{
		Missing: func(u userRow) bool { return u.extra == nil },
		Fill: func(ctx context.Context, u userRow) (userRow, bool) {
			return fill(ctx, u, true, func() string { return mfa.has(ctx, c, u.UserName) }), true
		},
		Merge: func(fresh, known userRow) userRow { fresh.extra = known.extra; return fresh },
		Calls: 2, // GetUser and ListAccessKeys (MFA: one call for the listing)
	}
	// A change on another screen (a key deleted, MFA bound, the display name edited) reads that
	// user's row again, not every user (100,000 in a big account; r does): GetUser, its keys and
	// GetUserMFAInfo (the listing's MFA index is older than the change) at once.
	s.Rows = &kit.Rows[userRow]{Kinds: []string{"user"}, Fetch: func(ctx context.Context, name string) ([]userRow, error) {
		var m string
		var wg sync.WaitGroup
		wg.Go(func() { m = mfaOf(ctx, c, name) })
		u, err := c.GetUser(ctx, name)
		if err != nil {
			wg.Wait()
			if errors.Is(err, ramclient.ErrNotFound) {
				return nil, nil // deleted
			}
			return nil, err
		}
		return []userRow{fill(ctx, listedUser(u), false, func() string { wg.Wait(); return m })}, nil
	}}
	l := d.Keys.List
	s.Actions = kit.Actions{
		{Key: l.New, Help: "new user", Mutating: true, Do: func() tea.Cmd {
			return kit.CreateThen(&s.Base, "New user name:", "Created user", func(ctx context.Context, name string) error {
				_, err := c.CreateUser(ctx, ramclient.NewUser{UserName: name})
				return err
			})
		}},
		{Key: l.Edit, Help: "display name", Mutating: true, Do: func() tea.Cmd {
			u, ok := s.Table.Current()
			if !ok {
				return nil
			}
			return kit.AskThen(&s.Base, "Display name of "+u.UserName+":", u.DisplayName, "Changed display name:", func(ctx context.Context, v string) error {
				_, err := c.UpdateUser(ctx, u.UserName, ramclient.UserUpdate{DisplayName: v})
				return err
			})
		}},
		{Key: l.Delete, Help: "delete", Mutating: true, Do: func() tea.Cmd {
			sel := s.Table.Selected()
			return kit.ConfirmThen(&s.Base, "Delete "+kit.Plural(len(sel), "user", "users")+"? RAM refuses while a user still has keys, groups, policies, console login or MFA.", sel,
				func(u userRow) string { return u.UserName + " (" + u.DisplayName + ")" }, "Deleted users:",
				func(ctx context.Context, u userRow) error { return c.DeleteUser(ctx, u.UserName) })
		}},
		details.AttachToSelected(s, func(u userRow) ramclient.Principal { return ramclient.UserPrincipal(u.UserName) }),
		details.SimulateCurrent(s, func(u userRow) ramclient.Principal { return ramclient.UserPrincipal(u.UserName) }),
	}
	return s
}

// mfaIndex is who has an MFA device bound, learned once per listing by one
// ListVirtualMFADevices call and shared by every row's fill.
type mfaIndex struct {
	mu   sync.Mutex
	load *mfaLoad
}

type mfaLoad struct {
	done  chan struct{}
	users map[string]bool
	err   error // set before done is closed
}

// start begins a new ListVirtualMFADevices call; rows filled from now on read its answer.
func (m *mfaIndex) start(ctx context.Context, c *ramclient.Client) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.begin(ctx, c)
}

func (m *mfaIndex) begin(ctx context.Context, c *ramclient.Client) *mfaLoad {
	l := &mfaLoad{done: make(chan struct{})}
	go func() {
		l.users, l.err = c.MFAUsers(ctx)
		close(l.done)
	}()
	m.load = l
	return l
}

// has is the MFA column of user: "yes", "no" or "?" (could not tell). When the account-wide
// call failed (a caller allowed GetUserMFAInfo but not ListVirtualMFADevices), it asks for
// this user alone.
func (m *mfaIndex) has(ctx context.Context, c *ramclient.Client, user string) string {
	m.mu.Lock()
	l := m.load
	if l == nil {
		l = m.begin(ctx, c)
	}
	m.mu.Unlock()
	select {
	case <-l.done:
	case <-ctx.Done():
		return "?"
	}
	if l.err == nil {
		if l.users[user] {
			return "yes"
		}
		return "no"
	}
	return mfaOf(ctx, c, user)
}

// mfaOf is the MFA column of one user by GetUserMFAInfo.
func mfaOf(ctx context.Context, c *ramclient.Client, user string) string {
	switch _, err := c.GetUserMFA(ctx, user); {
	case err == nil:
		return "yes"
	case errors.Is(err, ramclient.ErrNotFound):
		return "no"
	}
	return "?"
}

// NewGroups is the Groups list.
func NewGroups(d *kit.Deps) screen.Screen {
	t := components.NewTable(d.Theme, d.Keys, kit.GroupName,
		kit.Col("NAME", 12, 32, kit.GroupName),
		components.Column[ramclient.Group]{Title: "CREATED", Min: 10, Max: 10, Cell: func(g ramclient.Group) string { return kit.Date(g.CreateDate) },
			Less: func(a, b ramclient.Group) bool { return a.CreateDate.Before(b.CreateDate) }},
		kit.Col("COMMENTS", 10, 0, func(g ramclient.Group) string { return g.Comments }),
	)
	t.SetEmptyText("No groups in this account.")
	c := d.Client()
	s := kit.NewList(d, "Groups", t, c.ListGroupsPage)
	s.Kind, s.Shows = "group", []string{"group"}
	s.Rows = &kit.Rows[ramclient.Group]{Kinds: []string{"group"}, Fetch: one(c.GetGroup)} // its comments edited on its screen
	s.Open = func(g ramclient.Group) screen.Screen { return details.NewGroup(d, g.GroupName) }
	s.CopyRow = kit.CopyName("group", kit.GroupName)
	l := d.Keys.List
	s.Actions = kit.Actions{
		{Key: l.New, Help: "new group", Mutating: true, Do: func() tea.Cmd {
			return kit.CreateThen(&s.Base, "New group name:", "Created group", func(ctx context.Context, name string) error {
				_, err := c.CreateGroup(ctx, name, "")
				return err
			})
		}},
		{Key: l.Delete, Help: "delete", Mutating: true, Do: func() tea.Cmd {
			sel := s.Table.Selected()
			return kit.ConfirmThen(&s.Base, "Delete "+kit.Plural(len(sel), "group", "groups")+"? RAM refuses while a group still has members or policies.", sel,
				kit.GroupName, "Deleted groups:",
				func(ctx context.Context, g ramclient.Group) error { return c.DeleteGroup(ctx, g.GroupName) })
		}},
		details.AttachToSelected(s, func(g ramclient.Group) ramclient.Principal { return ramclient.GroupPrincipal(g.GroupName) }),
		details.SimulateCurrent(s, func(g ramclient.Group) ramclient.Principal { return ramclient.GroupPrincipal(g.GroupName) }),
	}
	return s
}

// one is a Rows.Fetch by one Get call: the entity's row, none when it is gone.
func one[T any](get func(context.Context, string) (T, error)) func(context.Context, string) ([]T, error) {
	return func(ctx context.Context, name string) ([]T, error) {
		v, err := get(ctx, name)
		if errors.Is(err, ramclient.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return []T{v}, nil
	}
}
