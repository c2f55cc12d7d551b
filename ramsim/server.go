// Package ramsim puts package account on the wire: a local RAM (2015-05-01) and STS
// (2015-04-01) server that real clients (the Go SDK, the aliyun CLI, credentials-go role
// providers, darabonba SDKs) cannot tell from the service. It verifies V1 HMAC-SHA1 and
// ACS3-HMAC-SHA256 signatures, timestamps, nonces and security tokens, dispatches by Version and
// Action to the account, renders JSON (or XML) exactly as the SDK decodes it, and keeps the
// state in memory or in a crash-safe file.
package ramsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ramtui/ramtui/ramsim/account"
	"github.com/ramtui/ramtui/ramsim/oss"
)

// skewWindow is how far a request's timestamp may be from real time.
const skewWindow = 15 * time.Minute

// maxNonces bounds the replay cache (about 40 MB at most).
const maxNonces = 1 << 20

const (
	versionRAM = "2015-05-01"
	versionSTS = "2015-04-01"
	versionIMS = "2019-08-15"
)

// anonymousSTS are the STS actions called without an AccessKey (federation).
var anonymousSTS = map[string]bool{"AssumeRoleWithSAML": true, "AssumeRoleWithOIDC": true}

// backend is the part of *account.Account the wire layer calls.
type backend interface {
	Credential(accessKeyID string) (account.Credential, *account.Error)
	RecordKeyUse(accessKeyID string, at time.Time)
	Invoke(req account.Request) (resp any, changed bool, err *account.Error)
	Snapshot() ([]byte, error)
	Restore(data []byte) error
}

// Server is the simulator's http.Handler.
type Server struct {
	opts    Options
	acct    *account.Account
	be      backend
	oss     *oss.Service     // nil when the backend is not a real account (tests)
	clock   func() time.Time // the account's clock: STS token expiry
	now     func() time.Time // real time: request timestamp skew, nonce expiry
	nonces  *nonceCache
	state   *stateFile // nil: in memory only
	loaded  bool       // the state came from an existing file (the seed was not used)
	logMu   sync.Mutex
	closeMu sync.Mutex
	closed  bool
}

// New builds a simulator: it loads opts.StatePath when the file exists (a corrupt file is an
// error, never silently replaced), otherwise seeds the account and writes the file at once.
func New(opts Options) (*Server, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	acct, err := account.New(account.Options{
		Seed:          opts.seedName(),
		Clock:         opts.Clock,
		RootKeyID:     opts.RootKeyID,
		RootKeySecret: opts.RootKeySecret,
	})
	if err != nil {
		return nil, fmt.Errorf("ramsim: %w", err)
	}
	s := newServer(opts, acct)
	s.acct = acct
	s.oss = oss.New(oss.Options{Backend: acct, Clock: opts.Clock})
	if opts.StatePath == "" {
		s.seedOSS()
	}
	if err := s.openState(); err != nil {
		return nil, err
	}
	return s, nil
}

func newServer(opts Options, be backend) *Server {
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	return &Server{opts: opts, be: be, clock: clock, now: time.Now, nonces: newNonceCache(skewWindow, maxNonces)}
}

// openState loads or creates the state file and the nonce journal beside it, after removing
// the temp files a killed writer may have left.
func (s *Server) openState() error {
	if s.opts.StatePath == "" {
		return nil
	}
	s.state = &stateFile{path: s.opts.StatePath}
	if _, err := removeStrayTemps(s.opts.StatePath); err != nil {
		return err
	}
	data, exists, err := readState(s.opts.StatePath)
	if err != nil {
		return err
	}
	if exists {
		if err := s.be.Restore(data); err != nil {
			return fmt.Errorf("ramsim: state file %s is not a valid simulator state (fix or move it away; it was not modified): %w",
				s.opts.StatePath, err)
		}
		s.loaded = true
	} else if err := os.MkdirAll(filepath.Dir(s.opts.StatePath), 0o700); err != nil {
		return fmt.Errorf("ramsim: state directory: %w", err)
	}
	// From now on every change is on disk before anyone sees it; this writes the seeded state at
	// once, so generated keys survive a crash before the first change.
	if err := s.acct.SetCommit(s.state.write); err != nil {
		return err
	}
	if err := s.openOSSState(); err != nil {
		return err
	}
	return openNonceJournal(s.nonces, s.opts.StatePath+nonceSuffix, s.now())
}

// nonceSuffix names the nonce journal beside the state file.
const nonceSuffix = ".nonces"

// LoadedState reports whether the account was restored from an existing state file, in which
// case Options.Seed and the root key options were not used.
func (s *Server) LoadedState() bool { return s.loaded }

// Account is the simulated account, for set-up: IssueAccessKey, ID, RootKey.
func (s *Server) Account() *account.Account { return s.acct }

// Close flushes the state file. Requests still in flight may still be answered.
func (s *Server) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.state == nil {
		return nil
	}
	s.nonces.mu.Lock()
	s.nonces.jr.close()
	s.nonces.mu.Unlock()
	return s.acct.Flush()
}

// call is one request as it moves through the pipeline.
type call struct {
	requestID string
	product   account.Product
	action    string
	keyID     string
	xml       bool
	resp      any
	err       *account.Error
	reset     bool // fault injection: handled, then no answer
}

// ServeHTTP answers one RPC request. A panic anywhere below becomes a 500 InternalError.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.oss != nil && oss.IsRequest(r) {
		s.serveOSS(w, r)
		return
	}
	start := time.Now()
	c := &call{requestID: newRequestID(), product: productFromHost(r.Host)}
	s.safeHandle(r, c)
	if c.reset {
		if s.opts.Log != nil {
			s.logCall(start, c, 0)
		}
		// The connection is closed without a byte of answer: the client cannot tell whether
		// its request was applied (it was).
		panic(http.ErrAbortHandler)
	}
	status := s.render(w, c)
	if s.opts.Log != nil {
		s.logCall(start, c, status)
	}
}

func (s *Server) safeHandle(r *http.Request, c *call) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(os.Stderr, "ramsim: panic serving %s (request %s): %v\n%s", c.action, c.requestID, p, debug.Stack())
			c.resp, c.err = nil, errInternal
		}
	}()
	c.resp, c.err = s.handle(r, c)
}

func (s *Server) handle(r *http.Request, c *call) (any, *account.Error) {
	if s.opts.Latency > 0 {
		if err := sleep(r.Context(), s.opts.Latency); err != nil {
			return nil, errInternal // the client has gone; nobody reads this
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, errUnsupportedMethod
	}
	wr, err := readRequest(r)
	if errors.Is(err, errBodyTooLarge) {
		return nil, errTooLarge
	}
	if err != nil {
		return nil, errBadRequest
	}
	p := wr.params
	c.xml = strings.EqualFold(p["Format"], "XML")
	action, version := p["Action"], p["Version"]
	if action == "" {
		action = r.Header.Get("x-acs-action")
	}
	if version == "" {
		version = r.Header.Get("x-acs-version")
	}
	c.action = action
	switch version {
	case versionRAM:
		c.product = account.RAM
	case versionSTS:
		c.product = account.STS
	case versionIMS:
		c.product = account.IMS
	case "":
		return nil, errMissingParameter("Version")
	default:
		return nil, errInvalidVersion
	}
	if action == "" {
		return nil, errMissingParameter("Action")
	}

	var cred account.Credential
	var aerr *account.Error
	if c.product == account.STS && anonymousSTS[action] {
		// Anonymous API: the assertion or token is the credential; any signature is ignored.
	} else if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "ACS3-") {
		cred, aerr = s.authACS3(r, wr, auth, c)
	} else {
		cred, aerr = s.authV1(r, p, c)
	}
	if aerr != nil {
		return nil, aerr
	}
	if cred.SecurityToken == "" && cred.AccessKeyID != "" {
		s.be.RecordKeyUse(cred.AccessKeyID, s.clock())
	}
	if s.opts.ThrottleRate > 0 && rand.Float64() < s.opts.ThrottleRate {
		return nil, errThrottled
	}
	if s.opts.ErrorRate > 0 && rand.Float64() < s.opts.ErrorRate {
		if rand.IntN(2) == 0 {
			return nil, errInternal
		}
		return nil, errUnavailable
	}
	c.reset = s.opts.ResetRate > 0 && rand.Float64() < s.opts.ResetRate

	// The account sees business parameters and the common ones, never the signature or token.
	delete(p, "Signature")
	delete(p, "SecurityToken")
	resp, _, aerr := s.be.Invoke(account.Request{
		Product:   c.product,
		Action:    action,
		Params:    p,
		Caller:    cred.Identity,
		SourceIP:  sourceIP(r.RemoteAddr),
		Secure:    r.TLS != nil,
		RequestID: c.requestID,
	})
	if aerr != nil { // includes a change that could not be saved (and was undone)
		return nil, aerr
	}
	return resp, nil
}

// render writes the call's response and returns the HTTP status.
func (s *Server) render(w http.ResponseWriter, c *call) int {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 { // do not keep a huge buffer alive for small responses
			bufPool.Put(buf)
		}
	}()
	status := http.StatusOK
	if c.err == nil {
		if err := appendSuccessJSON(buf, c.resp, c.requestID); err != nil {
			fmt.Fprintf(os.Stderr, "ramsim: %s: %v\n", c.action, err)
			c.err = errInternal
		}
	}
	root := c.action + "Response"
	if c.err != nil {
		status = errorStatus(c.err)
		buf.Reset()
		buf.Write(errorJSON(c.err, c.product, c.requestID))
		root = "Error"
	}
	body, contentType := buf.Bytes(), "application/json;charset=utf-8"
	if c.xml {
		if x, err := jsonToXML(root, body); err == nil {
			body, contentType = x, "text/xml;charset=utf-8"
		}
	}
	h := w.Header()
	h.Set("x-acs-request-id", c.requestID)
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
	return status
}

// productFromHost guesses the product for errors raised before Version is known.
func productFromHost(host string) account.Product {
	if strings.HasPrefix(strings.ToLower(host), "sts") {
		return account.STS
	}
	return account.RAM
}

func sourceIP(remoteAddr string) string {
	if i := strings.LastIndexByte(remoteAddr, ':'); i >= 0 {
		remoteAddr = remoteAddr[:i]
	}
	return strings.Trim(remoteAddr, "[]")
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
