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

	"github.com/ramtui/ramtui/policy"
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

// anonymousSTS says whether an STS action is called without an AccessKey (federation).
func anonymousSTS(action string) bool {
	return action == "AssumeRoleWithSAML" || action == "AssumeRoleWithOIDC"
}

// backend is the part of *account.Account the wire layer calls.
type backend interface {
	Credential(accessKeyID string) (account.Credential, *account.Error)
	RecordKeyUse(accessKeyID string, at time.Time)
	Invoke(req account.Request) (resp any, changed bool, err *account.Error)
	Snapshot() ([]byte, error)
	Restore(data []byte) error
}

// Server is the simulator's http.Handler. It hosts one account or several (Options.Accounts)
// on one endpoint: a request is served by the account of the key that signed it.
type Server struct {
	opts    Options
	acct    *account.Account // the first account (Account)
	members []*member        // every hosted account, the first first
	clock   func() time.Time // the accounts' clock: STS token expiry
	now     func() time.Time // real time: request timestamp skew, nonce expiry
	nonces  *nonceCache
	flow    *flowControl   // nil when Options.FlowControl is 0
	buckets *oss.Namespace // the OSS bucket names of all accounts: unique across them
	logMu   sync.Mutex
	closeMu sync.Mutex
	closed  bool
}

// member is one hosted account with its OSS and its state file.
type member struct {
	acct      *account.Account // nil when the backend is not a real account (tests)
	be        backend
	oss       *oss.Service // nil when the backend is not a real account (tests)
	seed      string
	statePath string // "" = in memory
	loaded    bool   // the state came from an existing file (the seed was not used)
}

// New builds a simulator: for each account it loads its state file when the file exists (a
// corrupt file is an error, never silently replaced), otherwise seeds the account and writes
// the file at once. The "partner" account (which the demo data set brings along) is seeded
// after the others, so its staff's policy names the demo account's role.
func New(opts Options) (*Server, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	s := newServer(opts, nil)
	seeds := opts.seeds()
	s.members = make([]*member, len(seeds))
	for _, partner := range []bool{false, true} {
		for i, seed := range seeds {
			if (seed == "partner") != partner {
				continue
			}
			m, err := s.newMember(i, seed)
			if err != nil {
				return nil, err
			}
			s.members[i] = m
		}
	}
	seen := map[string]int{}
	for i, m := range s.members {
		if j, dup := seen[m.acct.ID()]; dup {
			return nil, fmt.Errorf("ramsim: accounts %d and %d have the same id %s (two state files of one account?)", j+1, i+1, m.acct.ID())
		}
		seen[m.acct.ID()] = i
	}
	s.acct = s.members[0].acct
	if err := s.openNonces(); err != nil {
		return nil, err
	}
	return s, nil
}

// newMember creates the i-th account from its seed and opens its state file.
func (s *Server) newMember(i int, seed string) (*member, error) {
	ao := account.Options{Seed: seed, Clock: s.opts.Clock}
	if i == 0 {
		ao.RootKeyID, ao.RootKeySecret = s.opts.RootKeyID, s.opts.RootKeySecret
	}
	if seed == "partner" {
		ao.Peer = s.demoID()
	}
	acct, err := account.New(ao)
	if err != nil {
		return nil, fmt.Errorf("ramsim: %w", err)
	}
	m := &member{acct: acct, be: acct, seed: seed, statePath: s.opts.statePath(i)}
	m.oss = oss.New(oss.Options{Backend: acct, Clock: s.opts.Clock, Namespace: s.buckets})
	if m.statePath == "" {
		m.seedOSS()
	}
	if err := m.openState(); err != nil {
		return nil, err
	}
	return m, nil
}

// demoID is the id of the first demo account created so far ("" if none).
func (s *Server) demoID() string {
	for _, m := range s.members {
		if m != nil && m.seed == "demo" {
			return m.acct.ID()
		}
	}
	return ""
}

// newServer builds a server of one account served by be (tests pass a fake backend), or of
// none yet when be is nil (New adds them).
func newServer(opts Options, be backend) *Server {
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	s := &Server{opts: opts, clock: clock, now: time.Now, nonces: newNonceCache(skewWindow, maxNonces), buckets: oss.NewNamespace(),
		flow: newFlowControl(opts.FlowControl)}
	if be != nil {
		s.members = []*member{{be: be}}
	}
	return s
}

// openState loads or creates the account's state file, after removing the temp files a killed
// writer may have left, then its OSS file beside it.
func (m *member) openState() error {
	if m.statePath == "" {
		return nil
	}
	if _, err := removeStrayTemps(m.statePath); err != nil {
		return err
	}
	data, exists, err := readState(m.statePath)
	if err != nil {
		return err
	}
	journal, err := readJournal(m.statePath + journalSuffix)
	if err != nil {
		return err
	}
	if exists {
		if err := m.acct.RestoreJournal(data, journal); err != nil {
			return fmt.Errorf("ramsim: state file %s (with %s) is not a valid simulator state (fix or move them away; they were not modified): %w",
				m.statePath, journalSuffix, err)
		}
		m.loaded = true
	} else if err := os.MkdirAll(filepath.Dir(m.statePath), 0o700); err != nil {
		return fmt.Errorf("ramsim: state directory: %w", err)
	}
	// From now on every change is on disk before anyone sees it: one record appended to the
	// journal, the whole state now and then. This writes the seeded (or restored and replayed)
	// state at once, so generated keys survive a crash before the first change, and starts an
	// empty journal.
	f := &stateFile{path: m.statePath}
	if err := m.acct.SetJournal(f.snapshot, f.appendRecord); err != nil {
		return err
	}
	return m.openOSSState()
}

// openNonces opens the nonce journal beside the (first) state file: one for all accounts, as
// AccessKey ids are unique across them.
func (s *Server) openNonces() error {
	if s.opts.StatePath == "" {
		return nil
	}
	return openNonceJournal(s.nonces, s.opts.StatePath+nonceSuffix, s.now())
}

// nonceSuffix names the nonce journal beside the state file.
const nonceSuffix = ".nonces"

// LoadedState reports whether the (first) account was restored from an existing state file,
// in which case Options.Seed and the root key options were not used.
func (s *Server) LoadedState() bool { return s.members[0].loaded }

// Account is the (first) simulated account, for set-up: IssueAccessKey, ID, RootKey.
func (s *Server) Account() *account.Account { return s.acct }

// Hosted is one account of the simulator, for banners and set-up.
type Hosted struct {
	Account   *account.Account
	Seed      string // the data set it was created from (unused when Loaded)
	StatePath string // "" = in memory
	Loaded    bool   // restored from StatePath
}

// Accounts are every hosted account, in the order of Options.Accounts.
func (s *Server) Accounts() []Hosted {
	out := make([]Hosted, 0, len(s.members))
	for _, m := range s.members {
		if m.acct != nil {
			out = append(out, Hosted{Account: m.acct, Seed: m.seed, StatePath: m.statePath, Loaded: m.loaded})
		}
	}
	return out
}

// AccountByID is the hosted account with that id, or nil.
func (s *Server) AccountByID(id string) *account.Account {
	if m := s.memberByID(id); m != nil {
		return m.acct
	}
	return nil
}

func (s *Server) memberByID(id string) *member {
	for _, m := range s.members {
		if m != nil && m.acct != nil && m.acct.ID() == id {
			return m
		}
	}
	return nil
}

// memberByRoleARN is the hosted account a role ARN points into, or nil.
func (s *Server) memberByRoleARN(arn string) *member {
	rest, ok := strings.CutPrefix(arn, "acs:ram::")
	if !ok {
		return nil
	}
	id, _, ok := strings.Cut(rest, ":")
	if !ok {
		return nil
	}
	return s.memberByID(id)
}

// credential finds the account that knows an AccessKey id. An unknown key is the first
// account's answer (InvalidAccessKeyId.NotFound).
func (s *Server) credential(keyID string) (*member, account.Credential, *account.Error) {
	var first *account.Error
	for i, m := range s.members {
		cred, aerr := m.be.Credential(keyID)
		if aerr == nil {
			return m, cred, nil
		}
		if i == 0 {
			first = aerr
		}
	}
	return s.members[0], account.Credential{}, first
}

// Close flushes the state files. Requests still in flight may still be answered.
func (s *Server) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.opts.StatePath == "" {
		return nil
	}
	s.nonces.mu.Lock()
	s.nonces.jr.close()
	s.nonces.mu.Unlock()
	var err error
	for _, m := range s.members {
		if m != nil && m.acct != nil {
			if ferr := m.acct.Flush(); ferr != nil && err == nil {
				err = ferr
			}
		}
	}
	return err
}

// call is one request as it moves through the pipeline.
type call struct {
	requestID string
	product   account.Product
	action    string
	keyID     string
	member    *member // the account of the key that signed it (the first for anonymous calls)
	xml       bool
	resp      any
	err       *account.Error
	reset     bool // fault injection: handled, then no answer
}

// ServeHTTP answers one RPC request. A panic anywhere below becomes a 500 InternalError.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.members[0].oss != nil && oss.IsRequest(r) {
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
	c.member = s.members[0]
	if c.product == account.STS && anonymousSTS(action) {
		// Anonymous API: the assertion or token is the credential; any signature is ignored.
		// The role's account serves it.
		if m := s.memberByRoleARN(p["RoleArn"]); m != nil {
			c.member = m
		}
	} else if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "ACS3-") {
		cred, aerr = s.authACS3(r, wr, auth, c)
	} else {
		cred, aerr = s.authV1(r, p, c)
	}
	if aerr != nil {
		return nil, aerr
	}
	if cred.SecurityToken == "" && cred.AccessKeyID != "" {
		c.member.be.RecordKeyUse(cred.AccessKeyID, s.clock())
	}
	if s.opts.ThrottleRate > 0 && rand.Float64() < s.opts.ThrottleRate {
		return nil, errThrottled
	}
	if !s.flow.allow(flowKey{c.member, c.product, action}, s.now()) {
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
	req := account.Request{
		Product:   c.product,
		Action:    action,
		Params:    p,
		Caller:    cred.Identity,
		SourceIP:  sourceIP(r.RemoteAddr),
		Secure:    r.TLS != nil,
		RequestID: c.requestID,
	}
	be := c.member.be
	if c.product == account.STS && action == "AssumeRole" {
		if t := s.memberByRoleARN(p["RoleArn"]); t != nil && t != c.member && c.member.acct != nil {
			// A role of another hosted account: the caller's account judges its own policies,
			// the role's account the trust policy, and the session lives there.
			req.CrossAccount = crossAccount(c.member.acct, req)
			be = t.be
		}
	}
	resp, _, aerr := be.Invoke(req)
	if aerr != nil { // includes a change that could not be saved (and was undone)
		return nil, aerr
	}
	return resp, nil
}

// crossAccount is the caller's own account's verdict on a cross-account AssumeRole: whether its
// policies allow sts:AssumeRole on the role, with the ExternalId in the context.
func crossAccount(own *account.Account, req account.Request) *account.CrossAccount {
	var extra policy.Context
	if ext := req.Params["ExternalId"]; ext != "" {
		extra = policy.Context{"sts:ExternalId": {ext}}
	}
	return &account.CrossAccount{Denied: own.Authorize(req, "sts:AssumeRole", req.Params["RoleArn"], extra)}
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
