package assume

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Fixed fake credentials: never real ones in a test.
var fakeCreds = Credentials{AccessKeyID: "STS.fakeid0001", AccessKeySecret: "fake-secret-xyz", SecurityToken: "fake-token-abc"}

// signinServer stands in for signin.aliyun.com/federation over TLS.
func signinServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestSigninURL(t *testing.T) {
	var got url.Values
	var method, rawQuery string
	srv := signinServer(t, func(w http.ResponseWriter, r *http.Request) {
		method, rawQuery = r.Method, r.URL.RawQuery
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		got = r.PostForm
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"RequestId":"R1","SigninToken":"tok/+=1"}`))
	})
	u, err := SigninURL(context.Background(), fakeCreds, SigninOptions{BaseURL: srv.URL + "/federation", HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if method != http.MethodPost || rawQuery != "" {
		t.Errorf("token request: %s with query %q; the secret must travel in the body", method, rawQuery)
	}
	for k, v := range map[string]string{"Action": "GetSigninToken", "AccessKeyId": fakeCreds.AccessKeyID,
		"AccessKeySecret": fakeCreds.AccessKeySecret, "SecurityToken": fakeCreds.SecurityToken, "TicketType": "mini"} {
		if got.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, got.Get(k), v)
		}
	}
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	q := parsed.Query()
	if parsed.Path != "/federation" || q.Get("Action") != "Login" || q.Get("SigninToken") != "tok/+=1" ||
		q.Get("Destination") != ConsoleChina || q.Get("LoginUrl") != ConsoleChina {
		t.Errorf("login URL %s", u)
	}
	if strings.Contains(u, fakeCreds.AccessKeySecret) || strings.Contains(u, fakeCreds.SecurityToken) {
		t.Error("the login URL carries the credentials")
	}
}

func TestSigninSites(t *testing.T) {
	for site, want := range map[string]string{"": SigninChina, "china": SigninChina, "International": SigninInternational, "intl": SigninInternational} {
		if o := (SigninOptions{Site: site}).withDefaults(); o.BaseURL != want {
			t.Errorf("site %q: %s, want %s", site, o.BaseURL, want)
		}
	}
	if o := (SigninOptions{Site: "international"}).withDefaults(); o.Destination != ConsoleInternational {
		t.Errorf("international destination %s", o.Destination)
	}
}

func TestSigninErrorsNeverCarrySecrets(t *testing.T) {
	ctx := context.Background()
	srv := signinServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"RequestId":"R2","Code":"InvalidSecurityToken.Expired","Message":"expired"}`))
	})
	_, err := SigninURL(ctx, fakeCreds, SigninOptions{BaseURL: srv.URL, HTTPClient: srv.Client()})
	if err == nil || !strings.Contains(err.Error(), "InvalidSecurityToken.Expired") || !strings.Contains(err.Error(), "R2") {
		t.Fatalf("error = %v", err)
	}
	garbage := signinServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>")) })
	_, err2 := SigninURL(ctx, fakeCreds, SigninOptions{BaseURL: garbage.URL, HTTPClient: garbage.Client()})
	if err2 == nil {
		t.Fatal("a non-JSON answer was accepted")
	}
	if _, err := SigninURL(ctx, fakeCreds, SigninOptions{BaseURL: "http://127.0.0.1:1/federation"}); err == nil || !strings.Contains(err.Error(), "https") {
		t.Errorf("plain http: %v", err)
	}
	dead := signinServer(t, func(http.ResponseWriter, *http.Request) {})
	deadURL, deadClient := dead.URL, dead.Client()
	dead.Close()
	_, err3 := SigninURL(ctx, fakeCreds, SigninOptions{BaseURL: deadURL, HTTPClient: deadClient})
	if _, err := SigninURL(ctx, Credentials{AccessKeyID: "x"}, SigninOptions{}); err == nil {
		t.Error("incomplete credentials accepted")
	}
	for _, e := range []error{err, err2, err3} {
		if e == nil {
			t.Fatal("want an error")
		}
		if s := e.Error(); strings.Contains(s, fakeCreds.AccessKeySecret) || strings.Contains(s, fakeCreds.SecurityToken) {
			t.Errorf("error carries a secret: %s", s)
		}
	}
}

func TestSigninHonoursContext(t *testing.T) {
	block := make(chan struct{})
	srv := signinServer(t, func(w http.ResponseWriter, r *http.Request) { <-block })
	defer close(block)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SigninURL(ctx, fakeCreds, SigninOptions{BaseURL: srv.URL, HTTPClient: srv.Client()}); err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("cancelled context: %v", err)
	}
}
