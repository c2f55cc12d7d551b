package ramsim

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/net/netutil"
)

// Connection limits of the listener. A client that sends part of a request and stalls is cut
// off: within headerTimeout while sending headers, within readTimeout for the whole request,
// and a kept-alive connection with nothing to do is closed after idleTimeout. maxConns bounds
// the connections served at once; further ones wait in the kernel's accept queue. Variables so
// the tests can shorten them (no test runs in parallel).
var (
	headerTimeout = 10 * time.Second
	readTimeout   = 30 * time.Second
	idleTimeout   = 30 * time.Second
	maxConns      = 512
)

// Running is a simulator listening on a port.
type Running struct {
	*Server
	// Endpoint is "127.0.0.1:PORT": what SDK clients put in client.Domain.
	Endpoint string
	// CertPEM is the self-signed certificate when serving HTTPS (Options.TLSCertFile), else nil.
	CertPEM []byte

	srv       *http.Server
	done      chan error
	closeOnce sync.Once
	closeErr  error
}

// Start creates a simulator and serves it on addr (e.g. "127.0.0.1:0"). Non-loopback addresses
// are refused unless opts.AllowRemote is set.
func Start(opts Options, addr string) (*Running, error) {
	if !opts.AllowRemote {
		if err := checkLoopback(addr); err != nil {
			return nil, err
		}
	}
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	return serve(s, addr)
}

// serve listens on addr and serves s; on failure s is closed.
func serve(s *Server, addr string) (*Running, error) {
	opts := s.opts
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("ramsim: %w", err)
	}
	r := &Running{Server: s, Endpoint: ln.Addr().String(), done: make(chan error, 1)}
	ln = netutil.LimitListener(ln, maxConns)
	r.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: headerTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
	if opts.TLSCertFile != "" {
		cert, pemBytes, err := selfSignedCert()
		if err == nil {
			err = writeFileDurably(opts.TLSCertFile, pemBytes)
		}
		if err != nil {
			ln.Close()
			s.Close()
			return nil, fmt.Errorf("ramsim: TLS certificate: %w", err)
		}
		r.CertPEM = pemBytes
		r.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, r.srv.TLSConfig)
	}
	go func() { r.done <- r.srv.Serve(ln) }()
	return r, nil
}

// Close stops listening, waits (up to 5 s) for requests in flight, then flushes the state.
// Calling it again returns the first result.
func (r *Running) Close() error {
	r.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := r.srv.Shutdown(ctx)
		if serveErr := <-r.done; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
			err = serveErr
		}
		if cerr := r.Server.Close(); cerr != nil {
			err = cerr
		}
		r.closeErr = err
	})
	return r.closeErr
}

// checkLoopback accepts "127.x.x.x:port", "[::1]:port" and "localhost:port".
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("ramsim: listen address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("ramsim: listen address %q is not loopback; the simulator accepts anyone's requests, so serving beyond this machine needs an explicit opt-in (--allow-remote)", addr)
}
