package commands

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// The SDK prints every request it sends -- AccessKey ids, signatures and STS security tokens in
// the query -- when DEBUG contains "sdk", and decides so when its package is initialized, before
// any of our code runs. So main starts itself again, once, with "sdk" taken out of DEBUG.
func withoutSDKDebug() {
	debug, ok := os.LookupEnv("DEBUG")
	if !ok {
		return
	}
	var kept []string
	found := false
	for _, part := range strings.Split(debug, ",") {
		if part == "sdk" {
			found = true
			continue
		}
		kept = append(kept, part)
	}
	if !found {
		return
	}
	env := os.Environ()
	for i, kv := range env {
		if strings.HasPrefix(kv, "DEBUG=") {
			env[i] = "DEBUG=" + strings.Join(kept, ",")
		}
	}
	exe, err := os.Executable()
	if err == nil {
		err = syscall.Exec(exe, os.Args, env)
	}
	// Only reached when the exec failed: better not to run than to print credentials.
	fmt.Fprintf(os.Stderr, "ramtui: DEBUG=sdk would make the SDK print credentials; unset it (%v)\n", err)
	os.Exit(exitUsage)
}
