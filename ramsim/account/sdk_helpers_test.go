package account_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"

	"github.com/ramtui/ramtui/ramsim"
)

// These tests drive the account model the way users do: the real Go SDK, over HTTP, against
// ramsim. Only set-up (issuing a key, reading the account id) goes around the API.

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type simEnv struct {
	sim   *ramsim.Running
	clock *testClock
	acct  string
}

func startSim(t testing.TB, seed string) *simEnv {
	t.Helper()
	clk := &testClock{t: time.Now().UTC()}
	sim, err := ramsim.Start(ramsim.Options{Seed: seed, Clock: clk.Now}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return &simEnv{sim: sim, clock: clk, acct: sim.Account().ID()}
}

func (e *simEnv) rootRAM(t testing.TB) *ram.Client {
	id, secret := e.sim.Account().RootKey()
	return e.ramWith(t, credentials.NewStaticAKCredentialsProvider(id, secret))
}

// userRAM signs in as a RAM user with a freshly issued key.
func (e *simEnv) userRAM(t testing.TB, user string) (*ram.Client, *sts.Client) {
	t.Helper()
	id, secret, err := e.sim.Account().IssueAccessKey(user)
	if err != nil {
		t.Fatalf("IssueAccessKey(%s): %v", user, err)
	}
	p := credentials.NewStaticAKCredentialsProvider(id, secret)
	return e.ramWith(t, p), e.stsWith(t, p)
}

func (e *simEnv) rootSTS(t testing.TB) *sts.Client {
	id, secret := e.sim.Account().RootKey()
	return e.stsWith(t, credentials.NewStaticAKCredentialsProvider(id, secret))
}

// sessionClients use STS credentials from AssumeRole.
func (e *simEnv) sessionClients(t testing.TB, c sts.Credentials) (*ram.Client, *sts.Client) {
	p := credentials.NewStaticSTSCredentialsProvider(c.AccessKeyId, c.AccessKeySecret, c.SecurityToken)
	return e.ramWith(t, p), e.stsWith(t, p)
}

func (e *simEnv) ramWith(t testing.TB, p credentials.CredentialsProvider) *ram.Client {
	t.Helper()
	c, err := ram.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), p)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = e.sim.Endpoint
	return c
}

func (e *simEnv) stsWith(t testing.TB, p credentials.CredentialsProvider) *sts.Client {
	t.Helper()
	c, err := sts.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), p)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = e.sim.Endpoint
	return c
}

func (e *simEnv) roleArn(name string) string { return "acs:ram::" + e.acct + ":role/" + name }

// must fails the test on an error: must(c.GetUser(req))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// wantCode checks that err is a server error with this HTTP status and code.
func wantCode(t testing.TB, err error, status int, code string) *sdkerrors.ServerError {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("want server error %d %s, got %v", status, code, err)
	}
	if se.HttpStatus() != status || se.ErrorCode() != code {
		t.Fatalf("want %d %s, got %d %s: %s", status, code, se.HttpStatus(), se.ErrorCode(), se.Message())
	}
	return se
}

const trustAccount = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::%s:root"]}}]}`
