package commands

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ramsim/oss"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/userdata"
)

// simFlags are the flags of `ramtui sim` (DESIGN.md, command-line contracts).
type simFlags struct {
	listen      string
	state       string
	seed        string
	accounts    []string
	latency     time.Duration
	throttle    float64
	flowControl float64
	errors      float64
	resets      float64
	rootKey     string
	tls         bool
	tlsCert     string
	allowRemote bool
	log         bool
	envFile     string
}

func newSimCmd() *cobra.Command {
	var f simFlags
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Serve a local RAM + STS simulator that speaks the real OpenAPI protocol",
		Long: "ramtui sim serves a simulated Alibaba Cloud account's RAM (2015-05-01) and STS (2015-04-01) APIs on\n" +
			"one port. Real clients work against it unchanged: the Go SDK (client.Domain), the aliyun CLI\n" +
			"(--endpoint HOST:PORT --insecure), and with --tls the HTTPS-only STS role providers.\n" +
			"It prints the root AccessKey of the simulated account: a local, throwaway credential.\n\n" +
			"The same port serves OSS, path-style (http://HOST:PORT/BUCKET/KEY: OSS SDKs with the endpoint\n" +
			"http://HOST:PORT and path-style on), signatures V1 and V4, STS tokens, authorized by the account's\n" +
			"RAM policies. Storage is bounded: " + oss.Limits() + ";\n" +
			"with --state the buckets and objects are kept in FILE.oss.\n\n" +
			"Several accounts on one endpoint: --accounts demo,empty (one data set per account). Each request is\n" +
			"served by the account of the key that signed it (RAM, STS, IMS, OSS); a RAM user of one account may\n" +
			"assume another's role when its own policies allow sts:AssumeRole on it and the role trusts its\n" +
			"account or it. The demo data set brings a second account along, \"partner\" (id 1357924680135792),\n" +
			"whose user mei.lin may assume the demo's role vendor-monitoring with ExternalId acme-7f3c9a.\n" +
			"The banner prints each account's id, alias and root key (the first as ALIBABA_CLOUD_*, the n-th as\n" +
			"RAMTUI_SIM_ACCOUNTn_*). With --state the first account lives in FILE, the n-th in FILE.accountN.",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			// After the first signal, a second one kills at once (default handling) if the
			// graceful shutdown takes too long.
			go func() { <-ctx.Done(); stop() }()
			return runSim(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8787", "address to listen on (loopback only unless --allow-remote)")
	fl.StringVar(&f.state, "state", "", "keep the account in this file (created if missing; every change is saved before it is acknowledged)")
	fl.StringVar(&f.seed, "seed", "demo", "data set for a new account: demo (brings its partner account along), empty or scale:N")
	fl.StringSliceVar(&f.accounts, "accounts", nil, "several accounts on one endpoint, one data set each, e.g. demo,empty (replaces --seed)")
	fl.DurationVar(&f.latency, "latency", 0, "delay added to every request, e.g. 80ms")
	fl.Float64Var(&f.throttle, "throttle", 0, "fraction of requests (0..1) answered Throttling.User")
	fl.Float64Var(&f.flowControl, "flow-control", 0, "calls a second each action of each account may make, as the real service's flow control (about 100 for RAM's reads); those over it are answered Throttling.User (0 = off)")
	fl.Float64Var(&f.errors, "errors", 0, "fraction of requests (0..1) answered 500 InternalError or 503 ServiceUnavailable, before anything is applied")
	fl.Float64Var(&f.resets, "resets", 0, "fraction of requests (0..1) applied and saved, then left without an answer (the connection is closed)")
	fl.StringVar(&f.rootKey, "root-key", "", "fixed root AccessKey as ID:SECRET (default: generated)")
	fl.BoolVar(&f.tls, "tls", false, "serve HTTPS with a fresh self-signed certificate (for SDK role providers)")
	fl.StringVar(&f.tlsCert, "tls-cert", "", "where --tls writes its certificate PEM (default: in ramtui's XDG state directory)")
	fl.BoolVar(&f.allowRemote, "allow-remote", false, "allow a non-loopback --listen address (anyone who can connect can call the API)")
	fl.BoolVar(&f.log, "log", false, "log one line per request on stderr (time, action, key id, status, code, duration)")
	fl.StringVar(&f.envFile, "env-file", "", "also write the banner's export lines to this file (0600), for scripts: . FILE")
	return cmd
}

// simOptions turns flags into ramsim options, rejecting bad values with a clear message.
func simOptions(f simFlags, stderr io.Writer) (ramsim.Options, error) {
	opts := ramsim.Options{
		Seed:         f.seed,
		Accounts:     f.accounts,
		StatePath:    f.state,
		Latency:      f.latency,
		ThrottleRate: f.throttle,
		FlowControl:  f.flowControl,
		ErrorRate:    f.errors,
		ResetRate:    f.resets,
		AllowRemote:  f.allowRemote,
	}
	if f.latency < 0 {
		return opts, fmt.Errorf("--latency %v: must not be negative", f.latency)
	}
	if !(f.flowControl >= 0 && f.flowControl <= 1e9) {
		return opts, fmt.Errorf("--flow-control %v: want calls a second, 0 (off) to 1e9", f.flowControl)
	}
	for _, r := range []struct {
		flag string
		v    float64
	}{{"--throttle", f.throttle}, {"--errors", f.errors}, {"--resets", f.resets}} {
		if !(r.v >= 0 && r.v <= 1) {
			return opts, fmt.Errorf("%s %v: want a fraction between 0 and 1", r.flag, r.v)
		}
	}
	if f.rootKey != "" {
		id, secret, ok := strings.Cut(f.rootKey, ":")
		if !ok || id == "" || secret == "" {
			return opts, errors.New("--root-key: want ID:SECRET")
		}
		opts.RootKeyID, opts.RootKeySecret = id, secret
	}
	if err := opts.Validate(); err != nil {
		return opts, err
	}
	if f.log {
		opts.Log = stderr
	}
	if f.tls {
		opts.TLSCertFile = f.tlsCert
		if opts.TLSCertFile == "" {
			p, err := userdata.StateFile(filepath.Join("ramtui", "sim-cert.pem"))
			if err != nil {
				return opts, fmt.Errorf("--tls: %w (choose a path with --tls-cert)", err)
			}
			opts.TLSCertFile = p
		}
	}
	return opts, nil
}

// runSim serves until ctx ends (SIGINT/SIGTERM), then flushes the state and returns nil.
func runSim(ctx context.Context, stdout, stderr io.Writer, f simFlags) error {
	opts, err := simOptions(f, stderr)
	if err != nil {
		return withCode(exitUsage, err)
	}
	sim, err := ramsim.Start(opts, f.listen)
	if err != nil {
		return err
	}
	if sim.LoadedState() && opts.RootKeyID != "" {
		if id, _ := sim.Account().RootKey(); id != opts.RootKeyID {
			fmt.Fprintf(stderr, "ramtui sim: --root-key ignored: %s has its own root key\n", opts.StatePath)
		}
	}
	printSimBanner(stdout, sim, opts)
	if f.envFile != "" {
		if err := writeEnvFile(f.envFile, simExports(sim, opts)); err != nil {
			sim.Close()
			return fmt.Errorf("--env-file: %w", err)
		}
	}
	<-ctx.Done()
	fmt.Fprintln(stderr, "ramtui sim: shutting down")
	if err := sim.Close(); err != nil {
		return fmt.Errorf("ramtui sim: %w", err)
	}
	return nil
}

// printSimBanner tells the user where the simulator is and how to use it. Printing the root
// secret is deliberate: it is a throwaway key of a local simulator, and it goes to stdout only.
func printSimBanner(w io.Writer, sim *ramsim.Running, opts ramsim.Options) {
	acct, hosted := sim.Account(), sim.Accounts()
	scheme, insecure := "http", " --insecure"
	if opts.TLSCertFile != "" {
		scheme, insecure = "https", " --secure"
	}
	state := "in memory, seed " + hosted[0].Seed + " (lost on exit; use --state FILE to keep it)"
	switch {
	case opts.StatePath != "" && sim.LoadedState():
		state = opts.StatePath + " (loaded)"
	case opts.StatePath != "":
		state = opts.StatePath + " (new, seed " + hosted[0].Seed + ")"
	}
	fmt.Fprintf(w, "ramtui sim: RAM + STS on %s://%s\n", scheme, sim.Endpoint)
	fmt.Fprintf(w, "account id: %s%s\n", acct.ID(), aliasNote(acct.Alias()))
	fmt.Fprintf(w, "state:      %s\n", state)
	if len(hosted) > 1 {
		fmt.Fprintf(w, "accounts:   %d on this endpoint; each request is served by its key's account\n", len(hosted))
		for i, h := range hosted {
			where := "in memory"
			switch {
			case h.Loaded:
				where = h.StatePath + " (loaded)"
			case h.StatePath != "":
				where = h.StatePath + " (new)"
			}
			fmt.Fprintf(w, "  %d  %s%s  seed %s, %s\n", i+1, h.Account.ID(), aliasNote(h.Account.Alias()), h.Seed, where)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "# the simulated account's root AccessKey (each line led by a space: kept out of shell history);")
	fmt.Fprintln(w, "# the other accounts' root keys as RAMTUI_SIM_ACCOUNTn_*:")
	w.Write(exportLines(simExports(sim, opts)))
	fmt.Fprintln(w)
	fmt.Fprintf(w, "# aliyun CLI: aliyun ram ListUsers --endpoint %s%s --region cn-hangzhou\n", sim.Endpoint, insecure)
	if opts.TLSCertFile != "" {
		fmt.Fprintf(w, "# Go SDK:     client.Domain = %q with sdk.NewConfig().WithScheme(\"HTTPS\")\n", sim.Endpoint)
	} else {
		fmt.Fprintf(w, "# Go SDK:     client.Domain = %q (sdk.NewConfig() speaks plain HTTP)\n", sim.Endpoint)
	}
	fmt.Fprintf(w, "# ramtui:     ramtui --endpoint %s\n", sim.Endpoint)
	fmt.Fprintf(w, "# OSS:        aliyun oss ls --endpoint %s://%s --region cn-hangzhou (OSS SDKs: that endpoint, path-style)\n", scheme, sim.Endpoint)
	fmt.Fprintln(w, "# stop with Ctrl-C")
}

// simExports are the variables that point a shell at the simulator. ALIBABA_CLOUD_IGNORE_PROFILE
// makes the aliyun CLI (and ramtui) use them even where a CLI profile is configured, which
// otherwise wins over exported credentials.
func simExports(sim *ramsim.Running, opts ramsim.Options) [][2]string {
	id, secret := sim.Account().RootKey()
	v := [][2]string{{"ALIBABA_CLOUD_ACCESS_KEY_ID", id}, {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret}, {"ALIBABA_CLOUD_IGNORE_PROFILE", "TRUE"}}
	if opts.TLSCertFile != "" {
		v = append(v, [2]string{"SSL_CERT_FILE", opts.TLSCertFile}, [2]string{"ALIBABA_CLOUD_STS_ENDPOINT", sim.Endpoint})
	}
	for i, h := range sim.Accounts()[1:] {
		id, secret := h.Account.RootKey()
		prefix := fmt.Sprintf("RAMTUI_SIM_ACCOUNT%d_", i+2)
		v = append(v, [2]string{prefix + "ID", h.Account.ID()}, [2]string{prefix + "ACCESS_KEY_ID", id},
			[2]string{prefix + "ACCESS_KEY_SECRET", secret})
	}
	return v
}

// aliasNote is " (alias NAME)", or "" for an account without an alias. Aliases are set
// through the API, so they are made safe for the terminal.
func aliasNote(alias string) string {
	if alias == "" {
		return ""
	}
	return " (alias " + safetext.Line(alias) + ")"
}

// exportLines renders vars as POSIX export lines, each led by a space so that bash
// (HISTCONTROL=ignorespace) and zsh (HIST_IGNORE_SPACE) keep a pasted secret out of history.
func exportLines(vars [][2]string) []byte {
	var b strings.Builder
	for _, kv := range vars {
		v := kv[1]
		if strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:-") != "" {
			v = "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
		}
		fmt.Fprintf(&b, " export %s=%s\n", kv[0], v)
	}
	return []byte(b.String())
}

// writeEnvFile writes the export lines to path, readable by the owner only (they hold the
// simulator's root secret).
func writeEnvFile(path string, vars [][2]string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil { // an existing file keeps its mode otherwise
		f.Close()
		return err
	}
	if _, err := f.Write(exportLines(vars)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
