package ramclient

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

func TestAssumeRoleAndUseIt(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	arn := "acs:ram::" + sim.Account().ID() + ":role/ops-readonly"
	creds, err := c.AssumeRole(ctx, AssumeRoleInput{RoleArn: arn, SessionName: "alice", Duration: 20 * time.Minute})
	mustOK(t, err)
	if !strings.HasPrefix(creds.AccessKeyID, "STS.") || creds.SecurityToken == "" || creds.AssumedRoleArn == "" || creds.AssumedRoleID == "" {
		t.Fatalf("assumed: %v", creds)
	}
	if d := time.Until(creds.Expiration); d < 15*time.Minute || d > 21*time.Minute {
		t.Fatalf("expiration %v is not ~20m away", creds.Expiration)
	}
	for _, s := range []string{creds.String(), creds.GoString(), creds.Credentials().String()} {
		if strings.Contains(s, creds.AccessKeySecret) || strings.Contains(s, creds.SecurityToken) {
			t.Fatal("String shows a secret")
		}
	}
	role := newClient(t, sim.Endpoint, creds.Credentials())
	id, err := role.CallerIdentity(ctx)
	mustOK(t, err)
	if id.IdentityType != "AssumedRoleUser" || id.RoleID == "" {
		t.Fatalf("identity = %+v", id)
	}
	k, err := c.CreateAccessKey(ctx, "alice.wong")
	mustOK(t, err)
	noSecrets(t, c, creds.AccessKeySecret, creds.SecurityToken, k.Secret)
	noSecrets(t, role, creds.AccessKeySecret, creds.SecurityToken)
}

func TestAssumeRoleValidation(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	good := AssumeRoleInput{RoleArn: "acs:ram::1234567890123456:role/x", SessionName: "ok-session"}
	for name, mod := range map[string]func(*AssumeRoleInput){
		"arn":           func(in *AssumeRoleInput) { in.RoleArn = "role/x" },
		"session short": func(in *AssumeRoleInput) { in.SessionName = "a" },
		"session chars": func(in *AssumeRoleInput) { in.SessionName = "a b" },
		"duration low":  func(in *AssumeRoleInput) { in.Duration = time.Minute },
		"duration high": func(in *AssumeRoleInput) { in.Duration = 13 * time.Hour },
		"duration frac": func(in *AssumeRoleInput) { in.Duration = 20*time.Minute + time.Millisecond },
		"policy json":   func(in *AssumeRoleInput) { in.Policy = "{" },
		"policy size":   func(in *AssumeRoleInput) { in.Policy = `{"Statement":[],"x":"` + strings.Repeat("a", 2100) + `"}` },
		"external id":   func(in *AssumeRoleInput) { in.ExternalID = "x" },
	} {
		in := good
		mod(&in)
		_, err := c.AssumeRole(ctx, in)
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: want InvalidInput, got %v", name, err)
		}
	}
	if n := sentCalls(c); n != 0 {
		t.Fatalf("%d calls reached the API", n)
	}
}

func TestAssumeRoleDenied(t *testing.T) {
	sim, _ := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	// alice.wong is not allowed sts:AssumeRole on prod-admin.
	alice := clientAs(t, sim, "alice.wong")
	_, err := alice.AssumeRole(ctx, AssumeRoleInput{RoleArn: "acs:ram::" + sim.Account().ID() + ":role/prod-admin", SessionName: "try"})
	e := wantKind(t, err, KindDenied)
	if e.Hint == "" {
		t.Fatalf("denied without hint: %+v", e)
	}
}

// The account's clock moves past the token's expiry: calls fail as AuthFailed with a hint.
func TestExpiredSTSCredentials(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	sim, c := startSim(t, ramsim.Options{Seed: "demo", Clock: clock})
	ctx := ctxT(t)
	creds, err := c.AssumeRole(ctx, AssumeRoleInput{RoleArn: "acs:ram::" + sim.Account().ID() + ":role/ops-readonly", SessionName: "exp", Duration: 15 * time.Minute})
	mustOK(t, err)
	role := newClient(t, sim.Endpoint, creds.Credentials())
	_, err = role.CallerIdentity(ctx)
	mustOK(t, err)
	mu.Lock()
	now = now.Add(16 * time.Minute)
	mu.Unlock()
	_, err = role.AllUsers(ctx)
	e := wantKind(t, err, KindAuthFailed)
	if !strings.Contains(e.Code, "Expired") || !strings.Contains(e.Hint, "expired") {
		t.Fatalf("expired: %+v", e)
	}
	if e.Attempts != 1 {
		t.Fatalf("an auth failure was retried: %d attempts", e.Attempts)
	}
}

// A renewed role session swaps into the same client: everything holding that client (every
// open screen) keeps working after the old credentials expire.
func TestSetCredentialsRenewsInPlace(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	sim, c := startSim(t, ramsim.Options{Seed: "demo", Clock: clock})
	ctx := ctxT(t)
	in := AssumeRoleInput{RoleArn: "acs:ram::" + sim.Account().ID() + ":role/ops-readonly", SessionName: "renew", Duration: 15 * time.Minute}
	creds, err := c.AssumeRole(ctx, in)
	mustOK(t, err)
	role := newClient(t, sim.Endpoint, creds.Credentials())
	mu.Lock()
	now = now.Add(10 * time.Minute)
	mu.Unlock()
	renewed, err := c.AssumeRole(ctx, in)
	mustOK(t, err)
	mustOK(t, role.SetCredentials(renewed.Credentials()))
	mu.Lock()
	now = now.Add(10 * time.Minute) // past the first session's expiry, within the renewed one's
	mu.Unlock()
	if _, err := role.CallerIdentity(ctx); err != nil {
		t.Fatalf("the renewed client still signs with the expired session: %v", err)
	}
	if role.Credentials().AccessKeyID != renewed.AccessKeyID {
		t.Fatal("Credentials() does not report the renewed session")
	}
	if err := role.SetCredentials(Credentials{}); err == nil {
		t.Fatal("empty credentials accepted")
	}
}
