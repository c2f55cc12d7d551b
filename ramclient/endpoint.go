package ramclient

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// endpoint is where requests go: Domain is "" for the real service (the SDK picks
// ram.aliyuncs.com and sts.<region>.aliyuncs.com), else host[:port] for both RAM and STS.
type endpoint struct {
	Scheme string // "HTTPS" or "HTTP", as the SDK spells it
	Domain string
}

// parseEndpoint reads the --endpoint forms: "" (the real service over HTTPS), "host:port" (plain
// HTTP, like a local `ramtui sim`), or a URL with an http:// or https:// scheme.
func parseEndpoint(s string) (endpoint, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return endpoint{Scheme: "HTTPS"}, nil
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil {
			return endpoint{}, fmt.Errorf("endpoint %q: %v", s, err)
		}
		scheme := strings.ToUpper(u.Scheme)
		if scheme != "HTTP" && scheme != "HTTPS" {
			return endpoint{}, fmt.Errorf("endpoint %q: scheme must be http or https", s)
		}
		if u.Host == "" {
			return endpoint{}, fmt.Errorf("endpoint %q: no host", s)
		}
		if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return endpoint{}, fmt.Errorf("endpoint %q: give only scheme://host[:port]", s)
		}
		return endpoint{Scheme: scheme, Domain: u.Host}, nil
	}
	if strings.ContainsAny(s, "/?#@ ") {
		return endpoint{}, fmt.Errorf("endpoint %q: want host:port or a URL like https://host", s)
	}
	if _, _, err := net.SplitHostPort(s); err != nil {
		// A bare host: still plain HTTP (the local-server form), port 80.
		if strings.Contains(s, ":") && !strings.HasPrefix(s, "[") {
			return endpoint{}, fmt.Errorf("endpoint %q: %v", s, err)
		}
	}
	return endpoint{Scheme: "HTTP", Domain: s}, nil
}

func (e endpoint) String() string {
	if e.Domain == "" {
		return "https://ram.aliyuncs.com (and regional STS)"
	}
	return strings.ToLower(e.Scheme) + "://" + e.Domain
}

// isLoopbackHost reports whether host (with or without port) is this machine: such requests
// must never go through a proxy from the environment.
func isLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
