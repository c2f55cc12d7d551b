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

// externalOutput is what an External profile's process_command prints on stdout: profile
// fields, as the aliyun CLI reads them, plus "expiration" (RFC 3339), which credentials-go reads.
type externalOutput struct {
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
	StsExpiration   int64  `json:"sts_expiration"`
	Expiration      string `json:"expiration"`
}

// EnvDisableExternalProcess, set to 1 or true, forbids running process_command and fetching a
// CredentialsURI, as in the aliyun CLI.
const EnvDisableExternalProcess = "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS"

func (o *CredentialOptions) externalDisabled() bool {
	v := o.getenv(EnvDisableExternalProcess)
	return v == "1" || strings.EqualFold(v, "true")
}

// maxExternalOutput caps what is read of process_command's stdout.
const maxExternalOutput = 64 << 10

// runExternal runs command the way the aliyun CLI does -- split with its quoting rules
// (splitCommand) and executed directly, with no shell -- and parses its JSON. Its stdin and
// stderr are o.ExternalStdin/ExternalStderr (the terminal for commands, so MFA prompts work);
// when ExternalStderr is nil, stderr is kept for the error instead. Stdout, which holds
// secrets, is never quoted.
func runExternal(ctx context.Context, command string, o *CredentialOptions) (Credentials, error) {
	if o.externalDisabled() {
		return Credentials{}, fmt.Errorf("running process_command is disabled by %s", EnvDisableExternalProcess)
	}
	timeout := o.ExternalTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args, err := splitCommand(command)
	if err != nil {
		return Credentials{}, err
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.WaitDelay = time.Second // do not hang on a grandchild that keeps the pipes open
	var stdout capWriter
	var stderr bytes.Buffer
	stdout.max = maxExternalOutput
	cmd.Stdout, cmd.Stdin = &stdout, o.ExternalStdin
	if o.ExternalStderr != nil {
		cmd.Stderr = o.ExternalStderr
	} else {
		cmd.Stderr = &stderr
	}
	if o.ExternalRun != nil {
		cmd.Stdin, cmd.Stderr = nil, nil // the terminal's, given by the runner
		err = o.ExternalRun(cmd)
	} else {
		err = cmd.Run()
	}
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
	if stdout.over {
		return Credentials{}, fmt.Errorf("process_command printed more than %d bytes: not credentials", maxExternalOutput)
	}
	var out externalOutput
	if err := json.Unmarshal(stdout.buf.Bytes(), &out); err != nil {
		// Never quote stdout: it may well hold a secret.
		return Credentials{}, fmt.Errorf("process_command printed something that is not the expected JSON object (%d bytes): %s%s", stdout.buf.Len(), jsonErrorOnly(err), errText)
	}
	if out.AccessKeyID == "" || out.AccessKeySecret == "" {
		return Credentials{}, fmt.Errorf("process_command's JSON lacks access_key_id or access_key_secret")
	}
	c := Credentials{AccessKeyID: out.AccessKeyID, AccessKeySecret: out.AccessKeySecret}
	switch strings.ToLower(out.Mode) {
	case "ak", "":
		return c, nil
	case "ststoken":
		if out.StsToken == "" {
			return Credentials{}, fmt.Errorf("process_command's JSON has mode StsToken but no sts_token")
		}
		c.SecurityToken = out.StsToken
		if t, err := time.Parse(time.RFC3339, out.Expiration); err == nil {
			c.Expiration = t.UTC()
		} else if out.StsExpiration > 0 {
			c.Expiration = time.Unix(out.StsExpiration, 0).UTC()
		}
		return c, nil
	}
	return Credentials{}, fmt.Errorf("process_command's JSON has mode %q; ramtui supports AK and StsToken there", out.Mode)
}

// capWriter keeps the first max bytes and notes whether more came.
type capWriter struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (w *capWriter) Write(p []byte) (int, error) {
	if room := w.max - w.buf.Len(); len(p) > room {
		w.over = true
		if room > 0 {
			w.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return w.buf.Write(p)
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
