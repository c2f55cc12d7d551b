package grant

import (
	"context"
	"errors"
	"fmt"

	"github.com/ramtui/ramtui/ramclient"
)

// State of a step in a progress event.
type State string

const (
	Running    State = "running"
	Done       State = "done"
	Skipped    State = "skipped"
	Failed     State = "failed"
	Undone     State = "undone"      // rolled back
	UndoFailed State = "undo failed" // rolling back failed: the entity is left, Event.Err says why
)

// Event reports progress: the TUI renders it, the CLI prints it.
type Event struct {
	Index, Total int // 1-based position among the plan's steps (or the rollback's)
	Title        string
	State        State
	Why          string // for Skipped
	Err          error
	Rollback     bool // the event belongs to a rollback
}

// Options of Apply.
type Options struct {
	// Replace lets Apply replace documents that differ from what the grant wants (a new default
	// policy version, an updated trust policy). Without it a plan that differs is refused.
	Replace bool
}

// Errors of Apply.
var (
	ErrDiffers = errors.New("existing documents differ from the grant's (see the diff); re-run with replace to overwrite them")
	ErrBlocked = errors.New("the plan has blockers and cannot work")
)

// StepError is a step that failed part-way through Apply.
type StepError struct {
	Step Step
	Err  error
}

func (e *StepError) Error() string { return e.Step.Title + ": " + e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// Applied records what one Apply run changed, newest last, so Rollback undoes exactly that and
// never touches what existed before.
type Applied struct {
	undo []undoStep
}

type undoStep struct {
	title string
	fn    func(ctx context.Context, c *ramclient.Client) error
}

// Changed reports whether the run changed anything.
func (a *Applied) Changed() bool { return a != nil && len(a.undo) > 0 }

// Undoable lists, newest first, what Rollback would undo.
func (a *Applied) Undoable() []string {
	var out []string
	for i := len(a.undo) - 1; i >= 0; i-- {
		out = append(out, a.undo[i].title)
	}
	return out
}

// Apply runs the plan's steps in order, reporting each through progress (which may be nil).
// It stops at the first failure and returns a *StepError together with what it changed so
// far: offer Rollback. A plan with blockers, or one that differs without o.Replace, is refused
// before any call.
func Apply(ctx context.Context, c *ramclient.Client, p *Plan, o Options, progress func(Event)) (*Applied, error) {
	if progress == nil {
		progress = func(Event) {}
	}
	if len(p.Blockers) > 0 {
		return &Applied{}, ErrBlocked
	}
	if p.Differs() && !o.Replace {
		return &Applied{}, ErrDiffers
	}
	a := &Applied{}
	for i, st := range p.Steps {
		ev := Event{Index: i + 1, Total: len(p.Steps), Title: st.Title}
		if !st.Changes() {
			ev.State, ev.Why = Skipped, st.Why
			progress(ev)
			continue
		}
		ev.State = Running
		progress(ev)
		if err := p.run(ctx, c, st, a); err != nil {
			ev.State, ev.Err = Failed, err
			progress(ev)
			return a, &StepError{Step: st, Err: err}
		}
		ev.State = Done
		progress(ev)
	}
	return a, nil
}

func (a *Applied) push(title string, fn func(ctx context.Context, c *ramclient.Client) error) {
	a.undo = append(a.undo, undoStep{title, fn})
}

// run makes one step's change and records how to undo it.
func (p *Plan) run(ctx context.Context, c *ramclient.Client, st Step, a *Applied) error {
	r := p.Request
	switch st.Kind {
	case StepPolicy:
		return p.putPolicy(ctx, c, a, st.Action, p.PolicyName, p.Permission.Pretty(), r.policyDescription(), p.existing.policyVer)
	case StepCallerPolicy:
		return p.putPolicy(ctx, c, a, st.Action, p.CallerPolicyName, p.CallerPolicy.Pretty(), r.callerPolicyDescription(), p.existing.callerVer)
	case StepRole:
		if st.Action == Create {
			_, err := c.CreateRole(ctx, ramclient.NewRole{RoleName: r.RoleName, TrustPolicy: p.Trust.Pretty(),
				Description: r.roleDescription(), MaxSessionDuration: r.MaxSession})
			if err == nil {
				a.push("delete role "+r.RoleName, func(ctx context.Context, c *ramclient.Client) error {
					return c.DeleteRole(ctx, r.RoleName)
				})
			}
			return err
		}
		old := *p.existing.role
		_, err := c.UpdateRole(ctx, r.RoleName, ramclient.RoleUpdate{TrustPolicy: p.Trust.Pretty(), MaxSessionDuration: r.MaxSession})
		if err == nil {
			a.push("restore the trust policy and maximum session of role "+r.RoleName, func(ctx context.Context, c *ramclient.Client) error {
				_, err := c.UpdateRole(ctx, r.RoleName, ramclient.RoleUpdate{TrustPolicy: old.TrustPolicy, MaxSessionDuration: old.MaxSessionDuration})
				return err
			})
		}
		return err
	case StepAttachRole:
		return attach(ctx, c, a, ramclient.RolePrincipal(r.RoleName), p.PolicyName)
	case StepAttachUser:
		return attach(ctx, c, a, ramclient.UserPrincipal(r.User), p.CallerPolicyName)
	}
	return fmt.Errorf("unknown step %q", st.Kind)
}

func (p *Plan) putPolicy(ctx context.Context, c *ramclient.Client, a *Applied, act Action, name, doc, desc, oldVersion string) error {
	if act == Create {
		_, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: name, Document: doc, Description: desc})
		if err == nil {
			a.push("delete policy "+name, func(ctx context.Context, c *ramclient.Client) error {
				return c.DeletePolicy(ctx, name)
			})
		}
		return err
	}
	// No RotateOldest: deleting the oldest version of a policy at its 5-version limit would
	// destroy something that existed before, which no rollback could bring back. The limit is
	// a failed step instead, and the admin decides which version goes.
	v, err := c.CreatePolicyVersion(ctx, name, ramclient.NewPolicyVersion{Document: doc, SetDefault: true})
	if err == nil {
		a.push("restore version "+oldVersion+" of policy "+name, func(ctx context.Context, c *ramclient.Client) error {
			if err := c.SetDefaultPolicyVersion(ctx, name, oldVersion); err != nil {
				return err
			}
			return c.DeletePolicyVersion(ctx, name, v.VersionID)
		})
	}
	return err
}

func attach(ctx context.Context, c *ramclient.Client, a *Applied, to ramclient.Principal, name string) error {
	err := c.AttachPolicy(ctx, to, name, ramclient.PolicyCustom)
	if err == nil {
		a.push("detach policy "+name+" from "+to.String(), func(ctx context.Context, c *ramclient.Client) error {
			return c.DetachPolicy(ctx, to, name, ramclient.PolicyCustom)
		})
	}
	return err
}

// Rollback undoes what the run changed, newest first, reporting each undo. It goes on after a
// failed undo (so as much as possible is cleaned up) and returns the first error.
func Rollback(ctx context.Context, c *ramclient.Client, a *Applied, progress func(Event)) error {
	if progress == nil {
		progress = func(Event) {}
	}
	var first error
	n := len(a.undo)
	for i := n - 1; i >= 0; i-- {
		u := a.undo[i]
		ev := Event{Index: n - i, Total: n, Title: u.title, Rollback: true, State: Running}
		progress(ev)
		if err := u.fn(ctx, c); err != nil {
			ev.State, ev.Err = UndoFailed, err
			if first == nil {
				first = err
			}
		} else {
			ev.State = Undone
		}
		progress(ev)
	}
	a.undo = nil
	return first
}
