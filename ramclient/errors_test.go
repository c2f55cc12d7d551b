package ramclient

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramsim"
)

func TestDeniedDetail(t *testing.T) {
	sim, _ := startSim(t, ramsim.Options{Seed: "demo"})
	alice := clientAs(t, sim, "alice.wong")
	err := alice.DeleteUser(ctxT(t), "bob.smith")
	e := wantKind(t, err, KindDenied)
	if !errors.Is(err, ErrDenied) || errors.Is(err, ErrNotFound) {
		t.Fatal("errors.Is does not follow Kind")
	}
	if e.Denied == nil || e.Denied.AuthAction != "ram:DeleteUser" || e.Denied.Explicit {
		t.Fatalf("denied detail = %+v", e.Denied)
	}
	if !strings.Contains(e.Hint, "ram:DeleteUser") || e.HTTPStatus != 403 || e.Code != "NoPermission" {
		t.Fatalf("error = %+v", e)
	}
}

func TestAuthFailures(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	good := c.Credentials()

	bad := newClient(t, sim.Endpoint, Credentials{AccessKeyID: good.AccessKeyID, AccessKeySecret: "wrong-secret"})
	_, err := bad.GetUser(ctx, "alice.wong")
	e := wantKind(t, err, KindAuthFailed)
	if e.Code != "SignatureDoesNotMatch" || !strings.Contains(e.Hint, "secret") || e.Attempts != 1 {
		t.Fatalf("bad secret: %+v", e)
	}
	// With STS credentials and a wrong secret the service quotes its string to sign, which
	// holds the security token: it must not reach the error.
	role, err := c.AssumeRole(ctx, AssumeRoleInput{RoleArn: "acs:ram::" + sim.Account().ID() + ":role/ops-readonly", SessionName: "leak"})
	mustOK(t, err)
	sts := newClient(t, sim.Endpoint, Credentials{AccessKeyID: role.AccessKeyID, AccessKeySecret: "wrong", SecurityToken: role.SecurityToken})
	_, err = sts.GetUser(ctx, "alice.wong")
	e = wantKind(t, err, KindAuthFailed)
	if s := fmt.Sprintf("%v %+v", err, *e); e.Code != "SignatureDoesNotMatch" || strings.Contains(s, "SecurityToken") || strings.Contains(s, "string to sign") {
		t.Fatalf("the token leaked into the error: %v", err)
	}
	unknown := newClient(t, sim.Endpoint, Credentials{AccessKeyID: "LTAI5tNoSuchKeyAtAll0000", AccessKeySecret: "x"})
	_, err = unknown.GetUser(ctx, "alice.wong")
	e = wantKind(t, err, KindAuthFailed)
	if e.Code != "InvalidAccessKeyId.NotFound" {
		t.Fatalf("unknown key: %+v", e)
	}
	// An inactive key.
	k, err := c.CreateAccessKey(ctx, "alice.wong")
	mustOK(t, err)
	mustOK(t, c.SetAccessKeyStatus(ctx, "alice.wong", k.AccessKeyID, KeyInactive))
	off := newClient(t, sim.Endpoint, Credentials{AccessKeyID: k.AccessKeyID, AccessKeySecret: k.Secret})
	_, err = off.GetUser(ctx, "alice.wong")
	e = wantKind(t, err, KindAuthFailed)
	if !strings.Contains(e.Hint, "disabled") {
		t.Fatalf("inactive key: %+v", e)
	}
}

// Policy documents are checked with package policy before any call: the error names the path
// and position.
func TestPolicyDocumentCheckedBeforeCall(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	_, err := c.CreatePolicy(ctxT(t), NewPolicy{PolicyName: "bad-effect", Document: `{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}`})
	e := wantKind(t, err, KindInvalidInput)
	if !strings.Contains(e.Message, "Statement[0].Effect") || sentCalls(c) != 0 {
		t.Fatalf("error = %+v, %d calls", e, sentCalls(c))
	}
	// A trust policy needs a Principal.
	_, err = c.CreateRole(ctxT(t), NewRole{RoleName: "r", TrustPolicy: docV1})
	wantKind(t, err, KindInvalidInput)
}

// Bodies that crash or confuse the SDK come back as KindServer errors, never a panic.
func TestOddBodies(t *testing.T) {
	for name, tc := range map[string]struct {
		status int
		body   string
		kind   Kind
	}{
		"numeric RequestId":    {400, `{"RequestId":123,"Code":"X","Message":"m"}`, KindServer},
		"string denied detail": {403, `{"RequestId":"r","Code":"NoPermission","Message":"m","AccessDeniedDetail":"{}"}`, KindServer},
		"html 502":             {502, `<html>bad gateway</html>`, KindServer},
		"html 404":             {404, `<html>not here</html>`, KindNotFound},
		"garbage 200":          {200, `{"User":`, KindServer},
		"array 200":            {200, `[1,2,3]`, KindServer},
		"empty 500":            {500, ``, KindServer},
		"service 400":          {400, `{"RequestId":"r","Code":"InvalidParameter.UserName.Length","Message":"m"}`, KindInvalidInput},
		"service 409":          {409, `{"RequestId":"r","Code":"DeleteConflict.User.Group","Message":"m"}`, KindConflict},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c := newClient(t, strings.TrimPrefix(srv.URL, "http://"), Credentials{AccessKeyID: "LTAIxxxxxxxxxxxxxxxxxxxx", AccessKeySecret: "s"},
				func(o *Options) { o.Retry.MaxAttempts = 1 })
			_, err := c.GetUser(ctxT(t), "x")
			e := wantKind(t, err, tc.kind)
			if e.Hint == "" && e.Code == "" {
				t.Fatalf("no hint for %q: %+v", tc.body, e)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{Kind: KindNotFound, Action: "GetUser", Code: "EntityNotExist.User", Message: "The user does not exist.", RequestID: "R1"}
	if got := e.Error(); got != "GetUser: EntityNotExist.User: The user does not exist. (RequestId R1)" {
		t.Fatalf("Error() = %q", got)
	}
	if KindOf(e) != KindNotFound || KindOf(errors.New("x")) != KindOther {
		t.Fatal("KindOf")
	}
	wrapped := errors.Join(errors.New("ctx"), e)
	if !errors.Is(wrapped, ErrNotFound) {
		t.Fatal("errors.Is through a wrapper")
	}
}

// A Chinese name is told RAM's rule plainly and where 中文 can go, before any call: "only
// letters … allowed" was wrong for 测 (a letter) and left the user guessing (walk5, n on Users).
func TestChineseNameToldWhereChineseGoes(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	_, errUser := c.CreateUser(ctx, NewUser{UserName: "测试用户"})
	_, errGroup := c.CreateGroup(ctx, "运维组", "")
	_, errPolicy := c.CreatePolicy(ctx, NewPolicy{PolicyName: "只读策略", Document: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`})
	for _, c := range []struct {
		err         error
		rule, where string
	}{
		{errUser, "user names are ASCII (a-z A-Z 0-9 . _ -)", "write 中文 in the display name"},
		{errGroup, "group names are ASCII (a-z A-Z 0-9 . _ -)", "write 中文 in the comments"},
		{errPolicy, "policy names are ASCII (a-z A-Z 0-9 -)", "write 中文 in the description"},
	} {
		e := wantKind(t, c.err, KindInvalidInput)
		if !strings.Contains(e.Message, c.rule) || !strings.Contains(e.Message, c.where) || strings.Contains(e.Message, "only letters") {
			t.Errorf("message %q, want %q and %q", e.Message, c.rule, c.where)
		}
	}
	if n := sentCalls(c); n != 0 {
		t.Errorf("%d calls sent", n)
	}
	// An ASCII name with a character RAM refuses keeps the plain rule.
	_, err := c.CreateUser(ctx, NewUser{UserName: "a b"})
	if e := wantKind(t, err, KindInvalidInput); !strings.Contains(e.Message, `"a b": only a-z A-Z 0-9 . _ - allowed`) {
		t.Errorf("message %q", e.Message)
	}
}
