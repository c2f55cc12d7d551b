package ramclient

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync"
	"time"
)

// The SDK (v1) builds its *http.Request without a context, so a caller's ctx cannot reach the
// connection by itself. Each slot's SDK client gets a ctxTransport whose ctx is the current
// call's: RoundTrip joins it to the request's own context (which carries the SDK's read timeout),
// so cancelling ctx really aborts the dial, the write and the read, and the SDK call returns at
// once -- no goroutine is left behind. A slot serves one call at a time (see Client.acquire), so
// the field needs no lock.
type ctxTransport struct {
	base http.RoundTripper
	ctx  context.Context
	c    *Client // for a waiting Warm (warm.go)
}

func (t *ctxTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.c != nil {
		if tr := t.c.warmTrace(); tr != nil {
			req = req.WithContext(httptrace.WithClientTrace(req.Context(), tr))
		}
	}
	callCtx := t.ctx
	if callCtx == nil {
		return t.base.RoundTrip(req)
	}
	ctx, cancel := context.WithCancelCause(req.Context())
	stop := context.AfterFunc(callCtx, func() { cancel(context.Cause(callCtx)) })
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		stop()
		cancel(nil)
		return nil, err
	}
	// The body is read after RoundTrip returns: keep the joined context alive until it is closed.
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: func() { stop(); cancel(nil) }}
	return resp, nil
}

type releasingBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}

// newBaseTransport is the one connection pool all slots share, to ep. Loopback endpoints never
// go through a proxy from the environment (HTTP_PROXY would otherwise swallow a local ramsim).
// Its dial is Warm's (warm.go).
func newBaseTransport(ep endpoint, connectTimeout time.Duration, idle int) (*http.Transport, *dialer) {
	proxy := func(req *http.Request) (*url.URL, error) {
		if isLoopbackHost(req.URL.Host) {
			return nil, nil
		}
		return http.ProxyFromEnvironment(req)
	}
	dl := newDialer(&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}, ep, proxy)
	return &http.Transport{
		Proxy:                 proxy,
		DialContext:           dl.DialContext,
		TLSHandshakeTimeout:   connectTimeout,
		MaxIdleConns:          idle * 2,
		MaxIdleConnsPerHost:   idle,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
	}, dl
}
