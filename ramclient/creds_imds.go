package ramclient

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// DefaultIMDSEndpoint is the ECS instance metadata service.
const DefaultIMDSEndpoint = "http://100.100.100.200"

type imdsCredentials struct {
	Code            string `json:"Code"`
	AccessKeyID     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret"`
	SecurityToken   string `json:"SecurityToken"`
	Expiration      string `json:"Expiration"`
}

// fetchIMDS gets an ECS instance's RAM role credentials from the metadata service at base
// ("" = DefaultIMDSEndpoint). An empty role name is looked up first. It asks for an IMDSv2 token
// and goes on without one when the service does not hand one out, unless v2Only.
func fetchIMDS(ctx context.Context, base, role string, v2Only bool) (Credentials, error) {
	if base == "" {
		base = DefaultIMDSEndpoint
	}
	base = strings.TrimRight(base, "/")
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	hc := &http.Client{Transport: &http.Transport{Proxy: nil}} // the IMDS is never proxied
	token := imdsToken(ctx, hc, base)
	if token == "" && v2Only {
		return Credentials{}, fmt.Errorf("instance metadata service: no IMDSv2 token, and IMDSv1 is disabled by ALIBABA_CLOUD_IMDSV1_DISABLED")
	}
	get := func(path string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			return nil, err
		}
		if token != "" {
			req.Header.Set("X-aliyun-ecs-metadata-token", token)
		}
		resp, err := hc.Do(req)
		if err != nil {
			return nil, fmt.Errorf("instance metadata service unreachable (not on ECS?): %v", err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("instance metadata service: %s for %s", resp.Status, path)
		}
		return body, nil
	}
	const prefix = "/latest/meta-data/ram/security-credentials/"
	if role == "" {
		body, err := get(prefix)
		if err != nil {
			return Credentials{}, err
		}
		role = strings.TrimSpace(strings.SplitN(string(body), "\n", 2)[0])
		if role == "" {
			return Credentials{}, fmt.Errorf("the instance has no RAM role attached")
		}
	}
	body, err := get(prefix + role)
	if err != nil {
		return Credentials{}, err
	}
	var ic imdsCredentials
	if err := json.Unmarshal(body, &ic); err != nil {
		return Credentials{}, fmt.Errorf("instance metadata service: role %q: %s", role, jsonErrorOnly(err))
	}
	if ic.Code != "" && ic.Code != "Success" {
		return Credentials{}, fmt.Errorf("instance metadata service: role %q: code %s", role, ic.Code)
	}
	if ic.AccessKeyID == "" || ic.AccessKeySecret == "" || ic.SecurityToken == "" {
		return Credentials{}, fmt.Errorf("instance metadata service: role %q: incomplete credentials", role)
	}
	c := Credentials{AccessKeyID: ic.AccessKeyID, AccessKeySecret: ic.AccessKeySecret, SecurityToken: ic.SecurityToken}
	if t, err := time.Parse(time.RFC3339, ic.Expiration); err == nil {
		c.Expiration = t.UTC()
	}
	return c, nil
}

// imdsToken asks for an IMDSv2 session token; "" when the service does not support it.
func imdsToken(ctx context.Context, hc *http.Client, base string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, base+"/latest/api/token", nil)
	if err != nil {
		return ""
	}
	req.Header.Set("X-aliyun-ecs-metadata-token-ttl-seconds", "21600")
	resp, err := hc.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return strings.TrimSpace(string(b))
}
