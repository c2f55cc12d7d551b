// Package whocan is the :whocan screen: an action, a resource and optional context in a form,
// then every user (directly or through its groups), group and role allowed, with the statements
// that decide it, and for each role the users who may assume it. It asks the audit engine, so
// it agrees with `ramtui who-can`. It sits below the detail screens (a policy's screen opens
// it), so the screens of the principals it lists are opened through the caller's Opener.
package whocan

import (
	"context"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/audit"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// Opener opens the screen of a principal ("user", "group" or "role" and its name); nil: enter
// opens nothing.
type Opener func(kind, name string) screen.Screen

// Open asks the question in a form, prefilled with action and resource (either may be "";
// an empty resource asks about every resource).
func Open(d *kit.Deps, action, resource string, open Opener) tea.Cmd {
	return screen.Push(NewForm(d, action, resource, open))
}

// NewForm is the question: action, resource, context.
func NewForm(d *kit.Deps, action, resource string, open Opener) *kit.Form {
	var ctxText string
	f := kit.NewForm(d, "Who can", func() []kit.Page {
		return []kit.Page{{Title: "Who can do this?", Description: "Every user, group and role allowed, with the deciding statements.",
			Fields: []huh.Field{
				huh.NewInput().Title("Action").Placeholder("oss:PutObject").Value(&action).Validate(func(s string) error {
					_, err := request(s, "*", "", d.CurrentTime())
					return err
				}),
				huh.NewInput().Title("Resource").Placeholder("acs:oss:*:*:bucket/dir/file (empty: every resource)").Value(&resource).Validate(func(s string) error {
					_, err := request("x:Y", s, "", d.CurrentTime())
					return err
				}),
				huh.NewInput().Title("Context (optional)").Placeholder("acs:SourceIp=10.0.0.1 acs:MFAPresent=true").Value(&ctxText).Validate(func(s string) error {
					_, err := request("x:Y", "*", s, d.CurrentTime())
					return err
				}),
			}}}
	})
	f.Submit = func() tea.Cmd {
		req, err := request(action, resource, ctxText, d.CurrentTime())
		if err != nil {
			f.Err = err.Error()
			return nil
		}
		return screen.Push(NewResult(d, req, open))
	}
	return f
}

// request checks the question as typed (context pairs separated by spaces) the way the
// simulator checks its own: one parser, access.NewRequest. An empty resource is "*": the field
// starts empty rather than holding "*", which typing would have extended into "*acs:…".
func request(action, resource, context string, now time.Time) (policy.Request, error) {
	resource = strings.TrimSpace(resource)
	if resource == "" {
		resource = "*"
	}
	return access.NewRequest(strings.TrimSpace(action), resource, strings.Fields(context), now)
}

// result is one question's answer.
type result struct {
	Req    policy.Request
	Grants []audit.Grant
}

// row is one principal allowed.
type row struct{ g audit.Grant }

func (r row) id() string { return r.g.Subject.Principal.String() }

// assumerRow is one user who may assume one of the roles allowed.
type assumerRow struct {
	role string
	a    audit.Assumer
}

// NewResult answers req: it reads the account once (as `ramtui who-can` does) and lists who
// is allowed.
func NewResult(d *kit.Deps, req policy.Request, open Opener) screen.Screen {
	c := d.Client()
	s := kit.NewDetail(d, "who can", req.Action+" on "+req.Resource, func(ctx context.Context) (result, error) {
		snap, err := audit.Load(ctx, c)
		if err != nil {
			return result{}, err
		}
		return result{Req: req, Grants: audit.WhoCan(snap, req)}, nil
	})
	allowed := kit.AddTable(s, "Allowed", "No user, group or role is allowed.", row.id,
		kit.Col("PRINCIPAL", 12, 40, func(r row) string { return r.g.Subject.Principal.String() }),
		kit.Col("GROUPS", 6, 24, func(r row) string { return strings.Join(r.g.Subject.Groups, ", ") }),
		kit.Col("ALLOWED BY", 20, 0, func(r row) string { return statements(r.g.Answer.Deciding) }),
		kit.Col("ASSUMED BY", 10, 30, func(r row) string {
			if r.g.Subject.Principal.Kind != access.Role {
				return ""
			}
			names := make([]string, 0, len(r.g.Assumers)+len(r.g.Trusted))
			for _, a := range r.g.Assumers {
				names = append(names, a.User)
			}
			names = append(names, r.g.Trusted...)
			if len(names) == 0 {
				return "nobody"
			}
			return strings.Join(names, ", ")
		}),
	)
	assumers := kit.AddTable(s, "Through roles", "No user may assume a role that is allowed.",
		func(r assumerRow) string { return r.role + " " + r.a.User },
		kit.Col("ROLE", 10, 32, func(r assumerRow) string { return r.role }),
		kit.Col("USER", 10, 32, func(r assumerRow) string { return r.a.User }),
		kit.Col("STS:ASSUMEROLE ALLOWED BY", 20, 0, func(r assumerRow) string { return statements(r.a.Allow.Deciding) }),
		kit.Col("TRUST", 8, 24, func(r assumerRow) string {
			idx := make([]string, len(r.a.TrustStatements))
			for i, n := range r.a.TrustStatements {
				idx[i] = "Statement[" + strconv.Itoa(n) + "]"
			}
			return strings.Join(idx, ", ")
		}),
	)
	if open != nil {
		allowed.Open = func(r row) tea.Cmd {
			p := r.g.Subject.Principal
			return screen.Push(open(p.Kind.String(), p.Name))
		}
		assumers.Open = func(r assumerRow) tea.Cmd { return screen.Push(open("user", r.a.User)) }
	}
	allowed.CopyRow = func(r row) (string, string) { return r.g.Subject.ARN(), "ARN" }
	s.Show = func(res result) []kit.Field {
		rows := make([]row, len(res.Grants))
		var through []assumerRow
		count := map[access.Kind]int{}
		for i, g := range res.Grants {
			rows[i] = row{g}
			count[g.Subject.Principal.Kind]++
			for _, a := range g.Assumers {
				through = append(through, assumerRow{role: g.Subject.Principal.Name, a: a})
			}
		}
		allowed.Fill(rows)
		assumers.Fill(through)
		fields := []kit.Field{kit.F("Action", res.Req.Action), kit.F("Resource", res.Req.Resource),
			kit.F("Allowed", kit.Plural(count[access.User], "user", "users")+", "+kit.Plural(count[access.Group], "group", "groups")+", "+
				kit.Plural(count[access.Role], "role", "roles")+" ("+kit.Plural(len(through), "user", "users")+" through roles)")}
		if ctx := access.FormatContext(res.Req.Context); len(ctx) > 0 {
			fields = append(fields, kit.F("Context", strings.Join(ctx, " ")))
		}
		return fields
	}
	s.Copy = func() (string, string) { return req.Action + " " + req.Resource, "question" }
	return s
}

func statements(sts []access.Statement) string {
	out := make([]string, len(sts))
	for i, st := range sts {
		out[i] = st.String()
	}
	return strings.Join(out, "; ")
}
