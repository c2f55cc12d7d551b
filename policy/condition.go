package policy

import (
	"math"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// opFamily groups condition operators by how values are compared.
type opFamily uint8

const (
	famString opFamily = iota
	famStringFold
	famStringLike
	famNumeric
	famDate
	famBool
	famIP
)

// cmp says which comparison a Numeric*/Date* operator makes.
type cmp uint8

const (
	cmpEq cmp = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

type opSpec struct {
	fam opFamily
	cmp cmp
	neg bool // the negated operators: true when the positive form is false (or the key is missing)
}

// operators are the condition operators by name, made on first use (a command that reads no
// policy builds no table).
var operators = sync.OnceValue(func() map[string]opSpec {
	return map[string]opSpec{
		"StringEquals":              {fam: famString},
		"StringNotEquals":           {fam: famString, neg: true},
		"StringEqualsIgnoreCase":    {fam: famStringFold},
		"StringNotEqualsIgnoreCase": {fam: famStringFold, neg: true},
		"StringLike":                {fam: famStringLike},
		"StringNotLike":             {fam: famStringLike, neg: true},
		"NumericEquals":             {fam: famNumeric},
		"NumericNotEquals":          {fam: famNumeric, neg: true},
		"NumericLessThan":           {fam: famNumeric, cmp: cmpLt},
		"NumericLessThanEquals":     {fam: famNumeric, cmp: cmpLe},
		"NumericGreaterThan":        {fam: famNumeric, cmp: cmpGt},
		"NumericGreaterThanEquals":  {fam: famNumeric, cmp: cmpGe},
		"DateEquals":                {fam: famDate},
		"DateNotEquals":             {fam: famDate, neg: true},
		"DateLessThan":              {fam: famDate, cmp: cmpLt},
		"DateLessThanEquals":        {fam: famDate, cmp: cmpLe},
		"DateGreaterThan":           {fam: famDate, cmp: cmpGt},
		"DateGreaterThanEquals":     {fam: famDate, cmp: cmpGe},
		"Bool":                      {fam: famBool},
		"IpAddress":                 {fam: famIP},
		"NotIpAddress":              {fam: famIP, neg: true},
	}
})

// checkValue validates one policy value for the operator ("" when fine).
func (o opSpec) checkValue(v string) string {
	switch o.fam {
	case famNumeric:
		if _, ok := parseNumber(v); !ok {
			return "invalid number " + strconv.Quote(v) + `; expected a decimal number such as "10" or "2.5"`
		}
	case famDate:
		if _, ok := parseDate(v); !ok {
			return "invalid date " + strconv.Quote(v) + `; expected ISO 8601 "2026-01-02T15:04:05Z" (or with an offset, or "2026-01-02"), or epoch seconds (9 to 12 digits)`
		}
	case famBool:
		if _, ok := parseBool(v); !ok {
			return "invalid boolean " + strconv.Quote(v) + `; expected "true" or "false"`
		}
	case famIP:
		if _, ok := parsePrefix(v); !ok {
			return "invalid IP address or CIDR " + strconv.Quote(v) + `; expected e.g. "192.168.0.1", "10.0.0.0/8" or "2001:db8::/32"`
		}
	}
	return ""
}

func parseNumber(s string) (float64, bool) {
	// Only decimal notation: ParseFloat also takes hex floats, underscores, "Inf" and "NaN".
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// parseDate accepts RFC 3339 (ISO 8601 with a zone, optional fraction), a bare date
// (midnight UTC), or integer epoch seconds of 9 to 12 digits.
func parseDate(s string) (time.Time, bool) {
	if isDigits(s) {
		// 9 to 12 digits (1973 to 33658): a shorter number is more likely a mistyped year.
		if len(s) < 9 || len(s) > 12 {
			return time.Time{}, false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.Unix(n, 0).UTC(), true
	}
	if len(s) == len("2006-01-02") {
		t, err := time.Parse("2006-01-02", s)
		return t, err == nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// parsePrefix reads an IP (as a single-address prefix) or a CIDR; IPv4-mapped IPv6 is unmapped.
func parsePrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

// ccond is one compiled (operator, key, values) triple.
type ccond struct {
	opName   string
	op       opSpec
	key      string
	keyLower string
	strs     []string // String*, StringEqualsIgnoreCase (as written)
	globs    []glob   // StringLike
	nums     []float64
	dates    []time.Time
	bools    []bool
	prefixes []netip.Prefix
}

func compileCond(opName string, op opSpec, key string, values []string) ccond {
	c := ccond{opName: opName, op: op, key: key, keyLower: strings.ToLower(key)}
	for _, v := range values {
		switch op.fam {
		case famString, famStringFold:
			c.strs = append(c.strs, v)
		case famStringLike:
			c.globs = append(c.globs, newGlob(v, false))
		case famNumeric:
			if n, ok := parseNumber(v); ok {
				c.nums = append(c.nums, n)
			}
		case famDate:
			if t, ok := parseDate(v); ok {
				c.dates = append(c.dates, t)
			}
		case famBool:
			if b, ok := parseBool(v); ok {
				c.bools = append(c.bools, b)
			}
		case famIP:
			if p, ok := parsePrefix(v); ok {
				c.prefixes = append(c.prefixes, p)
			}
		}
	}
	return c
}

// lookup finds a context key case-insensitively.
func lookup(ctx Context, key, keyLower string) []string {
	if v, ok := ctx[key]; ok {
		return v
	}
	if v, ok := ctx[keyLower]; ok {
		return v
	}
	for k, v := range ctx {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

// holds evaluates the condition: positive operators hold when any context value matches
// any policy value; a missing key (or one with no values) never matches; negated operators
// are exactly the negation of their positive form.
func (c *ccond) holds(ctx Context) bool {
	matched := false
	for _, v := range lookup(ctx, c.key, c.keyLower) {
		if c.matchOne(v) {
			matched = true
			break
		}
	}
	return matched != c.op.neg
}

func (c *ccond) matchOne(v string) bool {
	switch c.op.fam {
	case famString:
		for _, s := range c.strs {
			if s == v {
				return true
			}
		}
	case famStringFold:
		for _, s := range c.strs {
			if strings.EqualFold(s, v) {
				return true
			}
		}
	case famStringLike:
		return matchAny(c.globs, v)
	case famNumeric:
		n, ok := parseNumber(v)
		if !ok {
			return false
		}
		for _, p := range c.nums {
			if compare(c.op.cmp, cmpFloat(n, p)) {
				return true
			}
		}
	case famDate:
		t, ok := parseDate(v)
		if !ok {
			return false
		}
		for _, p := range c.dates {
			if compare(c.op.cmp, t.Compare(p)) {
				return true
			}
		}
	case famBool:
		b, ok := parseBool(v)
		if !ok {
			return false
		}
		for _, p := range c.bools {
			if p == b {
				return true
			}
		}
	case famIP:
		a, err := netip.ParseAddr(v)
		if err != nil {
			return false
		}
		a = a.Unmap().WithZone("")
		for _, p := range c.prefixes {
			if p.Contains(a) {
				return true
			}
		}
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compare applies the operator to the sign of (context value - policy value).
func compare(c cmp, sign int) bool {
	switch c {
	case cmpLt:
		return sign < 0
	case cmpLe:
		return sign <= 0
	case cmpGt:
		return sign > 0
	case cmpGe:
		return sign >= 0
	}
	return sign == 0
}
