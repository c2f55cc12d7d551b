package ramclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func TestParseEndpoint(t *testing.T) {
	for in, want := range map[string]endpoint{
		"":                         {Scheme: "HTTPS"},
		"127.0.0.1:8787":           {Scheme: "HTTP", Domain: "127.0.0.1:8787"},
		"localhost:1":              {Scheme: "HTTP", Domain: "localhost:1"},
		"http://127.0.0.1:9":       {Scheme: "HTTP", Domain: "127.0.0.1:9"},
		"https://ram.example.com":  {Scheme: "HTTPS", Domain: "ram.example.com"},
		"HTTPS://ram.example.com/": {Scheme: "HTTPS", Domain: "ram.example.com"},
		"https://[::1]:8443":       {Scheme: "HTTPS", Domain: "[::1]:8443"},
		"sim.internal":             {Scheme: "HTTP", Domain: "sim.internal"},
	} {
		got, err := parseEndpoint(in)
		if err != nil || got != want {
			t.Errorf("parseEndpoint(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"ftp://x", "http://", "http://h/path", "a b:1", "host:port:x", "https://u@h"} {
		if _, err := parseEndpoint(bad); err == nil {
			t.Errorf("parseEndpoint(%q) accepted", bad)
		}
	}
	if _, err := New(Options{Endpoint: "ftp://x", Credentials: Credentials{AccessKeyID: "a", AccessKeySecret: "b"}}); KindOf(err) != KindInvalidInput {
		t.Errorf("New with a bad endpoint: %v", err)
	}
}

// Loopback endpoints never go through a proxy from the environment.
func TestLoopbackNotProxied(t *testing.T) {
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
	tr, _ := newBaseTransport(endpoint{Scheme: "HTTP", Domain: "127.0.0.1:8787"}, 0, 1)
	for _, host := range []string{"127.0.0.1:8787", "localhost:1", "[::1]:2", "127.9.9.9"} {
		req := &http.Request{URL: &url.URL{Scheme: "http", Host: host}}
		if p, err := tr.Proxy(req); p != nil || err != nil {
			t.Errorf("%s: proxied via %v (%v)", host, p, err)
		}
	}
	for _, h := range []string{"localhost", "a.localhost:1", "127.0.0.1", "[::1]:3"} {
		if !isLoopbackHost(h) {
			t.Errorf("isLoopbackHost(%q) = false", h)
		}
	}
	if isLoopbackHost("ram.aliyuncs.com") || isLoopbackHost("10.0.0.1:80") {
		t.Error("remote host counted as loopback")
	}
}

// With no endpoint, RAM goes to ram.aliyuncs.com and STS to its regional host, over HTTPS (port
// 443). Checked offline: the dialer records the address and refuses.
func TestRealServiceHosts(t *testing.T) {
	c, err := New(Options{Region: "cn-shanghai", Credentials: Credentials{AccessKeyID: "LTAIxxxxxxxxxxxxxxxxxxxx", AccessKeySecret: "s"},
		Retry: RetryPolicy{MaxAttempts: 1}})
	mustOK(t, err)
	var dialed []string
	var mu sync.Mutex
	c.base.Proxy = nil
	c.base.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		dialed = append(dialed, addr)
		mu.Unlock()
		return nil, errors.New("offline test")
	}
	_, err = c.GetUser(ctxT(t), "x")
	wantKind(t, err, KindUnreachable)
	_, err = c.CallerIdentity(ctxT(t))
	wantKind(t, err, KindUnreachable)
	if strings.Join(dialed, " ") != "ram.aliyuncs.com:443 sts.cn-shanghai.aliyuncs.com:443" {
		t.Fatalf("dialed %v", dialed)
	}
}
