package ramsim

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The aliyun CLI's `aliyun oss` commands (ossutil inside the CLI, on the older OSS Go SDK)
// against the simulator. The CLI is not a dependency: build it to /tmp/aliyun (see the lead's
// note) or the test skips.

const aliyunCLI = "/tmp/aliyun"

// aliyunOSS runs `aliyun oss ARGS...` with the given credentials in an empty HOME, so no
// profile of the machine is read or written.
func aliyunOSS(t *testing.T, endpoint string, cr stsCreds, args ...string) (string, error) {
	t.Helper()
	full := append([]string{"oss"}, args...)
	full = append(full, "--endpoint", "http://"+endpoint, "--region", "cn-hangzhou")
	return aliyun(t, cr, full...)
}

// aliyun runs the CLI with ARGS and the given credentials in an empty HOME.
func aliyun(t *testing.T, cr stsCreds, args ...string) (string, error) {
	t.Helper()
	full := append(args, "--access-key-id", cr.id, "--access-key-secret", cr.secret)
	if cr.token != "" {
		full = append(full, "--mode", "StsToken", "--sts-token", cr.token)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, aliyunCLI, full...)
	home := t.TempDir()
	cmd.Dir, cmd.Env = home, []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestAliyunCLIOSS(t *testing.T) {
	if _, err := os.Stat(aliyunCLI); err != nil {
		t.Skipf("%s not built; skipping the aliyun CLI test", aliyunCLI)
	}
	sim := startSim(t, Options{})
	local := filepath.Join(t.TempDir(), "probe.txt")
	if err := os.WriteFile(local, []byte("from the CLI\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const dir = "oss://oss-test/dir111/dir111_secondline1/"
	mustRun := func(cr stsCreds, want string, args ...string) {
		t.Helper()
		out, err := aliyunOSS(t, sim.Endpoint, cr, args...)
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("aliyun oss %v: %v\n%s", args, err, out)
		}
	}
	mustFail := func(cr stsCreds, code string, args ...string) {
		t.Helper()
		out, err := aliyunOSS(t, sim.Endpoint, cr, args...)
		if err == nil || !strings.Contains(out, code) {
			t.Fatalf("aliyun oss %v: want %s, got %v\n%s", args, code, err, out)
		}
	}

	root := stsCreds{id: rootID, secret: rootSecret}
	mustRun(root, "oss://oss-test", "ls")
	mustRun(root, "dir111/dir111_secondline1/report-2026-10.csv", "ls", "oss://oss-test")
	mustRun(root, "", "cp", local, "oss://oss-test/cli/probe.txt")
	mustRun(root, "from the CLI", "cat", "oss://oss-test/cli/probe.txt")
	mustRun(root, "", "rm", "oss://oss-test/cli/probe.txt")

	userID, userSecret := userKey(t, sim, "backup-bot") // AliyunOSSFullAccess
	mustRun(stsCreds{id: userID, secret: userSecret}, "Object Number is: 8", "ls", "oss://oss-test")

	id, secret := userKey(t, sim, "devops_test")
	session := assumeOSSRole(t, sim, id, secret, "")
	mustRun(session, "report-2026-11.csv", "ls", dir)
	mustRun(session, "", "cp", local, dir+"cli-probe.txt")
	mustRun(session, "from the CLI", "cat", dir+"cli-probe.txt")
	mustRun(session, "", "rm", dir+"cli-probe.txt")
	mustFail(session, "AccessDenied", "ls", "oss://oss-test")
	mustFail(session, "AccessDenied", "cp", local, "oss://oss-test/dir111/cli-probe.txt")
}
