package grant

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/ramtui/ramtui/parallel"
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
	// AllowMissingBucket lets Apply make a grant for a bucket the plan found missing (it can
	// be neither used nor verified until the bucket exists). Without it such a plan is refused.
	AllowMissingBucket bool
}

// Errors of Apply.
var (
	ErrDiffers = errors.New("existing documents differ from the grant's (see the diff); re-run with replace to overwrite them")
	ErrBlocked = errors.New("the plan has blockers and cannot work")
	// ErrBucketMissing: the plan found no such bucket in the account. The half of a grant that
	// could be made would wait unused and unverifiable for a bucket that may never come.
	ErrBucketMissing = errors.New("the bucket does not exist in this account; nothing was changed: create it first, or apply allowing a missing bucket")
)

// StepError is a step that failed part-way through Apply.
type StepError struct {
	Step Step
	Err  error
}

func (e *StepError) Error() string { return e.Step.Title + ": " + e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// Applied records what one Apply run changed, newest last (a round's changes in the plan's
// order), so Rollback undoes exactly that and never touches what existed before.
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

// Apply makes the plan's changes in two rounds: the permission policy, the role and the
// caller-side policy at once (none needs another), then the two attachments at once (each
// needs only what the first round made): two round trips where one change at a time took
// five. Each step is reported through progress (which may be nil), always from Apply's own
// goroutine, in the plan's order within a round: running when its round starts, then done or
// failed when the round is over. A failure stops the run after its round: the round's other
// changes were already in flight and are kept, so Apply returns a *StepError together with
// exactly what it changed (offer Rollback). A plan with blockers, one that differs without
// o.Replace, or one whose bucket is missing without o.AllowMissingBucket, is refused before any
// call.
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
	if p.Bucket.Missing() && !o.AllowMissingBucket {
		return &Applied{}, ErrBucketMissing
	}
	a := &Applied{}
	for _, round := range applyRounds {
		var steps []int // the round's changes, as indexes into p.Steps
		for i, st := range p.Steps {
			if !slices.Contains(round, st.Kind) {
				continue
			}
			ev := Event{Index: i + 1, Total: len(p.Steps), Title: st.Title, State: Running}
			if !st.Changes() {
				ev.State, ev.Why = Skipped, st.Why
			} else {
				steps = append(steps, i)
			}
			progress(ev)
		}
		undo := make([]*undoStep, len(steps))
		errs := make([]error, len(steps))
		_ = parallel.Each(len(steps), func(j int) error {
			undo[j], errs[j] = p.run(ctx, c, p.Steps[steps[j]])
			return nil
		})
		var failed error
		for j, i := range steps {
			ev := Event{Index: i + 1, Total: len(p.Steps), Title: p.Steps[i].Title, State: Done}
			if undo[j] != nil {
				a.undo = append(a.undo, *undo[j])
			}
			if errs[j] != nil {
				ev.State, ev.Err = Failed, errs[j]
				if failed == nil {
					failed = &StepError{Step: p.Steps[i], Err: errs[j]}
				}
			}
			progress(ev)
		}
		if failed != nil {
			return a, failed
		}
	}
	return a, nil
}

// applyRounds are the steps Apply makes together: what no other step needs first, then what
// needs it.
var applyRounds = [][]StepKind{{StepPolicy, StepRole, StepCallerPolicy}, {StepAttachRole, StepAttachUser}}

// run makes one step's change and returns how to undo it.
func (p *Plan) run(ctx context.Context, c *ramclient.Client, st Step) (*undoStep, error) {
	r := p.Request
	switch st.Kind {
	case StepPolicy:
		return putPolicy(ctx, c, st.Action, p.PolicyName, p.Permission.Pretty(), r.policyDescription(), p.existing.policyVer)
	case StepCallerPolicy:
		return putPolicy(ctx, c, st.Action, p.CallerPolicyName, p.CallerPolicy.Pretty(), r.callerPolicyDescription(), p.existing.callerVer)
	case StepRole:
		if st.Action == Create {
			if _, err := c.CreateRole(ctx, ramclient.NewRole{RoleName: r.RoleName, TrustPolicy: p.Trust.Pretty(),
				Description: r.roleDescription(), MaxSessionDuration: r.MaxSession}); err != nil {
				return nil, err
			}
			return &undoStep{"delete role " + r.RoleName, func(ctx context.Context, c *ramclient.Client) error {
				return c.DeleteRole(ctx, r.RoleName)
			}}, nil
		}
		old := *p.existing.role
		if _, err := c.UpdateRole(ctx, r.RoleName, ramclient.RoleUpdate{TrustPolicy: p.Trust.Pretty(), MaxSessionDuration: r.MaxSession}); err != nil {
			return nil, err
		}
		return &undoStep{"restore the trust policy and maximum session of role " + r.RoleName, func(ctx context.Context, c *ramclient.Client) error {
			_, err := c.UpdateRole(ctx, r.RoleName, ramclient.RoleUpdate{TrustPolicy: old.TrustPolicy, MaxSessionDuration: old.MaxSessionDuration})
			return err
		}}, nil
	case StepAttachRole:
		return attach(ctx, c, ramclient.RolePrincipal(r.RoleName), p.PolicyName)
	case StepAttachUser:
		return attach(ctx, c, ramclient.UserPrincipal(r.User), p.CallerPolicyName)
	}
	return nil, fmt.Errorf("unknown step %q", st.Kind)
}

func putPolicy(ctx context.Context, c *ramclient.Client, act Action, name, doc, desc, oldVersion string) (*undoStep, error) {
	if act == Create {
		if _, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: name, Document: doc, Description: desc}); err != nil {
			return nil, err
		}
		return &undoStep{"delete policy " + name, func(ctx context.Context, c *ramclient.Client) error {
			return c.DeletePolicy(ctx, name)
		}}, nil
	}
	// No RotateOldest: deleting the oldest version of a policy at its 5-version limit would
	// destroy something that existed before, which no rollback could bring back. The limit is
	// a failed step instead, and the admin decides which version goes.
	v, err := c.CreatePolicyVersion(ctx, name, ramclient.NewPolicyVersion{Document: doc, SetDefault: true})
	if err != nil {
		return nil, err
	}
	return &undoStep{"restore version " + oldVersion + " of policy " + name, func(ctx context.Context, c *ramclient.Client) error {
		if err := c.SetDefaultPolicyVersion(ctx, name, oldVersion); err != nil {
			return err
		}
		return c.DeletePolicyVersion(ctx, name, v.VersionID)
	}}, nil
}

func attach(ctx context.Context, c *ramclient.Client, to ramclient.Principal, name string) (*undoStep, error) {
	if err := c.AttachPolicy(ctx, to, name, ramclient.PolicyCustom); err != nil {
		return nil, err
	}
	return &undoStep{"detach policy " + name + " from " + to.String(), func(ctx context.Context, c *ramclient.Client) error {
		return c.DetachPolicy(ctx, to, name, ramclient.PolicyCustom)
	}}, nil
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
