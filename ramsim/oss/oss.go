// Package oss is the simulator's OSS: buckets and objects of the simulated account, served
// path-style (http://host:port/bucket/key, what OSS clients use for an IP endpoint) on the same
// port as RAM and STS. Requests are authenticated with OSS signatures V1 ("OSS AK:sig") and V4
// ("OSS4-HMAC-SHA256 Credential=…"), STS sessions with x-oss-security-token, and authorized by
// the account exactly as RAM actions are: the caller's policies for oss:* actions on
// acs:oss:*:<account>:<bucket>[/<key>], with oss:Prefix and oss:Delimiter when listing.
//
// Where the service's behaviour is undocumented or out of scope, these are the simulator's
// choices:
//   - Only signed requests (Authorization header) are served; presigned URLs and anonymous
//     requests get AccessDenied. Bucket ACLs are recorded and reported, never enforced.
//   - Order of checks: operation, authentication, bucket name, bucket existence (NoSuchBucket
//     even for a caller without permission, as the service's shared namespace does; a bucket
//     of another account is AccessDenied), authorization, then object existence (AccessDenied
//     before NoSuchKey).
//   - Policy resources use the account id (acs:oss:*:<account>:…); ListBuckets is authorized on
//     acs:oss:*:<account>:*. HeadObject is oss:GetObject; ListObjectsV2 is oss:ListObjects.
//   - oss:Prefix and oss:Delimiter are always in the listing context, empty when not given.
//   - Bucket names are unique across the accounts of one simulator (Namespace), as they are
//     across all of OSS: another account's name is BucketAlreadyExists, and its bucket refuses
//     every request (no bucket policies: nothing grants another account access). PutBucket of
//     the account's own bucket succeeds and sets the ACL if one is given; another storage class
//     is BucketAlreadyExists.
//   - Sizes are bounded (MaxObjectBytes, MaxTotalBytes, MaxObjects, MaxBuckets). Multipart
//     upload, versioning and the other sub-resources are not served (501 NotImplemented); a
//     Range header is ignored (the whole object, 200, as HTTP allows).
package oss

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash/crc64"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramsim/account"
)

// Backend is what the OSS part needs from the account (*account.Account implements it).
type Backend interface {
	ID() string
	Credential(accessKeyID string) (account.Credential, *account.Error)
	RecordKeyUse(accessKeyID string, at time.Time)
	Authorize(req account.Request, act, resource string, extra policy.Context) *account.Error
}

// Options configure a Service.
type Options struct {
	Backend Backend
	// Clock is the account's clock (STS token expiry, object dates); nil = time.Now. Request
	// dates are checked against real time, as the service does.
	Clock func() time.Time
	// Region is where buckets are created unless PutBucket says otherwise; "" = cn-hangzhou.
	Region string
	// Namespace is shared by the accounts of one simulator (bucket names are unique across
	// them); nil = a namespace of this service alone.
	Namespace *Namespace
}

// Service serves OSS requests. It is safe for concurrent use.
type Service struct {
	be     Backend
	clock  func() time.Time
	now    func() time.Time
	region string
	ns     *Namespace

	mu     sync.RWMutex
	st     *store
	commit func([]byte) error // nil = in memory only
}

// New creates an OSS with no buckets.
func New(opts Options) *Service {
	s := &Service{be: opts.Backend, clock: opts.Clock, now: time.Now, region: opts.Region, ns: opts.Namespace, st: newStore()}
	if s.ns == nil {
		s.ns = NewNamespace()
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.region == "" {
		s.region = "cn-hangzhou"
	}
	return s
}

// SetCommit makes every later change durable before it is visible, like
// account.Account.SetCommit: commit gets the whole store and returns once it is on disk; a
// change whose commit fails is undone. The current store is committed at once.
func (s *Service) SetCommit(commit func(snapshot []byte) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := encodeStore(s.st)
	if err != nil {
		return err
	}
	if err := commit(data); err != nil {
		return err
	}
	s.commit = commit
	return nil
}

// Restore replaces the buckets and objects with a snapshot (the file SetCommit writes). It
// fails, changing nothing, when another account of the namespace has one of its buckets.
func (s *Service) Restore(data []byte) error {
	st, err := decodeStore(data)
	if err != nil {
		return fmt.Errorf("oss: restore: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.ns.replace(s, st.Buckets); err != nil {
		return fmt.Errorf("oss: restore: %w", err)
	}
	s.st = st
	return nil
}

// Snapshot is the whole store as JSON.
func (s *Service) Snapshot() ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return encodeStore(s.st)
}

// save commits the store after a change (s.mu held for writing); on failure it undoes the change.
func (s *Service) save(undo func()) *Error {
	if s.commit == nil {
		return nil
	}
	data, err := encodeStore(s.st)
	if err == nil {
		err = s.commit(data)
	}
	if err != nil {
		undo()
		return errNotSaved
	}
	return nil
}

// IsRequest tells an OSS request from an RPC one (RAM, STS, IMS), which names its Action in
// the query or an x-acs-action header, goes to "/" and is signed with its own scheme.
func IsRequest(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	switch {
	case strings.HasPrefix(auth, "OSS ") || strings.HasPrefix(auth, algorithmV4):
		return true
	case strings.HasPrefix(auth, "ACS3-") || r.Header.Get("x-acs-action") != "" || r.URL.Query().Has("Action"):
		return false
	case r.Method != http.MethodGet && r.Method != http.MethodPost:
		return true
	case r.URL.Path != "/" && r.URL.Path != "":
		return true
	case r.Header.Get("x-oss-date") != "" || r.Header.Get("x-oss-security-token") != "":
		return true
	}
	return queryAuth(r.URL.Query())
}

// Outcome summarises one request for the simulator's request log.
type Outcome struct {
	Op, KeyID string
	Status    int
	Code      string // "" on success
}

// ServeHTTP answers one OSS request.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.Handle(w, r) }

// request is one OSS request as it moves through the pipeline.
type request struct {
	r           *http.Request
	id          string
	bucket, key string
	query       url.Values
	op          operation
	cred        account.Credential
}

// response is what an operation answers.
type response struct {
	status int
	header http.Header
	body   []byte
}

// Handle answers one OSS request and reports what happened. A panic below becomes a 500.
func (s *Service) Handle(w http.ResponseWriter, r *http.Request) Outcome {
	q := &request{r: r, id: newRequestID()}
	resp, oerr := s.safeServe(q)
	out := Outcome{Op: q.op.name, KeyID: q.cred.AccessKeyID, Status: http.StatusOK}
	h := w.Header()
	h.Set("x-oss-request-id", q.id)
	h.Set("Date", s.now().UTC().Format(http.TimeFormat))
	h.Set("Server", "AliyunOSS")
	if oerr != nil {
		out.Status, out.Code = oerr.Status, oerr.Code
		s.writeError(w, q, oerr)
		return out
	}
	for k, v := range resp.header {
		h[k] = v
	}
	if resp.status == 0 {
		resp.status = http.StatusOK
	}
	out.Status = resp.status
	if h.Get("Content-Length") == "" {
		h.Set("Content-Length", fmt.Sprint(len(resp.body)))
	}
	w.WriteHeader(resp.status)
	if r.Method != http.MethodHead {
		w.Write(resp.body)
	}
	return out
}

func (s *Service) safeServe(q *request) (resp response, oerr *Error) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(os.Stderr, "ramsim/oss: panic serving %s (request %s): %v\n%s", q.op.name, q.id, p, debug.Stack())
			resp, oerr = response{}, errInternal
		}
	}()
	return s.serve(q)
}

// writeError renders an error: XML in the body, or for HEAD (no body) base64 in x-oss-err as
// the service does, which the SDK decodes.
func (s *Service) writeError(w http.ResponseWriter, q *request, e *Error) {
	e = e.copyErr()
	e.RequestID, e.HostID = q.id, q.r.Host
	body := marshalXML(e)
	h := w.Header()
	if e.EC != "" {
		h.Set("x-oss-ec", e.EC)
	}
	h.Set("Content-Type", "application/xml")
	if q.r.Method == http.MethodHead {
		h.Set("x-oss-err", base64.StdEncoding.EncodeToString(body))
		h.Set("Content-Length", "0")
		w.WriteHeader(e.Status)
		return
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(e.Status)
	w.Write(body)
}

// serve runs the pipeline: operation, authentication, bucket, authorization, the operation.
func (s *Service) serve(q *request) (response, *Error) {
	r := q.r
	path := r.URL.Path
	if !strings.HasPrefix(path, "/") {
		return response{}, errInvalidArgument("The request path must start with /.")
	}
	q.bucket, q.key, _ = strings.Cut(path[1:], "/")
	q.query = r.URL.Query()
	op, oerr := route(r.Method, q.bucket, q.key, q.query)
	q.op = op
	if oerr != nil {
		return response{}, oerr
	}
	if oerr := s.authenticate(q); oerr != nil {
		return response{}, oerr
	}
	if q.bucket != "" {
		if err := validBucketName(q.bucket); err != nil {
			return response{}, err
		}
	}
	if q.key != "" {
		if err := validObjectKey(q.key); err != nil {
			return response{}, err
		}
	}
	if op.bucketMustExist && !s.bucketExists(q.bucket) {
		if h := s.ns.owner(q.bucket); h != nil && h != s {
			return response{}, errNotYourBucket(q.bucket)
		}
		return response{}, errNoSuchBucket(q.bucket)
	}
	return op.run(s, q)
}

// authorize asks the account whether the caller may do act on resource.
func (s *Service) authorize(q *request, act, resource string, extra policy.Context) *Error {
	req := account.Request{
		Product:   "Oss",
		Action:    q.op.name,
		Caller:    q.cred.Identity,
		SourceIP:  sourceIP(q.r.RemoteAddr),
		Secure:    q.r.TLS != nil,
		RequestID: q.id,
	}
	if ae := s.be.Authorize(req, act, resource, extra); ae != nil {
		return errDenied(ae, act, resource)
	}
	return nil
}

func (s *Service) bucketARN(bucket string) string { return "acs:oss:*:" + s.be.ID() + ":" + bucket }

func (s *Service) bucketExists(name string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.Buckets[name] != nil
}

// authenticate checks the signature, the date and the credential (and an STS token).
func (s *Service) authenticate(q *request) *Error {
	r := q.r
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return errAnonymous
	}
	var keyID string
	var v1 authV1
	var v4 authV4
	var ok bool
	if strings.HasPrefix(auth, algorithmV4) {
		if v4, ok = parseV4(auth); !ok {
			return errBadAuthorization
		}
		keyID = v4.keyID
	} else {
		if v1, ok = parseV1(auth); !ok {
			return errBadAuthorization
		}
		keyID = v1.keyID
	}
	q.cred.AccessKeyID = keyID // for the log, before it is known to exist
	if oerr := s.checkDate(r, v4); oerr != nil {
		return oerr
	}
	cred, ae := s.be.Credential(keyID)
	if ae != nil {
		return errNoKey
	}
	if !cred.Active {
		return errKeyDisabled
	}
	if cred.SecurityToken != "" {
		token := r.Header.Get("x-oss-security-token")
		switch {
		case token == "":
			return errTokenMissing
		case !equalMAC(token, cred.SecurityToken):
			return errTokenMismatch
		case !cred.Expiration.IsZero() && !s.clock().Before(cred.Expiration):
			return errTokenExpired
		}
	}
	if v4.keyID != "" {
		sts := stringToSignV4(r, q.bucket, q.key, v4)
		if !equalMAC(signV4(cred.Secret, v4, sts), v4.signature) {
			return errSignature(keyID, sts)
		}
	} else {
		sts := stringToSignV1(r, q.bucket, q.key)
		if !equalMAC(signV1(cred.Secret, sts), v1.signature) {
			return errSignature(keyID, sts)
		}
	}
	q.cred = cred
	if cred.SecurityToken == "" {
		s.be.RecordKeyUse(keyID, s.clock())
	}
	return nil
}

// skewWindow is how far a request's date may be from real time.
const skewWindow = 15 * time.Minute

// checkDate reads the request time (V4: x-oss-date, which must match the credential scope;
// V1: x-oss-date when present, else Date) and checks it against real time.
func (s *Service) checkDate(r *http.Request, v4 authV4) *Error {
	var t time.Time
	var err error
	if v4.keyID != "" {
		d := r.Header.Get("x-oss-date")
		if d == "" {
			return errMissingDate
		}
		if t, err = time.Parse("20060102T150405Z", d); err != nil || !strings.HasPrefix(d, v4.date) {
			return errInvalidArgument("x-oss-date is not a valid ISO 8601 time of the credential's date.")
		}
	} else {
		d := r.Header.Get("x-oss-date")
		if d == "" {
			d = r.Header.Get("Date")
		}
		if d == "" {
			return errMissingDate
		}
		if t, err = http.ParseTime(d); err != nil {
			return errInvalidArgument("The Date header is not a valid HTTP date.")
		}
	}
	if skew := s.now().Sub(t); skew > skewWindow || skew < -skewWindow {
		return errSkewed
	}
	return nil
}

// newRequestID is 24 upper-case hex digits, the shape of OSS request ids.
func newRequestID() string {
	var b [12]byte
	rand.Read(b[:])
	return strings.ToUpper(hex.EncodeToString(b[:]))
}

func sourceIP(remoteAddr string) string {
	if i := strings.LastIndexByte(remoteAddr, ':'); i >= 0 {
		remoteAddr = remoteAddr[:i]
	}
	return strings.Trim(remoteAddr, "[]")
}

// etagOf is the quoted upper-case hex MD5 OSS reports for a simple upload.
func etagOf(sum [md5.Size]byte) string {
	return `"` + strings.ToUpper(hex.EncodeToString(sum[:])) + `"`
}

// crcTable is CRC-64/ECMA-182 as OSS computes x-oss-hash-crc64ecma (Go's crc64 applies the
// same bit inversions). Made on first use: crc64 builds its 32 KB of tables on the first
// MakeTable, and a package variable paid for them at the start of every command that links the
// simulator (`ramtui version` included).
var crcTable = sync.OnceValue(func() *crc64.Table { return crc64.MakeTable(crc64.ECMA) })
