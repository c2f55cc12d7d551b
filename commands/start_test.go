package commands

import (
	"bufio"
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// A binary that can reach text/template's method calls keeps every exported method of every
// type it holds, since the linker cannot tell which ones a template calls: 29 MB instead of 22,
// and more of it mapped at every start (issue 15). cobra reaches it only through
// Set*Template, so conventions prints the help and --version without one.
func TestBinaryPrunesUnusedMethods(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads the ELF symbol table")
	}
	f, err := elf.Open(ramtuiBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range syms {
		if s.Name == "text/template.(*state).evalField" {
			t.Fatalf("the binary holds %s: something calls text/template (a cobra Set*Template?), so the linker keeps every exported method", s.Name)
		}
	}
}

// Issue 15: no regexp compiled or table built at package init that a command does not use. Our
// packages' inits, as the runtime reports them (GODEBUG=inittrace=1, deterministic byte counts),
// may make error values and lazy wrappers, not tables: a map literal or a regexp at package level
// costs hundreds of bytes to kilobytes (they were 10 KB in all before sync.OnceValue, lazyre and
// switches; 4 KB after, ramsim/account's 68 lazy wrappers and errors the largest at 2 KB).
func TestOurInitsBuildNoTables(t *testing.T) {
	const perPackage, total = 2048, 5 << 10
	cmd := exec.Command(ramtuiBinary(t), "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ramtui version: %v\n%s", err, stderr.String())
	}
	sum, seen := 0, 0
	var report strings.Builder
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init github.com/ramtui/ramtui/policy @119 ms, 0.052 ms clock, 216 bytes, 6 allocs
		var pkg, at, clock string
		var ms float64
		var bytes, allocs int
		if _, err := fmt.Sscanf(sc.Text(), "init %s %s ms, %f ms %s %d bytes, %d allocs", &pkg, &at, &ms, &clock, &bytes, &allocs); err != nil ||
			!strings.HasPrefix(pkg, "github.com/ramtui/ramtui/") {
			continue
		}
		seen++
		sum += bytes
		fmt.Fprintf(&report, "\n  %s: %d bytes, %d allocs", pkg, bytes, allocs)
		if bytes > perPackage {
			t.Errorf("%s allocates %d bytes at init (bound %d): build its tables and regexps on first use (sync.OnceValue, lazyre)", pkg, bytes, perPackage)
		}
	}
	if seen == 0 {
		t.Fatalf("no init of ours in GODEBUG=inittrace=1's report:\n%s", stderr.String())
	}
	if sum > total {
		t.Errorf("our packages allocate %d bytes at init (bound %d):%s", sum, total, report.String())
	}
	t.Logf("our inits: %d bytes%s", sum, report.String())
}
