package grant

import (
	"errors"
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// Live probes on the verification (P): the probes made as real OSS requests with the
// developer's session. Against the simulator they run with every verification, so P runs them
// again. On a real account they are made only when asked: a form asks for the bucket's region
// (or an endpoint) and, optionally, the user's own AccessKey pasted by the admin; one
// confirmation says that a probe object will be written and deleted in the real bucket.

var errNoRegion = errors.New("the bucket's region (or an endpoint) is needed: the probes go to the bucket's own endpoint")

// liveAsk holds what the form asks. The pasted secret is never shown (the field is masked),
// logged, or saved; it leaves this struct for the one run it is for.
type liveAsk struct{ region, endpoint, keyID, secret string }

// liveMsg starts the confirmed live run on the flow screen.
type liveMsg struct {
	plan *engine.Plan
	o    engine.VerifyOptions
	at   string // where the requests go, for the text
}

// probeLive is P on the verification.
func (f *flow) probeLive() tea.Cmd {
	if f.c.Local() {
		return tea.Batch(screen.Flash("Probing again: the same OSS requests, as the developer's session…"), f.verify())
	}
	return screen.Push(f.liveForm())
}

// liveForm asks where the bucket is and whose key signs the AssumeRole; its submit asks the
// confirmation. It is the path of a real account; tests drive it against the simulator with
// the simulator's endpoint.
func (f *flow) liveForm() *kit.Form {
	a := &liveAsk{region: f.plan.Request.Region}
	req := f.plan.Request
	form := kit.NewForm(f.D, "Live probes", func() []kit.Page {
		return []kit.Page{{Fields: []huh.Field{
			huh.NewInput().Key("region").Title("Bucket region").Value(&a.region).
				Description("the probes go to oss-<region>.aliyuncs.com").Validate(func(s string) error { return a.checkRegion(req, s) }),
			huh.NewInput().Key("endpoint").Title("OSS endpoint (optional)").Value(&a.endpoint).
				Description("instead of the region's public endpoint, e.g. an internal one").Validate(func(s string) error {
				if strings.TrimSpace(a.region) == "" && strings.TrimSpace(s) == "" {
					return errNoRegion
				}
				return printable("the endpoint")(s)
			}),
			huh.NewInput().Key("keyid").Title("The user's AccessKey ID (optional)").Value(&a.keyID).
				Description("blank: a temporary key of " + req.User + " is made for one AssumeRole, then deleted").Validate(printable("the AccessKey ID")),
			huh.NewInput().Key("secret").Title("Its secret").Value(&a.secret).EchoMode(huh.EchoModePassword).
				Description("pasted, masked; not shown, logged or saved").Validate(func(s string) error {
				// Checked here, not on submit: a refused submit starts the form again at its
				// first field, where a secret pasted next would show.
				if id := strings.TrimSpace(a.keyID); id != "" && strings.TrimSpace(s) == "" {
					return errors.New("paste the secret of " + id + " too, or clear the AccessKey ID")
				}
				return printable("the secret")(s)
			}),
		}}}
	})
	form.Header = func(w int) []string {
		return components.Wrap("The probes as real requests in oss://"+req.Bucket+"/"+req.Dir+", as "+req.User+
			"'s session after AssumeRole. Nothing is sent before you confirm.", w)
	}
	form.Submit = func() tea.Cmd {
		o, plan, at, err := a.options(f.plan)
		if err != nil {
			form.Err = err.Error()
			return nil
		}
		return f.confirmLive(plan, o, at)
	}
	return form
}

func (a *liveAsk) checkRegion(req engine.Request, s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil // the endpoint may say where instead; options checks the pair
	}
	req.Region = s
	_, err := req.Normalize() // the CLI's check of --region
	return err
}

// printable refuses spaces and control characters (a stray newline from a paste).
func printable(what string) func(string) error {
	return func(s string) error {
		for _, r := range strings.TrimSpace(s) {
			if unicode.IsSpace(r) || !unicode.IsPrint(r) {
				return errors.New(what + " holds a space or a control character")
			}
		}
		if len(s) > 256 {
			return errors.New(what + " is too long")
		}
		return nil
	}
}

// options are the verification's options for what was typed, the plan they apply to (the
// typed region, when it differs) and where the requests go.
func (a *liveAsk) options(p *engine.Plan) (engine.VerifyOptions, *engine.Plan, string, error) {
	region, endpoint := strings.TrimSpace(a.region), strings.TrimSpace(a.endpoint)
	keyID, secret := strings.TrimSpace(a.keyID), strings.TrimSpace(a.secret)
	o := engine.VerifyOptions{AssumeForReal: true, Live: true, OSSEndpoint: endpoint}
	switch {
	case region == "" && endpoint == "":
		return o, nil, "", errNoRegion
	case keyID != "" && secret == "":
		return o, nil, "", errors.New("paste the secret of " + keyID + " too, or clear the AccessKey ID")
	case keyID == "" && secret != "":
		return o, nil, "", errors.New("a secret without its AccessKey ID: paste the ID too, or clear the secret")
	}
	if keyID != "" {
		o.UserCredentials = &ramclient.Credentials{AccessKeyID: keyID, AccessKeySecret: secret, Source: "pasted for the live probes"}
	}
	if region != p.Request.Region {
		cp := *p
		cp.Request.Region = region
		p = &cp
	}
	at := endpoint
	if at == "" {
		at = engine.Endpoint(region)
	}
	return o, p, at, nil
}

// confirmLive is the one question before anything is written in the real bucket.
func (f *flow) confirmLive(p *engine.Plan, o engine.VerifyOptions, at string) tea.Cmd {
	r := p.Request
	who := "a temporary AccessKey of user " + r.User + " is made for one AssumeRole and deleted after"
	if o.UserCredentials != nil {
		who = "AssumeRole as user " + r.User + " with the AccessKey " + o.UserCredentials.AccessKeyID + " you pasted"
	}
	return screen.Cmd(screen.ConfirmMsg{
		Question: "Make the probes for real in the bucket oss://" + r.Bucket + "/ at " + at + "?",
		Details: []string{
			who,
			"lists oss://" + r.Bucket + "/" + r.Dir + ", writes one probe object ramtui-probe-<time>-<random>.txt there, reads it back and deletes it (also when a step fails)",
			"lists the bucket root and tries to write outside " + r.Dir + ": OSS should refuse both",
		},
		OnYes: tea.Sequence(screen.Pop(), screen.Send(f.ID(), liveMsg{plan: p, o: o, at: at})),
	})
}
