package simulate

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/limits"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/whocan"
)

// The kinds of principal the form offers; "session" is a role session with a session policy.
const (
	kindUser    = "user"
	kindGroup   = "group"
	kindRole    = "role"
	kindSession = "session"
)

// Open pushes the simulator's form with p filled in (a zero Principal fills nothing), and
// loads the account's actions for the completion of the action field. open opens a principal
// listed by who-can (w on the decision); the simulator sits below the detail screens.
func Open(d *kit.Deps, p access.Principal, open whocan.Opener) tea.Cmd {
	f := NewForm(d, p, open)
	c, ctx := d.Client(), f.Ctx
	return tea.Batch(screen.Push(f), screen.Call(f.ID(), func() tea.Msg {
		list, err := access.LoadActions(ctx, c)
		return actionsLoaded{list, err}
	}))
}

type actionsLoaded struct {
	actions []string
	err     error
}

// NewForm is the simulator's form: who (kind and name), the session policy (for a role
// session: a file, or ctrl+e to write it in $EDITOR), then the request (action, completed
// from the account's policies and a built-in list; resource; context keys, one key=value a
// line). Submitting pushes the decision (NewResult); esc there comes back here with the
// values kept, to try another request.
func NewForm(d *kit.Deps, p access.Principal, open whocan.Opener) *kit.Form {
	kind, name, sessionDoc := kindUser, p.Name, p.SessionPolicy
	switch {
	case p.Kind == access.Group:
		kind = kindGroup
	case p.Kind == access.Role && p.SessionPolicy != "":
		kind = kindSession
	case p.Kind == access.Role:
		kind = kindRole
	}
	// The resource starts empty, meaning every resource (resourceOrAll): a "*" held as a value
	// was extended by typing into "*acs:…".
	var sessionFile, action, resource, ctxText string
	actions := access.Actions()
	var fileField huh.Field
	var actionIn *huh.Input // its suggestions are set on the event loop when the actions load

	pages := func() []kit.Page {
		fileField = huh.NewInput().Title("Session policy file").Value(&sessionFile).
			Description("A JSON policy file; or ctrl+e writes the policy in $EDITOR.").
			Validate(func(path string) error {
				if path == "" && sessionDoc != "" {
					return nil
				}
				_, err := readSessionFile(path)
				return err
			})
		actionIn = huh.NewInput().Title("Action").Placeholder("e.g. oss:GetObject").Value(&action).
			Suggestions(actions).
			Validate(func(s string) error {
				return fieldErr(access.NewRequest(strings.TrimSpace(s), "*", nil, d.CurrentTime()))
			})
		return []kit.Page{
			{Title: "Who", Fields: []huh.Field{
				huh.NewSelect[string]().Title("Principal").Value(&kind).Options(
					huh.NewOption("user (with its groups' policies)", kindUser),
					huh.NewOption("group", kindGroup),
					huh.NewOption("role (a session of it)", kindRole),
					huh.NewOption("role session with a session policy", kindSession)).Height(6),
				huh.NewInput().Title("Name").Value(&name).Validate(func(s string) error {
					return access.ValidName(principalKind(kind), strings.TrimSpace(s))
				}),
			}},
			{Title: "Session policy", Fields: []huh.Field{fileField}, Hide: func() bool { return kind != kindSession }},
			{Title: "Request", Fields: []huh.Field{
				actionIn,
				huh.NewInput().Title("Resource").Placeholder("e.g. acs:oss:*:*:bucket/key (empty: every resource)").Value(&resource).
					Validate(func(s string) error {
						return fieldErr(access.NewRequest("svc:Action", resourceOrAll(s), nil, d.CurrentTime()))
					}),
				huh.NewText().Title("Context").Lines(3).Value(&ctxText).
					Placeholder("none; e.g. acs:SourceIp=192.0.2.10").
					Description("One key=value a line (ctrl+j: a new line): acs:SourceIp, acs:CurrentTime (default: now), acs:SecureTransport, acs:MFAPresent, oss:Prefix, oss:Delimiter...").
					Validate(func(s string) error {
						_, err := access.ParseContext(contextLines(s))
						return err
					}),
			}},
		}
	}
	f := kit.NewForm(d, "Simulate", pages)
	f.Header = func(w int) []string {
		return []string{d.Theme.Dim.Render("Would this principal be allowed this request? Evaluated with the policies in force now.")}
	}
	f.Actions = kit.Actions{{Key: d.Keys.Switch.EditPolicy, Help: "session policy in $EDITOR",
		When: func() bool { return kind == kindSession && f.Huh().GetFocusedField() == fileField },
		Do: func() tea.Cmd {
			doc := sessionDoc
			if doc == "" {
				doc = `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"],"Resource":["*"]}]}`
			}
			return kit.EditJSON(&f.Base, "session-policy", doc)
		}}}
	f.Preview = func(w, h int) string {
		return preview(kind, name, action, resource, ctxText, sessionFile, sessionDoc, actions, h)
	}
	f.OnMsg = func(msg tea.Msg) tea.Cmd {
		switch m := msg.(type) {
		case actionsLoaded:
			if m.err == nil {
				actions = m.actions
				actionIn.Suggestions(actions)
			} // else the built-in list stays: completion is a help, not a need
		case screen.EditedMsg:
			if m.Err != nil {
				f.Err = kit.ErrLine(m.Err)
				return nil
			}
			if _, err := policy.Parse(m.Text, policy.Session); err != nil {
				f.Err = "the session policy: " + err.Error()
				return nil
			}
			sessionDoc, sessionFile = m.Text, ""
		}
		return nil
	}
	f.Submit = func() tea.Cmd {
		pk := principalKind(kind)
		pr := access.Principal{Kind: pk, Name: strings.TrimSpace(name)}
		if kind == kindSession {
			pr.SessionPolicy = sessionDoc
			if sessionFile != "" {
				doc, err := readSessionFile(sessionFile)
				if err != nil {
					f.Err = err.Error()
					return nil
				}
				pr.SessionPolicy = doc
			}
		}
		req, err := access.NewRequest(strings.TrimSpace(action), resourceOrAll(resource), contextLines(ctxText), d.CurrentTime())
		if err != nil {
			f.Err = err.Error()
			return nil
		}
		return screen.Push(NewResult(d, Query{Principal: pr, Request: req}, open))
	}
	return f
}

// resourceOrAll is the resource asked about: the field as typed, or "*" when it is empty.
func resourceOrAll(s string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return "*"
}

func principalKind(kind string) access.Kind {
	switch kind {
	case kindGroup:
		return access.Group
	case kindRole, kindSession:
		return access.Role
	}
	return access.User
}

// fieldErr is NewRequest's error for one field (the other arguments being valid).
func fieldErr(_ policy.Request, err error) error {
	var fe *policy.FieldError
	if errors.As(err, &fe) {
		return errors.New(fe.Message)
	}
	return err
}

// contextLines are the non-empty lines of the context field.
func contextLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// readSessionFile reads a session policy file through limits (the one cap on file reads).
func readSessionFile(path string) (string, error) {
	if strings.TrimSpace(path) == "" {
		return "", errors.New("give a policy file, or press ctrl+e to write the policy")
	}
	data, err := limits.ReadFile(path, limits.PolicyFile)
	if err != nil {
		return "", err
	}
	if _, err := policy.Parse(string(data), policy.Session); err != nil {
		return "", err
	}
	return string(data), nil
}

// preview is the live pane: the query as it stands, and the actions that complete what is
// typed in the action field.
func preview(kind, name, action, resource, ctxText, sessionFile, sessionDoc string, actions []string, h int) string {
	who := kind + " " + name
	if kind == kindSession {
		who = "role " + name + " with a session policy"
	}
	lines := []string{"Principal  " + who, "Action     " + action, "Resource   " + resourceOrAll(resource)}
	for i, c := range contextLines(ctxText) {
		label := "           "
		if i == 0 {
			label = "Context    "
		}
		lines = append(lines, label+c)
	}
	if kind == kindSession {
		switch {
		case sessionFile != "":
			lines = append(lines, "", "Session policy from "+sessionFile)
		case sessionDoc != "":
			lines = append(lines, "", "Session policy:")
			if d, err := policy.Parse(sessionDoc, policy.Session); err == nil {
				lines = append(lines, strings.Split(strings.TrimRight(d.Pretty(), "\n"), "\n")...)
			}
		default:
			lines = append(lines, "", "Session policy: none yet (a file, or ctrl+e)")
		}
	}
	if a := strings.TrimSpace(action); a != "" && !strings.Contains(a, "*") {
		match := access.Complete(actions, a)
		if len(match) > 0 && !(len(match) == 1 && match[0] == a) {
			lines = append(lines, "", "Actions starting "+a+" (ctrl+e completes):")
			for i, m := range match {
				if len(lines) >= h-1 {
					lines = append(lines, "  … "+kit.Plural(len(match)-i, "more", "more"))
					break
				}
				lines = append(lines, "  "+m)
			}
		}
	}
	for i, l := range lines {
		lines[i] = safetext.Line(l)
	}
	return strings.Join(lines, "\n")
}
