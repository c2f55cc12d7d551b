package oss

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"hash/crc64"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ramtui/ramtui/policy"
)

// operation is one OSS API the simulator serves.
type operation struct {
	name            string
	bucketMustExist bool
	run             func(s *Service, q *request) (response, *Error)
}

// unservedSubResources are query parameters naming sub-resources the simulator does not serve;
// a request with one is NotImplemented rather than silently treated as the plain operation.
var unservedSubResources = []string{
	"acl", "location", "stat", "delete", "append", "tagging", "objectMeta", "uploads", "uploadId",
	"partNumber", "restore", "versions", "versioning", "versionId", "symlink", "cors", "lifecycle",
	"logging", "website", "referer", "policy", "encryption", "worm", "replication", "inventory",
	"qos", "requestPayment", "x-oss-process", "regionList",
}

// route picks the operation from the method, the path and the query.
func route(method, bucket, key string, query url.Values) (operation, *Error) {
	// The read-only sub-resources clients ask for on their way (the aliyun CLI's cp and stat).
	switch {
	case bucket != "" && key == "" && method == http.MethodGet && query.Has("acl"):
		return operation{name: "GetBucketAcl", bucketMustExist: true, run: getBucketACL}, nil
	case key != "" && method == http.MethodGet && query.Has("acl"):
		return operation{name: "GetObjectAcl", bucketMustExist: true, run: getObjectACL}, nil
	case key != "" && method == http.MethodHead && query.Has("objectMeta"):
		return operation{name: "GetObjectMeta", bucketMustExist: true, run: headObject}, nil
	}
	for _, sub := range unservedSubResources {
		if query.Has(sub) {
			return operation{name: method + "?" + sub}, errNotImplemented // named for the log
		}
	}
	switch {
	case bucket == "" && method == http.MethodGet:
		return operation{name: "ListBuckets", run: listBuckets}, nil
	case bucket == "":
		return operation{}, errNotImplemented
	case key == "" && method == http.MethodPut:
		return operation{name: "PutBucket", run: putBucket}, nil
	case key == "" && method == http.MethodDelete:
		return operation{name: "DeleteBucket", bucketMustExist: true, run: deleteBucket}, nil
	case key == "" && method == http.MethodGet && query.Has("bucketInfo"):
		return operation{name: "GetBucketInfo", bucketMustExist: true, run: getBucketInfo}, nil
	case key == "" && method == http.MethodGet && query.Get("list-type") == "2":
		return operation{name: "ListObjectsV2", bucketMustExist: true, run: listObjectsV2}, nil
	case key == "" && method == http.MethodGet:
		return operation{name: "ListObjects", bucketMustExist: true, run: listObjectsV1}, nil
	case key == "":
		return operation{}, errNotImplemented
	case method == http.MethodPut:
		return operation{name: "PutObject", bucketMustExist: true, run: putObject}, nil
	case method == http.MethodGet:
		return operation{name: "GetObject", bucketMustExist: true, run: getObject}, nil
	case method == http.MethodHead:
		return operation{name: "HeadObject", bucketMustExist: true, run: headObject}, nil
	case method == http.MethodDelete:
		return operation{name: "DeleteObject", bucketMustExist: true, run: deleteObject}, nil
	}
	return operation{}, errNotImplemented
}

// validBucketName: 3-63 lower-case letters, digits and hyphens, no hyphen at either end.
func validBucketName(name string) *Error {
	ok := len(name) >= 3 && len(name) <= 63 && name[0] != '-' && name[len(name)-1] != '-'
	for i := 0; ok && i < len(name); i++ {
		c := name[i]
		ok = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-'
	}
	if !ok {
		e := newError(http.StatusBadRequest, "InvalidBucketName", "The specified bucket is not valid.")
		e.BucketName = name
		return e
	}
	return nil
}

// validObjectKey: 1-1023 bytes of UTF-8, not starting with "/" or "\" (the service's rules).
func validObjectKey(key string) *Error {
	if key == "" || len(key) > 1023 || !utf8.ValidString(key) || key[0] == '/' || key[0] == '\\' {
		e := newError(http.StatusBadRequest, "InvalidObjectName", "The specified object is not valid.")
		if utf8.ValidString(key) && len(key) <= 1023 {
			e.Key = key
		}
		return e
	}
	return nil
}

// Timestamps in XML bodies: ISO 8601 with milliseconds, as OSS writes them.
const xmlTime = "2006-01-02T15:04:05.000Z"

func marshalXML(v any) []byte {
	out, err := xml.Marshal(v)
	if err != nil { // only our own fixed types are marshalled
		panic(err)
	}
	return append([]byte(xml.Header), out...)
}

func xmlResponse(v any) response {
	return response{header: http.Header{"Content-Type": {"application/xml"}}, body: marshalXML(v)}
}

type owner struct {
	ID          string `xml:"ID"`
	DisplayName string `xml:"DisplayName"`
}

func (s *Service) owner() *owner { id := s.be.ID(); return &owner{ID: id, DisplayName: id} }

// --- buckets ---

type bucketXML struct {
	CreationDate     string `xml:"CreationDate"`
	ExtranetEndpoint string `xml:"ExtranetEndpoint"`
	IntranetEndpoint string `xml:"IntranetEndpoint"`
	Location         string `xml:"Location"`
	Name             string `xml:"Name"`
	Region           string `xml:"Region"`
	StorageClass     string `xml:"StorageClass"`
}

func listBuckets(s *Service, q *request) (response, *Error) {
	prefix, marker := q.query.Get("prefix"), q.query.Get("marker")
	max, oerr := maxKeys(q.query, "max-keys")
	if oerr != nil {
		return response{}, oerr
	}
	if oerr := s.authorize(q, "oss:ListBuckets", s.bucketARN("*"), nil); oerr != nil {
		return response{}, oerr
	}
	type result struct {
		XMLName     xml.Name    `xml:"ListAllMyBucketsResult"`
		Prefix      string      `xml:"Prefix,omitempty"`
		Marker      string      `xml:"Marker,omitempty"`
		MaxKeys     int         `xml:"MaxKeys,omitempty"`
		IsTruncated bool        `xml:"IsTruncated,omitempty"`
		NextMarker  string      `xml:"NextMarker,omitempty"`
		Owner       *owner      `xml:"Owner"`
		Buckets     []bucketXML `xml:"Buckets>Bucket"`
	}
	out := result{Prefix: prefix, Marker: marker, Owner: s.owner()}
	if q.query.Has("max-keys") {
		out.MaxKeys = max
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, name := range sortedNames(s.st.Buckets) {
		if !strings.HasPrefix(name, prefix) || name <= marker {
			continue
		}
		if len(out.Buckets) == max {
			out.IsTruncated, out.NextMarker = true, out.Buckets[max-1].Name
			break
		}
		b := s.st.Buckets[name]
		out.Buckets = append(out.Buckets, bucketXML{
			CreationDate: b.Created.UTC().Format(xmlTime), Location: "oss-" + b.Region, Name: b.Name,
			Region: b.Region, StorageClass: b.StorageClass,
			ExtranetEndpoint: "oss-" + b.Region + ".aliyuncs.com", IntranetEndpoint: "oss-" + b.Region + "-internal.aliyuncs.com",
		})
	}
	return xmlResponse(out), nil
}

// storageClass and cannedACL say whether OSS accepts a value (switches: no table built at start).
func storageClass(c string) bool {
	switch c {
	case "Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive":
		return true
	}
	return false
}

func cannedACL(acl string) bool {
	switch acl {
	case "private", "public-read", "public-read-write":
		return true
	}
	return false
}

func putBucket(s *Service, q *request) (response, *Error) {
	acl := q.r.Header.Get("x-oss-acl")
	if acl != "" && !cannedACL(acl) {
		return response{}, errInvalidArgument("no such bucket access control exists: " + acl)
	}
	body, oerr := readBody(q, 16<<10)
	if oerr != nil {
		return response{}, oerr
	}
	class := "" // Standard unless the body says otherwise
	if len(bytes.TrimSpace(body)) > 0 {
		var conf struct {
			StorageClass string `xml:"StorageClass"`
		}
		if err := xml.Unmarshal(body, &conf); err != nil {
			return response{}, newError(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.")
		}
		if conf.StorageClass != "" {
			if !storageClass(conf.StorageClass) {
				return response{}, errInvalidArgument("Unsupported storage class: " + conf.StorageClass)
			}
			class = conf.StorageClass
		}
	}
	if oerr := s.authorize(q, "oss:PutBucket", s.bucketARN(q.bucket), nil); oerr != nil {
		return response{}, oerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	created := response{header: http.Header{"Location": {"/" + q.bucket}}}
	if b := s.st.Buckets[q.bucket]; b != nil {
		return s.putOwnBucket(q, b, class, acl, created)
	}
	if len(s.st.Buckets) >= MaxBuckets {
		return response{}, errTooManyBuckets
	}
	if s.ns.claim(q.bucket, s) != s {
		return response{}, errBucketExists(q.bucket) // another account's
	}
	if class == "" {
		class = "Standard"
	}
	if acl == "" {
		acl = "private"
	}
	s.st.Buckets[q.bucket] = &bucket{Name: q.bucket, Region: s.region, StorageClass: class, ACL: acl,
		Created: s.clock().UTC().Truncate(time.Second), Objects: map[string]*object{}}
	if oerr := s.save(func() { delete(s.st.Buckets, q.bucket); s.ns.release(q.bucket, s) }); oerr != nil {
		return response{}, oerr
	}
	return created, nil
}

// putOwnBucket is PutBucket of a bucket the account has (s.mu held): the service documents that
// later calls change the bucket's settings. The simulator sets the ACL when one is given and
// refuses another storage class, as the service does ("Cannot modify existing bucket's storage
// class").
func (s *Service) putOwnBucket(q *request, b *bucket, class, acl string, ok response) (response, *Error) {
	if class != "" && class != b.StorageClass {
		e := errBucketExists(q.bucket)
		e.Message = "Cannot modify existing bucket's storage class."
		return response{}, e
	}
	if acl == "" || acl == b.ACL {
		return ok, nil
	}
	old := b.ACL
	b.ACL = acl
	if oerr := s.save(func() { b.ACL = old }); oerr != nil {
		return response{}, oerr
	}
	return ok, nil
}

func deleteBucket(s *Service, q *request) (response, *Error) {
	if oerr := s.authorize(q, "oss:DeleteBucket", s.bucketARN(q.bucket), nil); oerr != nil {
		return response{}, oerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.st.Buckets[q.bucket]
	if b == nil {
		return response{}, errNoSuchBucket(q.bucket)
	}
	if len(b.Objects) > 0 {
		return response{}, errBucketNotEmpty(q.bucket)
	}
	delete(s.st.Buckets, q.bucket)
	if oerr := s.save(func() { s.st.Buckets[q.bucket] = b }); oerr != nil {
		return response{}, oerr
	}
	s.ns.release(q.bucket, s) // the name is free for any account
	return response{status: http.StatusNoContent}, nil
}

func getBucketInfo(s *Service, q *request) (response, *Error) {
	if oerr := s.authorize(q, "oss:GetBucketInfo", s.bucketARN(q.bucket), nil); oerr != nil {
		return response{}, oerr
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b := s.st.Buckets[q.bucket]
	if b == nil {
		return response{}, errNoSuchBucket(q.bucket)
	}
	type info struct {
		AccessMonitor          string `xml:"AccessMonitor"`
		CreationDate           string `xml:"CreationDate"`
		ExtranetEndpoint       string `xml:"ExtranetEndpoint"`
		IntranetEndpoint       string `xml:"IntranetEndpoint"`
		Location               string `xml:"Location"`
		StorageClass           string `xml:"StorageClass"`
		TransferAcceleration   string `xml:"TransferAcceleration"`
		CrossRegionReplication string `xml:"CrossRegionReplication"`
		DataRedundancyType     string `xml:"DataRedundancyType"`
		Name                   string `xml:"Name"`
		Owner                  *owner `xml:"Owner"`
		ACL                    string `xml:"AccessControlList>Grant"`
		SSEAlgorithm           string `xml:"ServerSideEncryptionRule>SSEAlgorithm"`
		Versioning             string `xml:"Versioning,omitempty"`
	}
	type result struct {
		XMLName xml.Name `xml:"BucketInfo"`
		Bucket  info     `xml:"Bucket"`
	}
	return xmlResponse(result{Bucket: info{
		AccessMonitor: "Disabled", CreationDate: b.Created.UTC().Format(xmlTime),
		ExtranetEndpoint: "oss-" + b.Region + ".aliyuncs.com", IntranetEndpoint: "oss-" + b.Region + "-internal.aliyuncs.com",
		Location: "oss-" + b.Region, StorageClass: b.StorageClass, TransferAcceleration: "Disabled",
		CrossRegionReplication: "Disabled", DataRedundancyType: "LRS", Name: b.Name, Owner: s.owner(),
		ACL: b.ACL, SSEAlgorithm: "None",
	}}), nil
}

// aclXML is an AccessControlPolicy (GetBucketAcl, GetObjectAcl).
type aclXML struct {
	XMLName xml.Name `xml:"AccessControlPolicy"`
	Owner   *owner   `xml:"Owner"`
	Grant   string   `xml:"AccessControlList>Grant"`
}

func getBucketACL(s *Service, q *request) (response, *Error) {
	if oerr := s.authorize(q, "oss:GetBucketAcl", s.bucketARN(q.bucket), nil); oerr != nil {
		return response{}, oerr
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b := s.st.Buckets[q.bucket]
	if b == nil {
		return response{}, errNoSuchBucket(q.bucket)
	}
	return xmlResponse(aclXML{Owner: s.owner(), Grant: b.ACL}), nil
}

// getObjectACL: objects have no ACL of their own in the simulator ("default": the bucket's).
func getObjectACL(s *Service, q *request) (response, *Error) {
	if oerr := s.authorize(q, "oss:GetObjectAcl", s.objectARN(q), nil); oerr != nil {
		return response{}, oerr
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b := s.st.Buckets[q.bucket]
	if b == nil {
		return response{}, errNoSuchBucket(q.bucket)
	}
	if b.Objects[q.key] == nil {
		return response{}, errNoSuchKey(q.key)
	}
	return xmlResponse(aclXML{Owner: s.owner(), Grant: "default"}), nil
}

// --- listing ---

type contentXML struct {
	Key          string `xml:"Key"`
	LastModified string `xml:"LastModified"`
	ETag         string `xml:"ETag"`
	Type         string `xml:"Type"`
	Size         int    `xml:"Size"`
	StorageClass string `xml:"StorageClass"`
	Owner        *owner `xml:"Owner,omitempty"`
}

type prefixXML struct {
	Prefix string `xml:"Prefix"`
}

// listParams are the parameters both list APIs share, validated and authorized.
type listParams struct {
	prefix, delimiter string
	max               int
	encode            func(string) string
}

func (s *Service) listParams(q *request) (listParams, *Error) {
	p := listParams{prefix: q.query.Get("prefix"), delimiter: q.query.Get("delimiter"), encode: func(v string) string { return v }}
	var oerr *Error
	if p.max, oerr = maxKeys(q.query, "max-keys"); oerr != nil {
		return p, oerr
	}
	if len(p.prefix) > 1023 || len(p.delimiter) > 1023 {
		return p, errInvalidArgument("prefix and delimiter must be at most 1023 bytes.")
	}
	switch et := q.query.Get("encoding-type"); et {
	case "":
	case "url":
		p.encode = url.QueryEscape
	default:
		return p, errInvalidArgument("encoding-type must be url.")
	}
	ctx := policy.Context{"oss:Prefix": {p.prefix}, "oss:Delimiter": {p.delimiter}}
	return p, s.authorize(q, "oss:ListObjects", s.bucketARN(q.bucket), ctx)
}

// page lists one page of a bucket (under the read lock) into Contents and CommonPrefixes.
func (s *Service) page(q *request, p listParams, after string, fetchOwner bool) ([]contentXML, []prefixXML, listing, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b := s.st.Buckets[q.bucket]
	if b == nil {
		return nil, nil, listing{}, errNoSuchBucket(q.bucket)
	}
	l := b.list(p.prefix, p.delimiter, after, p.max)
	contents := make([]contentXML, 0, len(l.keys))
	for _, k := range l.keys {
		o := b.Objects[k]
		c := contentXML{Key: p.encode(k), LastModified: o.Modified.UTC().Format(xmlTime), ETag: o.ETag,
			Type: "Normal", Size: len(o.Data), StorageClass: b.StorageClass}
		if fetchOwner {
			c.Owner = s.owner()
		}
		contents = append(contents, c)
	}
	prefixes := make([]prefixXML, 0, len(l.prefixes))
	for _, pr := range l.prefixes {
		prefixes = append(prefixes, prefixXML{p.encode(pr)})
	}
	return contents, prefixes, l, nil
}

func encodingType(q *request) string { return q.query.Get("encoding-type") }

func listObjectsV1(s *Service, q *request) (response, *Error) {
	p, oerr := s.listParams(q)
	if oerr != nil {
		return response{}, oerr
	}
	marker := q.query.Get("marker")
	contents, prefixes, l, oerr := s.page(q, p, marker, true)
	if oerr != nil {
		return response{}, oerr
	}
	type result struct {
		XMLName        xml.Name     `xml:"ListBucketResult"`
		Name           string       `xml:"Name"`
		Prefix         string       `xml:"Prefix"`
		Marker         string       `xml:"Marker"`
		MaxKeys        int          `xml:"MaxKeys"`
		Delimiter      string       `xml:"Delimiter"`
		EncodingType   string       `xml:"EncodingType,omitempty"`
		IsTruncated    bool         `xml:"IsTruncated"`
		NextMarker     string       `xml:"NextMarker,omitempty"`
		Contents       []contentXML `xml:"Contents"`
		CommonPrefixes []prefixXML  `xml:"CommonPrefixes"`
	}
	out := result{Name: q.bucket, Prefix: p.encode(p.prefix), Marker: p.encode(marker), MaxKeys: p.max,
		Delimiter: p.encode(p.delimiter), EncodingType: encodingType(q), IsTruncated: l.truncated,
		Contents: contents, CommonPrefixes: prefixes}
	if l.truncated {
		out.NextMarker = p.encode(l.next)
	}
	return xmlResponse(out), nil
}

func listObjectsV2(s *Service, q *request) (response, *Error) {
	p, oerr := s.listParams(q)
	if oerr != nil {
		return response{}, oerr
	}
	token, startAfter := q.query.Get("continuation-token"), q.query.Get("start-after")
	after := startAfter
	if q.query.Has("continuation-token") {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || !utf8.Valid(raw) {
			return response{}, errInvalidArgument("The continuation token provided is incorrect.")
		}
		after = string(raw)
	}
	contents, prefixes, l, oerr := s.page(q, p, after, q.query.Get("fetch-owner") == "true")
	if oerr != nil {
		return response{}, oerr
	}
	type result struct {
		XMLName               xml.Name     `xml:"ListBucketResult"`
		Name                  string       `xml:"Name"`
		Prefix                string       `xml:"Prefix"`
		StartAfter            string       `xml:"StartAfter,omitempty"`
		ContinuationToken     string       `xml:"ContinuationToken,omitempty"`
		MaxKeys               int          `xml:"MaxKeys"`
		Delimiter             string       `xml:"Delimiter"`
		EncodingType          string       `xml:"EncodingType,omitempty"`
		IsTruncated           bool         `xml:"IsTruncated"`
		NextContinuationToken string       `xml:"NextContinuationToken,omitempty"`
		KeyCount              int          `xml:"KeyCount"`
		Contents              []contentXML `xml:"Contents"`
		CommonPrefixes        []prefixXML  `xml:"CommonPrefixes"`
	}
	out := result{Name: q.bucket, Prefix: p.encode(p.prefix), StartAfter: p.encode(startAfter),
		ContinuationToken: p.encode(token), MaxKeys: p.max, Delimiter: p.encode(p.delimiter),
		EncodingType: encodingType(q), IsTruncated: l.truncated, KeyCount: len(contents) + len(prefixes),
		Contents: contents, CommonPrefixes: prefixes}
	if l.truncated {
		out.NextContinuationToken = p.encode(base64.RawURLEncoding.EncodeToString([]byte(l.next)))
	}
	return xmlResponse(out), nil
}

// maxKeys reads a max-keys parameter: 1-1000, default 100.
func maxKeys(query url.Values, name string) (int, *Error) {
	if !query.Has(name) {
		return 100, nil
	}
	n, err := strconv.Atoi(query.Get(name))
	if err != nil || n < 1 || n > 1000 {
		return 0, errInvalidArgument("Argument " + name + " must be an integer from 1 to 1000.")
	}
	return n, nil
}

// --- objects ---

func (s *Service) objectARN(q *request) string { return s.bucketARN(q.bucket + "/" + q.key) }

// maxMetaBytes caps the x-oss-meta-* headers of one object (the service's limit is 8 KB).
const maxMetaBytes = 8 << 10

func putObject(s *Service, q *request) (response, *Error) {
	h := q.r.Header
	meta := map[string]string{}
	metaBytes := 0
	for k, v := range h {
		low := strings.ToLower(k)
		if name, ok := strings.CutPrefix(low, "x-oss-meta-"); ok && len(v) > 0 {
			meta[name] = v[0]
			metaBytes += len(name) + len(v[0])
		}
	}
	if metaBytes > maxMetaBytes {
		return response{}, newError(http.StatusBadRequest, "InvalidArgument", "The user metadata of an object must be at most 8 KB.")
	}
	var wantMD5 []byte
	if v := h.Get("Content-MD5"); v != "" {
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(b) != md5.Size {
			return response{}, errBadDigest
		}
		wantMD5 = b
	}
	if oerr := s.authorize(q, "oss:PutObject", s.objectARN(q), nil); oerr != nil {
		return response{}, oerr
	}
	data, oerr := readBody(q, MaxObjectBytes)
	if oerr != nil {
		return response{}, oerr
	}
	sum := md5.Sum(data)
	if wantMD5 != nil && !bytes.Equal(wantMD5, sum[:]) {
		return response{}, errDigestMismatch
	}
	if v := h.Get("x-oss-content-sha256"); v != "" && v != "UNSIGNED-PAYLOAD" {
		got := sha256.Sum256(data)
		if !strings.EqualFold(v, hex.EncodeToString(got[:])) {
			return response{}, errContentSHA256
		}
	}
	ctype := h.Get("Content-Type")
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	o := &object{Data: data, ContentType: ctype, ETag: etagOf(sum), CRC64: crc64.Checksum(data, crcTable()),
		Modified: s.clock().UTC().Truncate(time.Second)}
	if len(meta) > 0 {
		o.Meta = meta
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.st.Buckets[q.bucket]
	if b == nil {
		return response{}, errNoSuchBucket(q.bucket)
	}
	old := b.Objects[q.key]
	if old != nil && strings.EqualFold(h.Get("x-oss-forbid-overwrite"), "true") {
		e := newError(http.StatusConflict, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.")
		e.Key = q.key
		return response{}, e
	}
	oldBytes, oldCount := 0, 0
	if old != nil {
		oldBytes, oldCount = len(old.Data), 1
	}
	if s.st.bytes-oldBytes+len(data) > MaxTotalBytes || s.st.objects-oldCount+1 > MaxObjects {
		return response{}, errStoreFull
	}
	if oerr := s.save(s.st.put(b, q.key, o)); oerr != nil {
		return response{}, oerr
	}
	return response{header: http.Header{
		"Etag":                  {o.ETag},
		"Content-Md5":           {base64.StdEncoding.EncodeToString(sum[:])},
		"X-Oss-Hash-Crc64ecma":  {strconv.FormatUint(o.CRC64, 10)},
		"X-Oss-Object-Type":     {"Normal"},
		"X-Oss-Storage-Class":   {b.StorageClass},
		"X-Oss-Bucket-Location": {"oss-" + b.Region},
	}}, nil
}

// readBody reads a request body of at most max bytes.
func readBody(q *request, max int) ([]byte, *Error) {
	if q.r.ContentLength > int64(max) {
		return nil, errTooLarge
	}
	if q.r.Body == nil {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(q.r.Body, int64(max)+1))
	if err != nil {
		return nil, newError(http.StatusBadRequest, "IncompleteBody", "The request body could not be read: "+err.Error())
	}
	if len(data) > max {
		return nil, errTooLarge
	}
	return data, nil
}

// lookObject authorizes oss:GetObject and returns the object (GetObject and HeadObject).
func (s *Service) lookObject(q *request) (*object, string, *Error) {
	if oerr := s.authorize(q, "oss:GetObject", s.objectARN(q), nil); oerr != nil {
		return nil, "", oerr
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b := s.st.Buckets[q.bucket]
	if b == nil {
		return nil, "", errNoSuchBucket(q.bucket)
	}
	o := b.Objects[q.key]
	if o == nil {
		return nil, "", errNoSuchKey(q.key)
	}
	return o, b.StorageClass, nil // objects are never changed in place: o is safe to read unlocked
}

func objectHeader(o *object, class string) http.Header {
	h := http.Header{
		"Content-Type":         {o.ContentType},
		"Content-Length":       {strconv.Itoa(len(o.Data))},
		"Etag":                 {o.ETag},
		"Last-Modified":        {o.Modified.UTC().Format(http.TimeFormat)},
		"X-Oss-Object-Type":    {"Normal"},
		"X-Oss-Storage-Class":  {class},
		"X-Oss-Hash-Crc64ecma": {strconv.FormatUint(o.CRC64, 10)},
	}
	for k, v := range o.Meta {
		h["X-Oss-Meta-"+k] = []string{v}
	}
	return h
}

func getObject(s *Service, q *request) (response, *Error) {
	o, class, oerr := s.lookObject(q)
	if oerr != nil {
		return response{}, oerr
	}
	h := objectHeader(o, class)
	for param, header := range map[string]string{"response-content-type": "Content-Type",
		"response-content-disposition": "Content-Disposition", "response-cache-control": "Cache-Control",
		"response-content-language": "Content-Language", "response-content-encoding": "Content-Encoding",
		"response-expires": "Expires"} {
		if v := q.query.Get(param); v != "" {
			h.Set(header, v)
		}
	}
	return response{header: h, body: o.Data}, nil
}

func headObject(s *Service, q *request) (response, *Error) {
	o, class, oerr := s.lookObject(q)
	if oerr != nil {
		return response{}, oerr
	}
	return response{header: objectHeader(o, class)}, nil
}

func deleteObject(s *Service, q *request) (response, *Error) {
	if oerr := s.authorize(q, "oss:DeleteObject", s.objectARN(q), nil); oerr != nil {
		return response{}, oerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.st.Buckets[q.bucket]
	if b == nil {
		return response{}, errNoSuchBucket(q.bucket)
	}
	if b.Objects[q.key] != nil { // deleting a missing object succeeds, as in the service
		if oerr := s.save(s.st.remove(b, q.key)); oerr != nil {
			return response{}, oerr
		}
	}
	return response{status: http.StatusNoContent}, nil
}

func sortedNames(m map[string]*bucket) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
