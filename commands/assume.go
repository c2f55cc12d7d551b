package commands

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/limits"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/userdata"
)

type assumeOpts struct {
	duration    time.Duration
	sessionName string
	namesFor    func(user, role string) string // the default session name (config.yaml's template); nil = the caller's name
	policyFile  string
	externalID  string
	format      string

	// hand-over beyond printing (assume_handover.go)
	cache       bool   // reuse a cached session until it nears its end
	serve       bool   // a loopback CredentialsURI endpoint
	listen      string // --serve's address
	unset       bool   // print the lines that undo the exports
	force       bool   // run -- CMD even inside another assumed role
	saveProfile string // write an StsToken profile of the aliyun CLI
	replace     string // the profile name, typed again to replace an existing profile
}

func newAssumeCmd(f *rootFlags) *cobra.Command {
	var o assumeOpts
	cmd := &cobra.Command{
		Use:   "assume ROLE|ARN [flags] [-- CMD ARGS...]",
		Short: "Assume a role and print its temporary credentials, or run a command with them",
		Long: `Runs STS AssumeRole and hands the temporary credentials over.

Without -- CMD, prints them in --format:
  env         export lines for bash/zsh (each led by a space to keep it out of history)
  fish        set -gx lines for fish
  powershell  $env: lines for PowerShell
  cmd         set lines for Windows cmd.exe
  json        {"AccessKeyId","AccessKeySecret","SecurityToken","Expiration"}
  external    the aliyun CLI's External-mode JSON (use as a profile's process_command)
Shell formats also export ALIBABA_CLOUD_IGNORE_PROFILE=TRUE (without it the aliyun CLI ignores
exported credentials while a profile is configured) and ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION.

With -- CMD ARGS..., runs CMD with the credentials in its environment (every other credential
variable a tool could read first removed: ALICLOUD_*, ALIBABACLOUD_*, the role, OIDC and URI
variables ...), RAMTUI_ASSUMED_ROLE set to the role, and exits with CMD's status. Inside such a
command (RAMTUI_ASSUMED_ROLE set) it refuses to run another one unless --force.

Other hand-overs:
  --cache               keep the session (0600, in the XDG cache dir) and hand it out again
                        until 5 minutes before it ends: an External profile or credential
                        process running ramtui costs no AssumeRole each time
  --serve [--listen A]  serve the session on a loopback CredentialsURI endpoint (a random
                        path), renewed before it ends, until interrupted
  --save-profile NAME   write it as an StsToken profile of the aliyun CLI (0600, backups kept);
                        an existing profile is replaced only with --replace NAME
  --unset               print the lines that remove the exported variables again (no ROLE)

ROLE is a role name in the caller's own account or a full ARN (acs:ram::<account>:role/<name>).
The session name defaults to the caller's RAM user name, so audit logs show who it was.

Exit status: 0 success; 1 the service refused (e.g. not allowed to assume the role, which is
explained on stderr); 2 bad arguments or input; 3 could not sign in (credentials, endpoint);
with -- CMD, CMD's own status (126 not executable, 127 not found).`,
		Example: `  creds=$(ramtui assume ops-readonly) && eval "$creds"
  ramtui assume ops-readonly --format powershell | Invoke-Expression
  eval "$(ramtui assume --unset)"
  ramtui assume acs:ram::1234567890123456:role/deploy --duration 2h -- terraform apply
  ramtui assume finance-export --external-id fin-export-2024 --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if o.unset {
				if len(args) != 0 {
					return withCode(exitUsage, errors.New("--unset takes no ROLE"))
				}
				return nil
			}
			if dash := cmd.ArgsLenAtDash(); dash == 0 || (dash < 0 && len(args) != 1) || dash > 1 {
				return withCode(exitUsage, errors.New("expected exactly one ROLE or ARN, then optionally -- CMD ARGS..."))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var command []string
			if dash := cmd.ArgsLenAtDash(); dash == 1 {
				command = args[1:]
				if len(command) == 0 {
					return withCode(exitUsage, errors.New("nothing to run after --"))
				}
			}
			if o.unset {
				return printUnset(o, cmd.OutOrStdout())
			}
			if err := sessionDefaults(f, &o); err != nil {
				return err
			}
			return runAssume(cmd.Context(), f, o, args[0], command, cmd.OutOrStdout(), cmd.ErrOrStderr(), userdata.DefaultDirs())
		},
	}
	fl := cmd.Flags()
	addConnectFlags(fl, f)
	fl.DurationVar(&o.duration, "duration", 0, "session duration, 15m up to the role's maximum (default 1h; clamped to the maximum, with a warning)")
	fl.StringVar(&o.sessionName, "session-name", "", "RoleSessionName, 2-64 of [A-Za-z0-9.@_-] (default: the caller's RAM user name)")
	fl.StringVar(&o.policyFile, "policy", "", "session policy file (JSON, at most 2048 characters) that narrows what the session may do")
	fl.StringVar(&o.externalID, "external-id", "", "ExternalId the role's trust policy requires")
	fl.StringVar(&o.format, "format", "env", "output format: env, fish, powershell, cmd, json or external")
	fl.BoolVar(&o.cache, "cache", false, "reuse a cached session (0600, XDG cache dir) until 5 minutes before it ends")
	fl.BoolVar(&o.serve, "serve", false, "serve the session on a loopback credentials URI, renewed before it ends, until interrupted")
	fl.StringVar(&o.listen, "listen", "127.0.0.1:0", "--serve's address (loopback only)")
	fl.BoolVar(&o.unset, "unset", false, "print the lines that undo the exports of --format, and exit")
	fl.BoolVar(&o.force, "force", false, "with -- CMD: run it even inside another assumed role (RAMTUI_ASSUMED_ROLE set)")
	fl.StringVar(&o.saveProfile, "save-profile", "", "save the session as this aliyun CLI profile (mode StsToken) instead of printing it")
	fl.StringVar(&o.replace, "replace", "", "with --save-profile: the existing profile's name again, to replace it")
	return cmd
}

func printUnset(o assumeOpts, stdout io.Writer) error {
	f, err := assume.ParseFormat(o.format)
	if err != nil {
		return withCode(exitUsage, err)
	}
	text, err := assume.Unset(f)
	if err != nil {
		return withCode(exitUsage, err)
	}
	_, err = io.WriteString(stdout, text)
	return err
}

// checkHandover refuses combinations that make no sense, and nesting, before any API call.
func checkHandover(o assumeOpts, command []string, getenv func(string) string) error {
	n := 0
	for _, on := range []bool{len(command) > 0, o.serve, o.saveProfile != ""} {
		if on {
			n++
		}
	}
	switch {
	case n > 1:
		return errors.New("-- CMD, --serve and --save-profile exclude one another")
	case o.replace != "" && o.replace != o.saveProfile:
		return fmt.Errorf("--replace %q must repeat --save-profile's name", o.replace)
	case o.cache && o.serve:
		return errors.New("--serve renews its own session: --cache does not apply")
	case o.saveProfile != "" && strings.ContainsAny(o.saveProfile, " \t\"\\"):
		return fmt.Errorf("--save-profile %q: use letters, digits, - and _", o.saveProfile)
	}
	if role := getenv(assume.EnvAssumedRole); len(command) > 0 && role != "" && !o.force {
		return fmt.Errorf("already running as %s (%s is set): a command inside it would stack sessions; exit it first, or pass --force",
			safetext.Line(role), assume.EnvAssumedRole)
	}
	return nil
}

// assumeRequest is the validated input of one role switch.
type assumeRequest struct {
	role        string // name or ARN, as given
	arn         assume.RoleARN
	haveARN     bool
	format      assume.Format
	sessionPol  string
	sessionName string
	duration    time.Duration
	externalID  string
	names       func(user, role string) string // assumeOpts.namesFor
}

// parseAssume validates everything it can before any API call, so bad input costs nothing.
func parseAssume(o assumeOpts, role string) (assumeRequest, error) {
	r := assumeRequest{role: strings.TrimSpace(role), sessionName: o.sessionName, duration: o.duration, externalID: o.externalID,
		names: o.namesFor}
	var err error
	if r.format, err = assume.ParseFormat(o.format); err != nil {
		return r, err
	}
	if strings.HasPrefix(r.role, "acs:") {
		if r.arn, err = assume.ParseRoleARN(r.role); err != nil {
			return r, err
		}
		r.haveARN = true
	} else if r.role == "" || strings.ContainsAny(r.role, " /:") {
		return r, fmt.Errorf("%q is neither a role name nor a role ARN", role)
	}
	if r.sessionName != "" {
		if err := assume.ValidateSessionName(r.sessionName); err != nil {
			return r, fmt.Errorf("--session-name: %w", err)
		}
	}
	if r.duration != 0 && (r.duration < assume.MinDuration || r.duration%time.Second != 0) {
		return r, fmt.Errorf("--duration %v: must be whole seconds, at least 15m", r.duration)
	}
	if o.policyFile != "" {
		data, err := limits.ReadFile(o.policyFile, limits.PolicyFile)
		if err != nil {
			return r, fmt.Errorf("--policy: %w", err)
		}
		r.sessionPol = string(data)
		if _, err := policy.Parse(r.sessionPol, policy.Session); err != nil {
			return r, fmt.Errorf("--policy %s: %w", o.policyFile, err)
		}
	}
	if id := r.externalID; id != "" && (len(id) < 2 || len(id) > 1224) {
		return r, fmt.Errorf("--external-id must be 2-1224 characters")
	}
	return r, nil
}

func runAssume(ctx context.Context, f *rootFlags, o assumeOpts, role string, command []string, stdout, stderr io.Writer, dirs userdata.Dirs) error {
	req, err := parseAssume(o, role)
	if err != nil {
		return withCode(exitUsage, err)
	}
	if err := checkHandover(o, command, os.Getenv); err != nil {
		return withCode(exitUsage, err)
	}
	return withClient(ctx, f, func(ctx context.Context, c *ramclient.Client) error {
		var key string
		if o.cache {
			key = sessionKey(c, req)
			if out, ok := cachedCredentials(dirs, key); ok {
				return handOver(ctx, o, req, command, out, nil, stdout, stderr)
			}
		}
		out, err := assumeOnce(ctx, c, &req, dirs, stderr)
		if err != nil {
			return err
		}
		if o.cache {
			if err := rememberCredentials(dirs, key, out); err != nil {
				fmt.Fprintf(stderr, "ramtui assume: --cache: %s\n", safetext.Line(err.Error())) // costs an AssumeRole next time, nothing more
			}
		}
		renew := func(ctx context.Context) (assume.Credentials, error) { return assumeOnce(ctx, c, &req, dirs, stderr) }
		return handOver(ctx, o, req, command, out, renew, stdout, stderr)
	})
}

// handOver gives the session to whoever asked for it: a command, a profile, a loopback
// endpoint, or stdout in --format.
func handOver(ctx context.Context, o assumeOpts, req assumeRequest, command []string, out assume.Credentials,
	renew func(context.Context) (assume.Credentials, error), stdout, stderr io.Writer) error {
	switch {
	case len(command) > 0:
		return runWith(command, out)
	case o.saveProfile != "":
		return saveAssumedProfile(o.saveProfile, o.replace, out, stderr)
	case o.serve:
		ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
		return serveCredentials(ctx, o.listen, out, renew, stdout, stderr)
	}
	text, err := assume.Render(out, req.format)
	if err != nil {
		return withCode(exitUsage, err)
	}
	_, err = io.WriteString(stdout, text)
	return err
}

// assumeOnce completes the request (ARN, session name, duration) and calls AssumeRole; a refusal
// comes with the doctor's explanation.
func assumeOnce(ctx context.Context, c *ramclient.Client, req *assumeRequest, dirs userdata.Dirs, stderr io.Writer) (assume.Credentials, error) {
	if err := completeAssume(ctx, c, req, dirs, stderr); err != nil {
		return assume.Credentials{}, err
	}
	creds, err := c.AssumeRole(ctx, ramclient.AssumeRoleInput{
		RoleArn: req.arn.String(), SessionName: req.sessionName, Duration: req.duration,
		Policy: req.sessionPol, ExternalID: req.externalID,
	})
	if err != nil {
		exit := apiExit(err)
		if errors.Is(err, ramclient.ErrDenied) || errors.Is(err, ramclient.ErrNotFound) {
			if why, causes := explainAssumeFailure(ctx, c, *req); why != "" {
				exit.(*exitError).err = fmt.Errorf("%w\n%s", err, why)
				var re *ramclient.Error
				if len(causes) > 0 && errors.As(err, &re) { // the hint says what the doctor found, never something else
					re.Hint = causesHint(causes)
				}
			}
		}
		return assume.Credentials{}, exit
	}
	return assume.Credentials{
		AccessKeyID: creds.AccessKeyID, AccessKeySecret: creds.AccessKeySecret, SecurityToken: creds.SecurityToken,
		Expiration: creds.Expiration, AssumedRoleARN: creds.AssumedRoleArn, Region: c.Region(),
	}, nil
}

// completeAssume fills in what the flags left open: the role ARN for a bare name, the session
// name, and a duration that fits the role. It costs nothing when the role is an ARN, the session
// name is given and the duration is at most the 1h every role allows. Otherwise it needs the
// caller's identity (remembered for permanent keys, so usually free) and, for longer durations,
// the role's MaxSessionDuration from GetRole -- fetched alongside the identity for a bare name.
func completeAssume(ctx context.Context, c *ramclient.Client, req *assumeRequest, dirs userdata.Dirs, stderr io.Writer) error {
	needRole := req.duration > assume.DefaultMaxSessionDuration
	if req.haveARN && req.sessionName != "" && !needRole {
		return nil
	}
	var (
		role    ramclient.Role
		roleErr error
		fetched = make(chan struct{})
	)
	getRole := func(name string) {
		defer close(fetched)
		role, roleErr = c.GetRole(ctx, name)
	}
	if needRole && !req.haveARN { // a bare name is in the caller's own account
		go getRole(req.role)
	}
	id, err := callerIdentity(ctx, c, dirs)
	if err != nil {
		return apiExit(err)
	}
	if !req.haveARN {
		req.arn = assume.RoleARN{AccountID: id.AccountID, RoleName: req.role}
	} else if needRole && req.arn.AccountID == id.AccountID {
		getRole(req.arn.RoleName)
	} else if needRole {
		close(fetched) // another account's role: its maximum is not readable from here
		roleErr = errors.New("role of another account")
	}
	if req.sessionName == "" {
		// A RAM user's name, or when chaining, the current session's name.
		req.sessionName = assume.SanitizeSessionName(id.ARN[strings.LastIndex(id.ARN, "/")+1:])
		if req.names != nil {
			req.sessionName = req.names(id.ARN[strings.LastIndex(id.ARN, "/")+1:], req.arn.RoleName)
		}
		if id.Type == "Account" {
			req.sessionName = "ramtui" // root cannot assume roles; the service will say so
		}
	}
	if !needRole {
		return nil
	}
	<-fetched
	switch {
	case errors.Is(roleErr, ramclient.ErrNotFound):
		return apiExit(roleErr)
	case roleErr == nil:
		d, clamped := assume.ClampDuration(req.duration, role.MaxSessionDuration)
		if clamped {
			fmt.Fprintf(stderr, "ramtui: --duration %v is more than role %s allows; using its maximum, %v\n", req.duration, req.arn.RoleName, d)
		}
		req.duration = d
	}
	// Otherwise the maximum is unknown (another account, or GetRole denied): ask for what was
	// given and let the service say if it is too long.
	return nil
}

// callerIdentity is GetCallerIdentity, remembered for permanent keys so that later runs skip it.
func callerIdentity(ctx context.Context, c *ramclient.Client, dirs userdata.Dirs) (userdata.Identity, error) {
	creds := c.Credentials()
	cacheable := !creds.Temporary()
	now := time.Now()
	if cacheable {
		if id, ok := dirs.LookupIdentity(c.Endpoint(), creds.AccessKeyID, now); ok {
			return id, nil
		}
	}
	ci, err := c.CallerIdentity(ctx)
	if err != nil {
		return userdata.Identity{}, err
	}
	id := userdata.Identity{Type: ci.IdentityType, AccountID: ci.AccountID, ARN: ci.Arn, Seen: now}
	if cacheable {
		_ = dirs.RememberIdentity(c.Endpoint(), creds.AccessKeyID, id) // a cache that cannot be written costs a round trip, nothing more
	}
	return id, nil
}

// explainAssumeFailure runs the doctor and says which documented cause applies and how an admin
// could fix it, or "" when it has nothing to add; causes are the ones it found. It is best
// effort: the caller may not be allowed to read RAM, and the doctor then says what it could not
// check.
func explainAssumeFailure(ctx context.Context, c *ramclient.Client, req assumeRequest) (string, []assume.Cause) {
	caller, err := assume.LoadCaller(ctx, c)
	if err != nil {
		return "", nil
	}
	target, _, err := assume.LoadTarget(ctx, c, req.arn, caller.AccountID)
	if err != nil {
		return fmt.Sprintf("role %s: %v", req.arn, err), nil
	}
	d := assume.Diagnose(caller, target, req.externalID)
	if d.Assumable && !d.Unknown {
		return "", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "why %s cannot assume %s:", caller.ARN(), req.arn)
	for _, l := range strings.Split(strings.TrimRight(d.Explain(), "\n"), "\n") {
		b.WriteString("\n  " + l)
	}
	return b.String(), d.Causes
}

// causesHint is the one-line hint for the doctor's causes.
func causesHint(causes []assume.Cause) string {
	parts := make([]string, len(causes))
	for i, c := range causes {
		parts[i] = c.String()
	}
	return strings.Join(parts, "; ") + " (see why above)"
}

// runWith runs command with the credentials in its environment and returns its exit status.
// Signals reaching ramtui are passed on, so ctrl+c and kill reach the command, not just us.
func runWith(command []string, creds assume.Credentials) error {
	env, err := assume.Environ(os.Environ(), creds)
	if err != nil {
		return withCode(exitUsage, err)
	}
	path, err := exec.LookPath(command[0])
	if err != nil {
		code := exitNotFound
		if errors.Is(err, os.ErrPermission) {
			code = exitNotExec
		}
		return withCode(code, fmt.Errorf("%s: %w", command[0], err))
	}
	child := exec.Command(path, command[1:]...)
	child.Env = env
	child.Stdin, child.Stdout, child.Stderr = os.Stdin, os.Stdout, os.Stderr
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	if err := child.Start(); err != nil {
		return withCode(exitNotExec, err)
	}
	go func() {
		for s := range sigs {
			_ = child.Process.Signal(s)
		}
	}()
	err = child.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return withCode(128+int(ws.Signal()), nil)
		}
		return withCode(exit.ExitCode(), nil)
	}
	if err != nil {
		return withCode(exitRefused, err)
	}
	return nil
}
