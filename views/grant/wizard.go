package grant

import (
	"errors"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// maxSuggestedUsers caps the user names read for the user field's completion: the first
// pages are enough to complete from, and an account of 100,000 users costs no more.
const maxSuggestedUsers = 1000

// wizard is the grant's form: what the developer asked for (bucket, directory, user,
// region), then the admin's choices (access levels, role name, max session, description),
// with the permission policy previewed live. Submitting opens the plan; the form stays
// below it, so esc from the plan comes back here with everything typed.
type wizard struct {
	*kit.Form
	bucket, dir, user, region, roleName, description string
	access                                           []string
	maxSession                                       time.Duration
	users                                            []string
	byDisplay                                        map[string][]string // display name -> user names
	marks                                            string              // how access levels are marked (kit.Deps.Marks)

	// The fields whose suggestions and placeholder are set on the event loop (huh's *Func
	// evaluators run in a command's goroutine: kit.Form.Refresh).
	userIn, roleIn *huh.Input
}

// usersMsg carries the user names for completion, and which users each display name is of.
type usersMsg struct {
	names     []string
	byDisplay map[string][]string
}

// New is the grant wizard (":grant", and the Roles list's "n" choice "Grant a developer
// access to an OSS directory").
func New(d *kit.Deps) screen.Screen { return NewWizard(d, engine.Request{}) }

// NewWizard is the wizard with fields filled in from prefill (e.g. the user of a user screen).
func NewWizard(d *kit.Deps, prefill engine.Request) screen.Screen {
	w := &wizard{bucket: prefill.Bucket, dir: prefill.Dir, user: prefill.User, region: prefill.Region,
		roleName: prefill.RoleName, description: prefill.Description, maxSession: prefill.MaxSession, marks: d.Marks()}
	a := prefill.Access
	if a == 0 {
		a = engine.DefaultAccess
	}
	w.access = strings.Split(engine.AccessString(a), ",")
	if w.maxSession == 0 {
		w.maxSession = engine.MinMaxSession
	}
	w.Form = kit.NewForm(d, "Grant a developer access to an OSS directory", w.pages)
	w.Header = func(int) []string {
		return []string{d.Theme.Dim.Render("Nothing is made before you confirm the plan.")}
	}
	w.Preview = w.preview
	w.Submit = w.submit
	w.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(usersMsg); ok {
			w.users, w.byDisplay = m.names, m.byDisplay
			w.userIn.Suggestions(w.users)
		}
		return nil
	}
	w.Refresh = func() { w.roleIn.Placeholder(engine.SuggestRoleName(w.bucket, w.dir)) }
	return w
}

func (w *wizard) Init() tea.Cmd {
	c := w.D.Client()
	ctx := w.Ctx
	load := screen.Call(w.ID(), func() tea.Msg {
		var names []string
		byDisplay := map[string][]string{}
		marker := ""
		for len(names) < maxSuggestedUsers {
			p, err := c.ListUsersPage(ctx, marker)
			if err != nil {
				break // completion is a help, not a need: the name can be typed
			}
			for _, u := range p.Items {
				names = append(names, u.UserName)
				if u.DisplayName != "" {
					byDisplay[u.DisplayName] = append(byDisplay[u.DisplayName], u.UserName)
				}
			}
			if !p.Truncated || p.NextMarker == "" {
				break
			}
			marker = p.NextMarker
		}
		return usersMsg{names, byDisplay}
	})
	return tea.Batch(w.Form.Init(), load)
}

// Update keeps the wizard (not the embedded form) as the screen on the stack.
func (w *wizard) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	_, cmd := w.Form.Update(msg)
	return w, cmd
}

// request is what the fields say now.
func (w *wizard) request() engine.Request {
	r := engine.Request{Bucket: w.bucket, Dir: w.dir, User: w.user, Region: w.region, RoleName: w.roleName,
		MaxSession: w.maxSession, Description: w.description}
	r.Access, _ = engine.ParseAccess(strings.Join(w.access, ","))
	return r
}

// check validates one field on the engine's code (grant.Request.Normalize, as `ramtui grant
// oss`): the request as the fields are, with this field's new value; only an error about this
// field is this field's.
func (w *wizard) check(field string, set func(r *engine.Request)) error {
	r := w.request()
	set(&r)
	_, err := r.Normalize()
	var fe *policy.FieldError
	if errors.As(err, &fe) && fe.Field == field {
		return errors.New(fe.Message)
	}
	return nil
}

func (w *wizard) input(title, field string, v *string, set func(r *engine.Request, s string)) *huh.Input {
	return huh.NewInput().Title(title).Value(v).Validate(func(s string) error {
		return w.check(field, func(r *engine.Request) { set(r, s) })
	})
}

func (w *wizard) pages() []kit.Page {
	bucket := w.input("Bucket", "bucket", &w.bucket, func(r *engine.Request, s string) { r.Bucket = s })
	dir := w.input("Directory", "directory", &w.dir, func(r *engine.Request, s string) { r.Dir = s }).
		Description("the object key prefix, e.g. data/team-a/")
	w.userIn = w.input("RAM user", "user", &w.user, func(r *engine.Request, s string) { r.User = s }).
		Description("who will call AssumeRole (ctrl+e completes)").Suggestions(w.users).
		Validate(w.checkUser)
	region := w.input("Region (optional)", "region", &w.region, func(r *engine.Request, s string) { r.Region = s }).
		Description("the bucket's, e.g. cn-hangzhou: the hand-over names its OSS endpoint")
	var levels []huh.Option[string]
	for _, l := range []string{"list", "read", "write", "delete", "browse"} {
		levels = append(levels, huh.NewOption(l, l))
	}
	access := huh.NewMultiSelect[string]().Title("Access").Options(levels...).Value(&w.access).
		Description(w.marks + "; browse lists the parent prefixes one level at a time").
		Validate(func(a []string) error {
			return w.check("access", func(r *engine.Request) { r.Access, _ = engine.ParseAccess(strings.Join(a, ",")) })
		})
	w.roleIn = w.input("Role name", "role name", &w.roleName, func(r *engine.Request, s string) { r.RoleName = s }).
		Description("empty: the suggestion").Placeholder(engine.SuggestRoleName(w.bucket, w.dir))
	var sessions []huh.Option[time.Duration]
	for _, h := range []int{1, 2, 4, 6, 8, 12} {
		sessions = append(sessions, huh.NewOption(kit.Duration(time.Duration(h)*time.Hour), time.Duration(h)*time.Hour))
	}
	maxSession := huh.NewSelect[time.Duration]().Title("Max session").Options(sessions...).Value(&w.maxSession).Inline(true)
	desc := w.input("Description (optional)", "description", &w.description, func(r *engine.Request, s string) { r.Description = s })
	return []kit.Page{
		{Title: "What the developer asked for", Fields: []huh.Field{bucket, dir, w.userIn, region}},
		{Title: "What the grant makes", Fields: []huh.Field{access, w.roleIn, maxSession, desc}},
	}
}

// checkUser is the engine's check of the user field; a display name typed there (the Users
// list shows them, often in Chinese: "张伟") is named as whose it is, so the user name can be typed.
func (w *wizard) checkUser(s string) error {
	err := w.check("user", func(r *engine.Request) { r.User = s })
	if names := w.byDisplay[strings.TrimSpace(s)]; err != nil && len(names) > 0 {
		return errors.New(strconv.Quote(strings.TrimSpace(s)) + " is the display name of RAM user " + strings.Join(names, ", ") +
			": type the user name (ctrl+e completes)")
	}
	return err
}

// preview is the permission policy and the role the fields make, live.
func (w *wizard) preview(width, h int) string {
	r, err := w.request().Normalize()
	if err != nil {
		var fe *policy.FieldError
		if errors.As(err, &fe) {
			why := fe.Field + ": " + fe.Message
			if ue := w.checkUser(w.request().User); fe.Field == "user" && ue != nil {
				why = "user: " + ue.Error() // a display name: the field's own words, whose it is
			}
			return "The plan shows when the request is complete.\n\n" + strings.Join(components.Wrap(safetext.Line(why), width), "\n")
		}
		return err.Error()
	}
	doc, err := policy.OSSDirectoryPolicy(r.Bucket, r.Dir, r.Access)
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString("Role " + r.RoleName + "\n")
	b.WriteString("trusted by RAM user " + r.User + " only\n")
	b.WriteString("max session " + kit.Duration(r.MaxSession) + "\n\n")
	b.WriteString("Policy " + engine.PolicyName(r.RoleName) + "\n")
	b.WriteString(doc.Pretty())
	return safetext.Block(b.String()) // typed text, checked above; drawn safe all the same
}

// submit checks the whole request (the same code as the CLI) and opens the plan; a request
// that does not pass stays here with the reason under the form.
func (w *wizard) submit() tea.Cmd {
	req := w.request()
	if _, err := req.Normalize(); err != nil {
		w.Err = err.Error()
		return nil
	}
	return screen.Push(NewPlan(w.D, req))
}
