package ramclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// externalOutput is what an External profile's process_command prints on stdout.
type externalOutput struct {
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
}

// runExternal runs command the way the aliyun CLI does -- split on white space and executed
// directly, with no shell, so a profile behaves the same in both tools (no quoting, no $VAR or
// ~ expansion, no pipes) -- and parses its JSON. Its stderr (never its stdout, which holds
// secrets) goes into the error.
func runExternal(ctx context.Context, command string, timeout time.Duration) (Credentials, error) {
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args := strings.Fields(command)
	if len(args) == 0 {
		return Credentials{}, errors.New("process_command is empty")
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.WaitDelay = time.Second // do not hang on a grandchild that keeps the pipes open
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	errText := strings.TrimSpace(truncate(stderr.String(), 1024))
	if errText != "" {
		errText = "; stderr: " + errText
	}
	if ctx.Err() == context.DeadlineExceeded {
		return Credentials{}, fmt.Errorf("process_command timed out after %s%s", timeout, errText)
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return Credentials{}, fmt.Errorf("process_command failed (%v)%s", ee.ProcessState, errText)
		}
		return Credentials{}, fmt.Errorf("process_command: %v%s", err, errText)
	}
	var out externalOutput
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		// Never quote stdout: it may well hold a secret.
		return Credentials{}, fmt.Errorf("process_command printed something that is not the expected JSON object (%d bytes): %s%s", stdout.Len(), jsonErrorOnly(err), errText)
	}
	if out.AccessKeyID == "" || out.AccessKeySecret == "" {
		return Credentials{}, fmt.Errorf("process_command's JSON lacks access_key_id or access_key_secret")
	}
	switch strings.ToLower(out.Mode) {
	case "ak", "":
		return Credentials{AccessKeyID: out.AccessKeyID, AccessKeySecret: out.AccessKeySecret}, nil
	case "ststoken":
		if out.StsToken == "" {
			return Credentials{}, fmt.Errorf("process_command's JSON has mode StsToken but no sts_token")
		}
		return Credentials{AccessKeyID: out.AccessKeyID, AccessKeySecret: out.AccessKeySecret, SecurityToken: out.StsToken}, nil
	}
	return Credentials{}, fmt.Errorf("process_command's JSON has mode %q; supported: AK, StsToken", out.Mode)
}

// jsonErrorOnly describes a JSON error without quoting the input.
func jsonErrorOnly(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q has the wrong type", te.Field)
	}
	return "invalid JSON"
}
