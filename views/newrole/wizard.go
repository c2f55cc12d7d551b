package newrole

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/grant"
	"github.com/ramtui/ramtui/views/kit"
)

// wizard is the create-role form. Its fields are bound to the Choice and the role's fields;
// the trust policy is made from them on every frame (the preview), unless it was finished in
// $EDITOR (custom).
type wizard struct {
	*kit.Form
	acct   Account
	origin screen.ID
	plain  func() tea.Cmd // KindEditor; nil: not offered
	choice Choice

	name, description string
	marks             string // how options are marked (kit.Deps.Marks)
	maxSession        time.Duration
	policies          []string // kit.PolicyID of the picked policies
	custom            string   // the trust policy as saved in $EDITOR; "" = made by the fields
	audiences         *huh.Input

	steps []step // while applying: what runs, in order
	done  int
}

// New is the wizard over what Load read of the account.
func New(d *kit.Deps, a Account, origin screen.ID, plain func() tea.Cmd) screen.Screen {
	w := &wizard{acct: a, origin: origin, plain: plain, maxSession: time.Hour, marks: d.Marks()}
	w.choice = Choice{Kind: KindAccount, Account: a.ID, ExternalID: RandomExternalID(),
		Service: Services[0].Principal, Recipient: policy.SAMLRecipientChina, OIDC: a.OIDC}
	if len(a.SAML) > 0 {
		w.choice.Provider = "saml:" + a.SAML[0].Name
	} else if len(a.OIDC) > 0 {
		w.choice.Provider = "oidc:" + a.OIDC[0].Name
	}
	w.Form = kit.NewForm(d, "New role", w.pages)
	w.Header = func(int) []string {
		return []string{d.Theme.Dim.Render("Nothing is created before you confirm. ctrl+e edits the trust in $EDITOR.")}
	}
	w.Preview = w.preview
	w.Submit = w.submit
	w.Actions = kit.Actions{{Key: key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "edit trust in $EDITOR")),
		Do: w.edit}}
	w.OnMsg = w.onMsg
	w.Refresh = w.refresh
	return w
}

// refresh shows the chosen OIDC provider's client ids and issuer (from the API: made safe)
// in the audiences field.
func (w *wizard) refresh() {
	p, _ := w.choice.oidc()
	w.audiences.Placeholder(safetext.Line(strings.Join(p.ClientIDs, ", "))).
		Description("empty: every client id of the provider; oidc:iss is its issuer " + safetext.Line(p.IssuerURL))
}

// Update keeps the wizard (not the embedded form) as the screen on the stack.
func (w *wizard) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	_, cmd := w.Form.Update(msg)
	return w, cmd
}

func (w *wizard) is(kinds ...string) func() bool {
	return func() bool {
		for _, k := range kinds {
			if w.choice.Kind == k {
				return true
			}
		}
		return false
	}
}

func not(f func() bool) func() bool { return func() bool { return !f() } }

func (w *wizard) pages() []kit.Page {
	c := &w.choice
	options := []huh.Option[string]{
		huh.NewOption("This account: any RAM user or role its policies allow", KindAccount),
		huh.NewOption("This account: only chosen users and roles", KindPrincipals),
		huh.NewOption("Another Alibaba Cloud account", KindOther),
		huh.NewOption("A cloud service (a normal service role)", KindService),
		huh.NewOption("An identity provider (SAML or OIDC)", KindProvider),
		huh.NewOption("Grant a developer access to an OSS directory…", KindGrant),
	}
	if w.plain != nil {
		options = append(options, huh.NewOption("My own trust policy, written in $EDITOR…", KindEditor))
	}
	kinds := huh.NewSelect[string]().Title("Who may assume the role").Value(&c.Kind).Options(options...)

	var principals []huh.Option[string]
	for _, u := range w.acct.Users {
		principals = append(principals, huh.NewOption("user "+safetext.Line(u), "user:"+u))
	}
	for _, r := range w.acct.Roles {
		principals = append(principals, huh.NewOption("role "+safetext.Line(r), "role:"+r))
	}
	chosen := huh.NewMultiSelect[string]().Title(kit.FilterTitle("Users and roles")).Options(principals...).Value(&c.Principals).
		Description(w.marks + ", / filters").Filterable(true).Height(12).
		Validate(func(v []string) error {
			if len(v) == 0 {
				return errors.New("mark at least one user or role")
			}
			return nil
		})

	// This account's own id makes the trust of "This account" (with an ExternalId meant for
	// another party): said here, on the field, rather than made quietly.
	other := huh.NewInput().Title("Account id").Value(&c.OtherAccount).Description("16 digits").Validate(func(s string) error {
		if err := CheckAccountID(s); err != nil {
			return err
		}
		if s == w.acct.ID {
			return errors.New("that is this account: choose \"This account\" (shift+tab goes back)")
		}
		return nil
	})
	extID := huh.NewInput().Title("ExternalId (optional)").Value(&c.ExternalID).
		Description("the other account must pass it to AssumeRole; suggested at random").
		Validate(func(s string) error {
			return trustErr(Choice{Kind: KindOther, OtherAccount: "1234567890123456", ExternalID: s})
		})
	mfa := huh.NewConfirm().Title("Require MFA").Value(&c.MFA).Affirmative("Yes").Negative("No")

	var services []huh.Option[string]
	for _, s := range Services {
		services = append(services, huh.NewOption(s.Principal+"  "+s.About, s.Principal))
	}
	services = append(services, huh.NewOption("another service: type it", OtherService))
	service := huh.NewSelect[string]().Title("Cloud service").Options(services...).Value(&c.Service).Height(14)
	typed := huh.NewInput().Title("Service").Value(&c.TypedService).Description("<code>.aliyuncs.com, e.g. ecs.aliyuncs.com").
		Validate(func(s string) error {
			return trustErr(Choice{Kind: KindService, Service: OtherService, TypedService: s})
		})

	var providers []huh.Option[string]
	for _, p := range w.acct.SAML {
		providers = append(providers, huh.NewOption("SAML "+safetext.Line(p.Name)+"  "+safetext.Line(p.Description), "saml:"+p.Name))
	}
	for _, p := range w.acct.OIDC {
		providers = append(providers, huh.NewOption("OIDC "+safetext.Line(p.Name)+"  "+safetext.Line(p.IssuerURL), "oidc:"+p.Name))
	}
	provider := huh.NewSelect[string]().Title("Identity provider").Options(providers...).Value(&c.Provider).
		Validate(func(s string) error {
			if s == "" {
				return errors.New("the account has no identity provider: create one on the Providers tab (6)")
			}
			return nil
		})
	recipient := huh.NewSelect[string]().Title("saml:recipient").Value(&c.Recipient).Options(
		huh.NewOption("China site  "+policy.SAMLRecipientChina, policy.SAMLRecipientChina),
		huh.NewOption("International site  "+policy.SAMLRecipientIntl, policy.SAMLRecipientIntl))
	// Its placeholder and description name the chosen provider's: set on the event loop
	// (w.Refresh), as huh's *Func evaluators run in a command's goroutine.
	audiences := huh.NewInput().Title("oidc:aud (client ids)").Value(&c.Audiences)
	w.audiences = audiences
	subjects := huh.NewInput().Title("oidc:sub (optional)").Value(&c.Subjects).
		Description("e.g. system:serviceaccount:<namespace>:<service account>; commas for several")

	name := huh.NewInput().Title("Role name").Value(&w.name).Validate(ramclient.CheckRoleName)
	desc := huh.NewInput().Title("Description (optional)").Value(&w.description).CharLimit(1024)
	var sessions []huh.Option[time.Duration]
	for _, h := range []int{1, 2, 4, 6, 8, 12} {
		sessions = append(sessions, huh.NewOption(kit.Duration(time.Duration(h)*time.Hour), time.Duration(h)*time.Hour))
	}
	maxSession := huh.NewSelect[time.Duration]().Title("Max session").Options(sessions...).Value(&w.maxSession).Inline(true)

	var pols []huh.Option[string]
	for _, p := range w.acct.Policies {
		pols = append(pols, huh.NewOption(safetext.Line(p.PolicyName)+" ("+string(p.PolicyType)+")", kit.PolicyID(p)))
	}
	policies := huh.NewMultiSelect[string]().Title(kit.FilterTitle("Policies to attach (optional)")).Options(pols...).Value(&w.policies).
		Description(w.marks + ", / filters, enter goes on").Filterable(true).Height(12)

	roleFields := not(w.is(KindGrant, KindEditor))
	return []kit.Page{
		{Title: "Trusted entity", Fields: []huh.Field{kinds}},
		{Title: "This account: chosen users and roles", Fields: []huh.Field{chosen}, Hide: not(w.is(KindPrincipals))},
		{Title: "Another account", Fields: []huh.Field{other, extID, mfa}, Hide: not(w.is(KindOther))},
		{Title: "A cloud service", Fields: []huh.Field{service}, Hide: not(w.is(KindService))},
		{Title: "A cloud service", Fields: []huh.Field{typed}, Hide: func() bool { return c.Kind != KindService || c.Service != OtherService }},
		{Title: "An identity provider", Fields: []huh.Field{provider}, Hide: not(w.is(KindProvider))},
		{Title: "SAML provider", Fields: []huh.Field{recipient}, Hide: func() bool { return c.Kind != KindProvider || !strings.HasPrefix(c.Provider, "saml:") }},
		{Title: "OIDC provider", Fields: []huh.Field{audiences, subjects}, Hide: func() bool { return c.Kind != KindProvider || !strings.HasPrefix(c.Provider, "oidc:") }},
		{Title: "The role", Fields: []huh.Field{name, desc, maxSession}, Hide: not(roleFields)},
		{Title: "Policies", Fields: []huh.Field{policies}, Hide: not(roleFields)},
	}
}

// trustErr is the error of a choice's trust policy, for one field's validation.
func trustErr(c Choice) error {
	_, err := c.TrustPolicy()
	var fe *policy.FieldError
	if errors.As(err, &fe) {
		return errors.New(fe.Message)
	}
	return err
}

// trust is the trust policy to create: the one saved in $EDITOR, else the fields'.
func (w *wizard) trust() (string, error) {
	if w.custom != "" {
		return w.custom, nil
	}
	doc, err := w.choice.TrustPolicy()
	if err != nil {
		return "", err
	}
	return doc.Pretty(), nil
}

// picked are the policies marked, in the list's order.
func (w *wizard) picked() []ramclient.Policy {
	want := map[string]bool{}
	for _, id := range w.policies {
		want[id] = true
	}
	var out []ramclient.Policy
	for _, p := range w.acct.Policies {
		if want[kit.PolicyID(p)] {
			out = append(out, p)
		}
	}
	return out
}

// preview is the trust policy and who can assume the role, live.
func (w *wizard) preview(width, h int) string {
	if w.choice.Kind == KindEditor {
		return "Next: the role's name, description and max session, then your editor opens on a\ntrust policy trusting this account, to write as you need."
	}
	if w.choice.Kind == KindGrant {
		return "The grant wizard makes a role for one RAM user and an OSS directory:\nthe role, its policy and the user's permission to assume it, in one plan."
	}
	doc, err := w.trust()
	if err != nil {
		if len(w.Huh().Errors()) > 0 {
			// huh shows the field's error under it: once is enough.
			return strings.Join(components.Wrap("The trust policy shows when the fields are complete.", width), "\n")
		}
		return "The trust policy shows when the fields are complete:\n\n" + strings.Join(components.Wrap(safetext.Line(err.Error()), width), "\n")
	}
	var b strings.Builder
	if w.custom != "" {
		b.WriteString("Edited in $EDITOR (the fields no longer change it):\n")
	}
	b.WriteString(details.WhoCanAssume(doc) + "\n\n")
	role := w.name
	if role == "" {
		role = "(name)"
	}
	b.WriteString("Role " + role + ", max session " + kit.Duration(w.maxSession))
	if ps := w.picked(); len(ps) > 0 {
		names := make([]string, len(ps))
		for i, p := range ps {
			names[i] = p.PolicyName
		}
		b.WriteString(", policies " + strings.Join(names, ", "))
	}
	b.WriteString("\n\nTrust policy\n" + kit.PrettyJSON(doc))
	return strings.Join(wrapIndented(strings.Split(safetext.Block(b.String()), "\n"), width), "\n")
}

// edit opens the trust policy in $EDITOR.
func (w *wizard) edit() tea.Cmd {
	doc, err := w.trust()
	if err != nil {
		w.Err = "Complete the trust fields first: " + err.Error()
		return nil
	}
	return kit.EditJSON(&w.Form.Base, "new-role-trust", doc)
}

// step is one call of the creation: the role, then each policy.
type step struct {
	label string
	do    func(ctx context.Context) error
}

// startMsg is the yes to the confirmation: the steps start.
type startMsg struct{}

// stepMsg is one step's outcome.
type stepMsg struct {
	i   int
	err error
}

func (w *wizard) onMsg(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case screen.EditedMsg:
		if m.Err != nil {
			w.Err = m.Err.Error()
			return nil
		}
		generated, _ := w.choice.TrustPolicy()
		if strings.TrimSpace(m.Text) == "" || (generated != nil && kit.SameJSON(m.Text, generated.Pretty())) {
			w.custom = "" // unchanged: the fields keep making it
			return nil
		}
		if _, err := policy.Parse(m.Text, policy.Trust); err != nil {
			w.Err = "The edited trust policy is not valid: " + err.Error()
			return nil
		}
		w.custom = m.Text
		return nil
	case startMsg:
		return w.run(0)
	case stepMsg:
		return w.stepDone(m)
	}
	return nil
}

// submit checks everything, then asks once, naming the trust in words, the role and the
// policies.
func (w *wizard) submit() tea.Cmd {
	switch w.choice.Kind {
	case KindGrant:
		return tea.Sequence(screen.Pop(), screen.Push(grant.New(w.D)))
	case KindEditor:
		return tea.Sequence(screen.Pop(), w.plain())
	}
	if err := ramclient.CheckRoleName(w.name); err != nil {
		w.Err = fieldMessage(err).Error()
		return nil
	}
	doc, err := w.trust()
	if err != nil {
		w.Err = err.Error()
		return nil
	}
	c, name := w.D.Client(), w.name
	role := ramclient.NewRole{RoleName: name, TrustPolicy: doc, Description: w.description, MaxSessionDuration: w.maxSession}
	w.steps = []step{{"create role " + name, func(ctx context.Context) error {
		_, err := c.CreateRole(ctx, role)
		return err
	}}}
	lines := wrapIndented(strings.Split(details.WhoCanAssume(doc), "\n"), ConfirmWidth)
	lines = append(lines, "Max session "+kit.Duration(w.maxSession))
	if w.description != "" {
		lines = append(lines, "Description: "+w.description)
	}
	for _, p := range w.picked() {
		lines = append(lines, "Attach "+kit.PolicyLabel(p))
		w.steps = append(w.steps, step{"attach " + kit.PolicyLabel(p), func(ctx context.Context) error {
			return c.AttachPolicy(ctx, ramclient.RolePrincipal(name), p.PolicyName, p.PolicyType)
		}})
	}
	question := "Create role " + name + " (" + kit.Plural(len(w.steps), "step", "steps") + ")?"
	// The first step starts on the event loop, only on yes: a step made now would mark the
	// wizard busy (locked, "Step 1/…") while the question is asked, and after a no.
	return screen.Cmd(screen.ConfirmMsg{Question: question, Details: lines, Warnings: kit.Lint(doc, policy.Trust, w.acct.ID), OnYes: screen.Send(w.ID(), startMsg{})})
}

// ConfirmWidth is how wide a line of the confirmation's details may be and still be read
// whole: the root's box is at most 76 cells, 72 inside, and indents each detail by 2 (longer
// lines are cut there, as item lists are).
const ConfirmWidth = 70

// wrapIndented wraps each line at w cells; a continuation keeps the line's indent, plus two.
func wrapIndented(lines []string, w int) []string {
	var out []string
	for _, l := range lines {
		if components.Width(l) <= w {
			out = append(out, l)
			continue
		}
		body := strings.TrimLeft(l, " ")
		indent := l[:len(l)-len(body)]
		for i, part := range components.Wrap(body, max(10, w-len(indent)-2)) {
			if i > 0 {
				part = "  " + part
			}
			out = append(out, indent+part)
		}
	}
	return out
}

// run starts step i; its outcome comes back as a stepMsg.
func (w *wizard) run(i int) tea.Cmd {
	w.done = i
	w.Busy = "Step " + strconv.Itoa(i+1) + "/" + strconv.Itoa(len(w.steps)) + ": " + w.steps[i].label + "…"
	ctx, do := w.Ctx, w.steps[i].do
	return screen.Call(w.ID(), func() tea.Msg { return stepMsg{i: i, err: do(ctx)} })
}

// stepDone goes on to the next step; after the last, it shows the new role; after a failure
// it says what exists.
func (w *wizard) stepDone(m stepMsg) tea.Cmd {
	if m.err != nil {
		w.Busy = ""
		var made []string
		for _, s := range w.steps[:m.i] {
			made = append(made, s.label)
		}
		w.Err = w.steps[m.i].label + " failed: " + kit.ErrLine(m.err)
		if len(made) > 0 {
			w.Err += ". Done before it: " + strings.Join(made, "; ") + " (the role exists: finish it from its screen, or delete it)"
		} else {
			w.Err += ". Nothing was created."
		}
		return screen.FlashError(w.Err)
	}
	if m.i+1 < len(w.steps) {
		return w.run(m.i + 1)
	}
	w.Busy = ""
	name := w.name
	summary := "Created role " + name
	if n := len(w.steps) - 1; n > 0 {
		summary += " and attached " + kit.Plural(n, "policy", "policies")
	}
	return tea.Batch(screen.Flash(summary+"."), screen.Send(w.origin, kit.ReloadMsg{}),
		tea.Sequence(screen.Pop(), screen.Push(details.NewRole(w.D, name))))
}
