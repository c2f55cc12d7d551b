package access

import (
	"fmt"
	"net"
	"sort"
	"strings"
	"time"

	"github.com/ramtui/ramtui/policy"
)

// ContextKeys are the condition keys a simulation commonly sets, with what their values look
// like (for completion and help).
var ContextKeys = []struct{ Key, Example string }{
	{"acs:SourceIp", "192.0.2.10 (the caller's IP address)"},
	{"acs:CurrentTime", "2026-12-01T09:00:00Z (RFC 3339)"},
	{"acs:SecureTransport", "true (the request came over HTTPS)"},
	{"acs:MFAPresent", "true (the caller signed in with MFA)"},
	{"oss:Prefix", "dir111/ (ListObjects: the prefix listed)"},
	{"oss:Delimiter", "/ (ListObjects: the delimiter)"},
	{"sts:ExternalId", "fin-export-2024 (AssumeRole: the ExternalId sent)"},
}

// ParseContext reads "key=value" pairs into a condition context. A key given twice collects
// both values. Values of the well-known acs: keys are checked (an IP address, an RFC 3339 time,
// true/false), so a typo is an error here instead of a silent "does not match" later.
func ParseContext(pairs []string) (policy.Context, error) {
	ctx := policy.Context{}
	for _, kv := range pairs {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("context %q: expected key=value, e.g. acs:SourceIp=192.0.2.10", kv)
		}
		svc, name, ok := strings.Cut(k, ":")
		if !ok || svc == "" || name == "" || strings.ContainsAny(k, " \t=") {
			return nil, fmt.Errorf("context key %q: expected service:Name, e.g. acs:SourceIp or oss:Prefix", k)
		}
		if err := checkContextValue(k, v); err != nil {
			return nil, fmt.Errorf("context %s: %w", k, err)
		}
		// One spelling per key, the first seen: the engine matches keys case-insensitively.
		for have := range ctx {
			if strings.EqualFold(have, k) {
				k = have
			}
		}
		ctx[k] = append(ctx[k], v)
	}
	return ctx, nil
}

func checkContextValue(key, v string) error {
	switch strings.ToLower(key) {
	case "acs:sourceip":
		if net.ParseIP(v) == nil {
			return fmt.Errorf("%q is not an IP address", v)
		}
	case "acs:currenttime":
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return fmt.Errorf("%q is not an RFC 3339 time such as 2026-12-01T09:00:00Z", v)
		}
	case "acs:securetransport", "acs:mfapresent":
		if v != "true" && v != "false" {
			return fmt.Errorf("%q: expected true or false", v)
		}
	}
	return nil
}

// FormatContext is the context as sorted "k=v" pairs, for printing.
func FormatContext(ctx policy.Context) []string {
	var out []string
	for k, vs := range ctx {
		for _, v := range vs {
			out = append(out, k+"="+v)
		}
	}
	sort.Strings(out)
	return out
}
