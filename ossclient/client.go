// Package ossclient makes the few OSS calls ramtui needs (list, put, get, head, delete) with a
// given credential set, against the simulator (`ramtui sim`, path-style over plain HTTP) or a
// real OSS endpoint. It is the only package that imports the OSS SDK
// (github.com/aliyun/alibabacloud-oss-go-sdk-v2), as ramclient is for RAM and STS; its first
// user is the grant's live verification, which makes each probe as a real request and needs the
// OSS error code and RequestId of each answer.
package ossclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	osscred "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"

	"github.com/ramtui/ramtui/policy"
)

// Credentials are an AccessKey pair, with the SecurityToken of an STS session when it is one.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
}

// Config says where and as whom to call.
type Config struct {
	// Endpoint: "" for the region's public endpoint (https://oss-<Region>.aliyuncs.com);
	// "host:port" for plain HTTP (the simulator); or a URL with an http:// or https:// scheme.
	// Requests are path-style (/bucket/key) except on *.aliyuncs.com, where the service wants
	// virtual-hosted ones (bucket.oss-<region>.aliyuncs.com/key).
	Endpoint string
	// Region, e.g. cn-hangzhou: the public endpoint, and the V4 signing scope. Default
	// cn-hangzhou.
	Region      string
	Credentials Credentials
	// SignatureV1 signs with the older "OSS AK:signature" scheme instead of V4.
	SignatureV1 bool
	// Timeout bounds each call (connecting included); default 30 s.
	Timeout time.Duration
}

// Client calls OSS. It is safe for concurrent use.
type Client struct {
	c        *oss.Client
	endpoint string // for messages: scheme://host
	timeout  time.Duration
}

// New checks the configuration and builds a client; nothing is sent yet.
func New(cfg Config) (*Client, error) {
	region := cfg.Region
	if region == "" {
		region = "cn-hangzhou"
	}
	if !validRegion(region) {
		return nil, invalid("New", "region", "a region id is lower-case letters, digits and hyphens, such as cn-hangzhou; got %q", region)
	}
	cr := cfg.Credentials
	if cr.AccessKeyID == "" || cr.AccessKeySecret == "" {
		return nil, invalid("New", "credentials", "an AccessKey id and secret are needed")
	}
	endpoint, pathStyle, err := parseEndpoint(cfg.Endpoint, region)
	if err != nil {
		return nil, invalid("New", "endpoint", "%v", err)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	version := oss.SignatureVersionV4
	if cfg.SignatureV1 {
		version = oss.SignatureVersionV1
	}
	// NewConfig, not LoadDefaultConfig: nothing from the environment (OSS_SDK_LOG_LEVEL would
	// log requests).
	c := oss.NewConfig().
		WithCredentialsProvider(osscred.NewStaticCredentialsProvider(cr.AccessKeyID, cr.AccessKeySecret, cr.SecurityToken)).
		WithRegion(region).
		WithEndpoint(endpoint).
		WithUsePathStyle(pathStyle).
		WithSignatureVersion(version).
		WithConnectTimeout(timeout).
		WithReadWriteTimeout(timeout).
		WithUserAgent("ramtui")
	return &Client{c: oss.NewClient(c), endpoint: endpoint, timeout: timeout}, nil
}

// Endpoint is where the client sends requests (scheme://host[:port]).
func (c *Client) Endpoint() string { return c.endpoint }

// parseEndpoint returns the SDK's endpoint URL and whether to use path-style requests.
func parseEndpoint(s, region string) (string, bool, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "https://oss-" + region + ".aliyuncs.com", false, nil
	}
	scheme := "http"
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil {
			return "", false, fmt.Errorf("%q: %v", s, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return "", false, fmt.Errorf("%q: the scheme must be http or https", s)
		}
		if u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return "", false, fmt.Errorf("%q: give only scheme://host[:port]", s)
		}
		scheme, s = u.Scheme, u.Host
	} else if strings.ContainsAny(s, "/?#@ ") {
		return "", false, fmt.Errorf("%q: want host:port or a URL such as https://oss-cn-hangzhou.aliyuncs.com", s)
	}
	host := s
	if h, _, err := net.SplitHostPort(s); err == nil {
		host = h
	}
	pathStyle := !strings.HasSuffix(strings.ToLower(host), ".aliyuncs.com")
	return scheme + "://" + s, pathStyle, nil
}

func validRegion(r string) bool {
	if len(r) < 2 || len(r) > 40 {
		return false
	}
	for _, c := range r {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// validKey: 1-1023 bytes of UTF-8, not starting with "/" or "\" (the service's rules).
func validKey(op, key string) error {
	if key == "" || len(key) > 1023 || !utf8Valid(key) || key[0] == '/' || key[0] == '\\' {
		return invalid(op, "key", "an object key is 1 to 1023 bytes of UTF-8 and does not start with / or \\")
	}
	return nil
}

func validBucket(op, bucket string) error {
	if err := policy.ValidateBucket(bucket); err != nil {
		return invalid(op, "bucket", "%v", err)
	}
	return nil
}

// Object is one listed object.
type Object struct {
	Key          string
	Size         int64
	ETag         string
	LastModified time.Time
}

// Listing is one page of a bucket listing.
type Listing struct {
	Objects  []Object
	Prefixes []string // CommonPrefixes (with a delimiter)
	// Next continues the listing when Truncated (pass it as ListOptions.ContinuationToken).
	Next      string
	Truncated bool
	RequestID string
}

// ListOptions narrow a listing.
type ListOptions struct {
	Prefix, Delimiter string
	MaxKeys           int // 1-1000; 0 means the service's default (100)
	ContinuationToken string
}

// List lists one page of bucket (ListObjectsV2; the permission is oss:ListObjects, with
// oss:Prefix and oss:Delimiter taken from the options).
func (c *Client) List(ctx context.Context, bucket string, o ListOptions) (*Listing, error) {
	const op = "ListObjects"
	if err := validBucket(op, bucket); err != nil {
		return nil, err
	}
	if o.MaxKeys < 0 || o.MaxKeys > 1000 {
		return nil, invalid(op, "max keys", "from 1 to 1000, got %d", o.MaxKeys)
	}
	req := &oss.ListObjectsV2Request{Bucket: &bucket, MaxKeys: int32(o.MaxKeys)}
	if o.Prefix != "" {
		req.Prefix = &o.Prefix
	}
	if o.Delimiter != "" {
		req.Delimiter = &o.Delimiter
	}
	if o.ContinuationToken != "" {
		req.ContinuationToken = &o.ContinuationToken
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	out, err := c.c.ListObjectsV2(ctx, req)
	if err != nil {
		return nil, wrap(op, err)
	}
	l := &Listing{Truncated: out.IsTruncated, Next: oss.ToString(out.NextContinuationToken), RequestID: out.Headers.Get("x-oss-request-id")}
	for _, obj := range out.Contents {
		l.Objects = append(l.Objects, Object{Key: oss.ToString(obj.Key), Size: obj.Size, ETag: oss.ToString(obj.ETag),
			LastModified: oss.ToTime(obj.LastModified)})
	}
	for _, p := range out.CommonPrefixes {
		l.Prefixes = append(l.Prefixes, oss.ToString(p.Prefix))
	}
	return l, nil
}

// Bucket is one of the account's buckets.
type Bucket struct {
	Name, Region string
}

// Buckets lists the account's buckets (oss:ListBuckets): the first page, up to max (1 to
// 1000), in name order. On the real OSS it lists every region's buckets.
func (c *Client) Buckets(ctx context.Context, max int) ([]Bucket, error) {
	return c.listBuckets(ctx, "", max)
}

// FindBucket looks for the account's bucket named name with one ListBuckets of the names that
// start with it (oss:ListBuckets): a short page wherever the bucket is, as ListBuckets lists
// every region's buckets, and the bucket's region with it. found is false when the account has
// no bucket of that name: it does not exist, or it is another account's.
func (c *Client) FindBucket(ctx context.Context, name string) (b Bucket, found bool, err error) {
	if err := validBucket("ListBuckets", name); err != nil {
		return Bucket{}, false, err
	}
	// The name itself comes first in name order among the names it starts; a few more in case
	// an answer is not sorted.
	bs, err := c.listBuckets(ctx, name, 10)
	if err != nil {
		return Bucket{}, false, err
	}
	for _, b := range bs {
		if b.Name == name {
			return b, true, nil
		}
	}
	return Bucket{}, false, nil
}

func (c *Client) listBuckets(ctx context.Context, prefix string, max int) ([]Bucket, error) {
	const op = "ListBuckets"
	if max < 1 || max > 1000 {
		return nil, invalid(op, "max keys", "from 1 to 1000, got %d", max)
	}
	req := &oss.ListBucketsRequest{MaxKeys: int32(max)}
	if prefix != "" {
		req.Prefix = &prefix
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	out, err := c.c.ListBuckets(ctx, req)
	if err != nil {
		return nil, wrap(op, err)
	}
	var bs []Bucket
	for _, b := range out.Buckets {
		region := oss.ToString(b.Region)
		if region == "" {
			region = strings.TrimPrefix(oss.ToString(b.Location), "oss-")
		}
		bs = append(bs, Bucket{Name: oss.ToString(b.Name), Region: region})
	}
	return bs, nil
}

// CreateBucket makes bucket (oss:PutBucket) in the client's region: for tests and for
// setting up the simulator; ramtui itself never makes a bucket.
func (c *Client) CreateBucket(ctx context.Context, bucket string) error {
	const op = "PutBucket"
	if err := validBucket(op, bucket); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if _, err := c.c.PutBucket(ctx, &oss.PutBucketRequest{Bucket: &bucket}); err != nil {
		return wrap(op, err)
	}
	return nil
}

// Put writes body to bucket/key (oss:PutObject) and returns the RequestId.
func (c *Client) Put(ctx context.Context, bucket, key string, body []byte, contentType string) (requestID string, err error) {
	const op = "PutObject"
	if err := validBucket(op, bucket); err != nil {
		return "", err
	}
	if err := validKey(op, key); err != nil {
		return "", err
	}
	req := &oss.PutObjectRequest{Bucket: &bucket, Key: &key, Body: bytes.NewReader(body)}
	if contentType != "" {
		req.ContentType = &contentType
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	out, err := c.c.PutObject(ctx, req)
	if err != nil {
		return "", wrap(op, err)
	}
	return out.Headers.Get("x-oss-request-id"), nil
}

// ErrTooLarge is returned by Get when the object is larger than the limit asked for.
var ErrTooLarge = errors.New("ossclient: object larger than the limit")

// Get reads bucket/key (oss:GetObject), at most max bytes (objects from outside are bounded
// before they are read; a larger one is ErrTooLarge).
func (c *Client) Get(ctx context.Context, bucket, key string, max int64) (data []byte, requestID string, err error) {
	const op = "GetObject"
	if err := validBucket(op, bucket); err != nil {
		return nil, "", err
	}
	if err := validKey(op, key); err != nil {
		return nil, "", err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	out, err := c.c.GetObject(ctx, &oss.GetObjectRequest{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil, "", wrap(op, err)
	}
	defer out.Body.Close()
	requestID = out.Headers.Get("x-oss-request-id")
	if out.ContentLength > max {
		return nil, requestID, &Error{Op: op, Message: fmt.Sprintf("the object has %d bytes, more than the %d asked for", out.ContentLength, max), RequestID: requestID, Err: ErrTooLarge}
	}
	data, err = io.ReadAll(io.LimitReader(out.Body, max+1))
	if err != nil {
		return nil, requestID, wrap(op, err)
	}
	if int64(len(data)) > max {
		return nil, requestID, &Error{Op: op, Message: fmt.Sprintf("the object has more than the %d bytes asked for", max), RequestID: requestID, Err: ErrTooLarge}
	}
	return data, requestID, nil
}

// ObjectInfo is what HeadObject tells.
type ObjectInfo struct {
	Size         int64
	ETag         string
	ContentType  string
	LastModified time.Time
	RequestID    string
}

// Head reads bucket/key's metadata (oss:GetObject).
func (c *Client) Head(ctx context.Context, bucket, key string) (*ObjectInfo, error) {
	const op = "HeadObject"
	if err := validBucket(op, bucket); err != nil {
		return nil, err
	}
	if err := validKey(op, key); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	out, err := c.c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil, wrap(op, err)
	}
	return &ObjectInfo{Size: out.ContentLength, ETag: oss.ToString(out.ETag), ContentType: oss.ToString(out.ContentType),
		LastModified: oss.ToTime(out.LastModified), RequestID: out.Headers.Get("x-oss-request-id")}, nil
}

// Delete removes bucket/key (oss:DeleteObject). Deleting a missing object succeeds, as in OSS.
func (c *Client) Delete(ctx context.Context, bucket, key string) (requestID string, err error) {
	const op = "DeleteObject"
	if err := validBucket(op, bucket); err != nil {
		return "", err
	}
	if err := validKey(op, key); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	out, err := c.c.DeleteObject(ctx, &oss.DeleteObjectRequest{Bucket: &bucket, Key: &key})
	if err != nil {
		return "", wrap(op, err)
	}
	return out.Headers.Get("x-oss-request-id"), nil
}
