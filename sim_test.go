package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

func TestSimRejectsBadFlags(t *testing.T) {
	base := simFlags{listen: "127.0.0.1:0", seed: "demo"}
	for _, tc := range []struct {
		name string
		edit func(*simFlags)
		want string
	}{
		{"root key without secret", func(f *simFlags) { f.rootKey = "LTAIonly" }, "--root-key: want ID:SECRET"},
		{"root key empty id", func(f *simFlags) { f.rootKey = ":secret" }, "--root-key: want ID:SECRET"},
		{"throttle above 1", func(f *simFlags) { f.throttle = 1.5 }, "--throttle 1.5"},
		{"negative throttle", func(f *simFlags) { f.throttle = -0.1 }, "--throttle -0.1"},
		{"negative latency", func(f *simFlags) { f.latency = -1 }, "--latency"},
		{"remote listen", func(f *simFlags) { f.listen = "0.0.0.0:8787" }, "not loopback"},
		{"remote listen, empty host", func(f *simFlags) { f.listen = ":8787" }, "not loopback"},
		{"bad seed", func(f *simFlags) { f.seed = "lots" }, "unknown seed"},
		{"bad scale", func(f *simFlags) { f.seed = "scale:many" }, "scale:N"},
	} {
		f := base
		tc.edit(&f)
		err := runSim(context.Background(), io.Discard, io.Discard, f)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

func TestSimCommandIsRegistered(t *testing.T) {
	cmd, _, err := newRootCmd().Find([]string{"sim"})
	if err != nil || cmd.Name() != "sim" {
		t.Fatalf("sim subcommand: %v", err)
	}
	for _, name := range []string{"listen", "state", "seed", "latency", "throttle", "root-key", "tls", "allow-remote", "log"} {
		if cmd.Flags().Lookup(name) == nil {
			t.Errorf("flag --%s missing", name)
		}
	}
}
