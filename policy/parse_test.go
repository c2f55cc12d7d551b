package policy

import (
	"errors"
	"strings"
	"testing"
)

func mustParse(t testing.TB, doc string, kind Kind) *Document {
	t.Helper()
	d, err := Parse(doc, kind)
	if err != nil {
		t.Fatalf("Parse(%s): %v\n%s", kind, err, doc)
	}
	return d
}

func TestParseNormalises(t *testing.T) {
	d := mustParse(t, `{"Version":"1","Statement":{"Effect":"Allow","Action":"oss:GetObject","Resource":"*",
		"Condition":{"StringEquals":{"acs:SourceVpc":"vpc-1"}}}}`, Permission)
	if len(d.Statement) != 1 {
		t.Fatalf("single statement object not normalised: %+v", d)
	}
	s := d.Statement[0]
	if s.Effect != Allow || len(s.Action) != 1 || s.Action[0] != "oss:GetObject" || s.Resource[0] != "*" {
		t.Errorf("statement = %+v", s)
	}
	if got := s.Condition["StringEquals"]["acs:SourceVpc"]; len(got) != 1 || got[0] != "vpc-1" {
		t.Errorf("condition = %v", s.Condition)
	}
	if s.Principal != nil || s.NotAction != nil {
		t.Errorf("unexpected fields: %+v", s)
	}
}

func TestParseTrustAndSession(t *testing.T) {
	d := mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
		"Principal":{"RAM":["acs:ram::123456789012:root"],"Service":"ecs.aliyuncs.com"}}]}`, Trust)
	p := d.Statement[0].Principal
	if p == nil || p.RAM[0] != "acs:ram::123456789012:root" || p.Service[0] != "ecs.aliyuncs.com" || p.Federated != nil {
		t.Errorf("principal = %+v", p)
	}
	mustParse(t, `{"Version":"1","Statement":[{"Effect":"Deny","NotAction":["oss:Get*"],"Resource":["acs:oss:*:*:b/*"]}]}`, Session)
}

func TestParseErrors(t *testing.T) {
	const ok = `"Effect":"Allow","Action":"oss:GetObject","Resource":"*"`
	tests := []struct {
		name      string
		doc       string
		kind      Kind
		code      string
		path      string
		line, col int
		msg       string // substring
	}{
		{"empty", ``, Permission, CodeMalformed, "", 1, 1, "empty"},
		{"syntax", "{\n  \"Version\": \"1\",\n  \"Statement\": [}", Permission, CodeMalformed, "", 3, 17, "expected a value"},
		{"syntax session code", `{"Version":"1",}`, Session, CodeSessionGrammar, "", 1, 16, "quoted member name"},
		{"trailing data", `{"Version":"1","Statement":[{` + ok + `}]} x`, Permission, CodeMalformed, "", 1, 90, "after the end"},
		{"trailing value", `{"Version":"1","Statement":[{` + ok + `}]}{}`, Permission, CodeMalformed, "", 1, 89, "after the end"},
		{"duplicate key", `{"Version":"1","Version":"1"}`, Permission, CodeMalformed, "Version", 1, 16, `duplicate key "Version"`},
		{"duplicate nested key", `{"Version":"1","Statement":[{"Effect":"Allow","Effect":"Deny"}]}`, Permission, CodeMalformed, "Statement[0].Effect", 1, 47, "duplicate key"},
		{"not object", `[]`, Permission, CodeMalformed, "", 1, 1, "policy document"},
		{"bad utf8", "{\"Version\":\"\xff\"}", Permission, CodeMalformed, "", 1, 13, "UTF-8"},
		{"bom", "\uFEFF{}", Permission, CodeMalformed, "", 1, 1, "byte order mark"},
		{"control char", "{\"Version\":\"a\x01\"}", Permission, CodeMalformed, "", 1, 14, "control character"},
		{"bad escape", `{"Version":"\x"}`, Permission, CodeMalformed, "", 1, 13, "escape"},
		{"lone surrogate", `{"Version":"\udc00"}`, Permission, CodeMalformed, "", 1, 13, "surrogate"},
		{"leading zero", `{"Version":01}`, Permission, CodeMalformed, "", 1, 13, "expected ',' or '}'"},
		{"deep", strings.Repeat("[", 40), Permission, CodeMalformed, "", 1, 33, "too deep"},
		{"no version", `{"Statement":[{` + ok + `}]}`, Permission, CodeMalformed, "Version", 1, 1, "missing"},
		{"version 2", `{"Version":"2","Statement":[{` + ok + `}]}`, Permission, CodeMalformed, "Version", 1, 12, `"1"`},
		{"version number", `{"Version":1,"Statement":[{` + ok + `}]}`, Permission, CodeMalformed, "Version", 1, 12, "number 1"},
		{"lower-case key", `{"version":"1"}`, Permission, CodeMalformed, "version", 1, 2, `did you mean "Version"`},
		{"unknown key", `{"Version":"1","Id":"x"}`, Permission, CodeMalformed, "Id", 1, 16, "unknown key"},
		{"no statement", `{"Version":"1"}`, Permission, CodeMalformed, "Statement", 1, 1, "missing"},
		{"empty statements", `{"Version":"1","Statement":[]}`, Permission, CodeMalformed, "Statement", 1, 28, "at least one"},
		{"statement string", `{"Version":"1","Statement":"x"}`, Permission, CodeMalformed, "Statement", 1, 28, "list of statements"},
		{"bad effect", `{"Version":"1","Statement":[{"Effect":"allow"}]}`, Permission, CodeMalformed, "Statement[0].Effect", 1, 39, `"Allow" or "Deny"`},
		{"no effect", `{"Version":"1","Statement":[{"Action":"a:b","Resource":"*"}]}`, Permission, CodeMalformed, "Statement[0].Effect", 1, 29, "missing"},
		{"second statement", `{"Version":"1","Statement":[{` + ok + `},{"Effect":"Allow","Resource":"*"}]}`, Permission, CodeMalformed, "Statement[1].Action", 0, 0, "missing"},
		{"single statement path", `{"Version":"1","Statement":{"Effect":"Allow","Resource":"*"}}`, Permission, CodeMalformed, "Statement.Action", 0, 0, "missing"},
		{"both actions", `{"Version":"1","Statement":[{` + ok + `,"NotAction":"x:y"}]}`, Permission, CodeMalformed, "Statement[0].NotAction", 0, 0, "not both"},
		{"empty action list", `{"Version":"1","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}`, Permission, CodeMalformed, "Statement[0].Action", 0, 0, "empty list"},
		{"action number", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["a:b",3],"Resource":"*"}]}`, Permission, CodeMalformed, "Statement[0].Action[1]", 0, 0, "number 3"},
		{"action object", `{"Version":"1","Statement":[{"Effect":"Allow","Action":{},"Resource":"*"}]}`, Permission, CodeMalformed, "Statement[0].Action", 0, 0, "string or an array"},
		{"action no colon", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}`, Permission, CodeMalformed, "Statement[0].Action", 0, 0, "invalid action"},
		{"action empty string", `{"Version":"1","Statement":[{"Effect":"Allow","Action":[""],"Resource":"*"}]}`, Permission, CodeMalformed, "Statement[0].Action[0]", 0, 0, "invalid action"},
		{"no resource", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b"}]}`, Permission, CodeMalformed, "Statement[0].Resource", 0, 0, "missing"},
		{"session no resource", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b"}]}`, Session, CodeSessionGrammar, "Statement[0].Resource", 0, 0, "missing"},
		{"bad resource", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"bucket/x"}]}`, Permission, CodeMalformed, "Statement[0].Resource", 0, 0, "ARN"},
		{"not resource", `{"Version":"1","Statement":[{` + ok + `,"NotResource":"*"}]}`, Permission, CodeMalformed, "Statement[0].NotResource", 0, 0, "not supported"},
		{"principal in permission", `{"Version":"1","Statement":[{` + ok + `,"Principal":{"RAM":"1"}}]}`, Permission, CodeMalformed, "Statement[0].Principal", 0, 0, "only allowed in trust"},
		{"trust no principal", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`, Trust, CodeMalformed, "Statement[0].Principal", 0, 0, "missing"},
		{"trust resource", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"1"},"Resource":"*"}]}`, Trust, CodeMalformed, "Statement[0].Resource", 0, 0, "not used"},
		{"trust empty principal", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{}}]}`, Trust, CodeMalformed, "Statement[0].Principal", 0, 0, "empty"},
		{"trust principal string", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*"}]}`, Trust, CodeMalformed, "Statement[0].Principal", 0, 0, "JSON object"},
		{"trust principal key", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"1"}}]}`, Trust, CodeMalformed, "Statement[0].Principal.AWS", 0, 0, "unknown key"},
		{"trust bad ram", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"alice"}}]}`, Trust, CodeMalformed, "Statement[0].Principal.RAM", 0, 0, "invalid RAM principal"},
		{"trust bad federated", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":["x"]}}]}`, Trust, CodeMalformed, "Statement[0].Principal.Federated[0]", 0, 0, "invalid federated"},
		{"unknown operator", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"StringEqual":{"a:b":"c"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.StringEqual", 0, 0, "unknown condition operator"},
		{"operator case", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"stringequals":{"a:b":"c"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.stringequals", 0, 0, `did you mean "StringEquals"`},
		{"condition not object", `{"Version":"1","Statement":[{` + ok + `,"Condition":[]}]}`, Permission, CodeMalformed, "Statement[0].Condition", 0, 0, "JSON object"},
		{"operator empty", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"Bool":{}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.Bool", 0, 0, "at least one condition key"},
		{"condition key", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"Bool":{"SecureTransport":"true"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.Bool.SecureTransport", 0, 0, "invalid condition key"},
		{"condition key case dup", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"StringLike":{"oss:Prefix":"a","oss:prefix":"b"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.StringLike.oss:prefix", 0, 0, "case-insensitive"},
		{"condition empty values", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"StringLike":{"oss:Prefix":[]}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.StringLike.oss:Prefix", 0, 0, "empty list"},
		{"condition bool value", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"Bool":{"acs:SecureTransport":true}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.Bool.acs:SecureTransport", 0, 0, "expected a string or an array"},
		{"bad bool", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"Bool":{"acs:SecureTransport":"yes"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.Bool.acs:SecureTransport", 0, 0, "invalid boolean"},
		{"bad ip", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","10.0.0.300"]}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.IpAddress.acs:SourceIp[1]", 0, 0, "invalid IP"},
		{"bad cidr", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/33"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.NotIpAddress.acs:SourceIp", 0, 0, "invalid IP"},
		{"bad number", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"NumericLessThan":{"a:n":"0x10"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.NumericLessThan.a:n", 0, 0, "invalid number"},
		{"bad date", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"DateLessThan":{"acs:CurrentTime":"2026-13-01T00:00:00Z"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.DateLessThan.acs:CurrentTime", 0, 0, "invalid date"},
		{"date without zone", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"DateLessThan":{"acs:CurrentTime":"2026-01-01T00:00:00"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.DateLessThan.acs:CurrentTime", 0, 0, "invalid date"},
		{"date year only", `{"Version":"1","Statement":[{` + ok + `,"Condition":{"DateLessThan":{"acs:CurrentTime":"2026"}}}]}`, Permission, CodeMalformed, "Statement[0].Condition.DateLessThan.acs:CurrentTime", 0, 0, "9 to 12 digits"},
		{"null", `{"Version":"1","Statement":[{` + ok + `,"Condition":null}]}`, Permission, CodeMalformed, "Statement[0].Condition", 0, 0, "got null"},
		{"bad kind", `{}`, Kind(7), CodeMalformed, "", 0, 0, "unknown policy kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(tt.doc, tt.kind)
			if err == nil {
				t.Fatalf("Parse accepted %s: %+v", tt.doc, d)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not *Error", err)
			}
			if pe.Code != tt.code || pe.Path != tt.path || !strings.Contains(pe.Message, tt.msg) {
				t.Errorf("got %+v\nwant code %s path %q message containing %q", pe, tt.code, tt.path, tt.msg)
			}
			if tt.line != 0 && (pe.Line != tt.line || pe.Column != tt.col) {
				t.Errorf("position = %d:%d, want %d:%d (%v)", pe.Line, pe.Column, tt.line, tt.col, pe)
			}
			if !strings.Contains(pe.Error(), pe.Message) || !strings.HasPrefix(pe.Error(), pe.Code) {
				t.Errorf("Error() = %q", pe.Error())
			}
		})
	}
}

func TestParseSizeLimits(t *testing.T) {
	// pad builds a valid document of exactly n characters using a Chinese resource name, so
	// that characters and bytes differ (each 中 is 3 bytes).
	pad := func(kind Kind, n int) string {
		head := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/`
		tail := `"}]}`
		if kind == Trust {
			head = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"`
			tail = `"}}]}`
		}
		return head + strings.Repeat("中", n-len(head)-len(tail)) + tail
	}
	for _, tt := range []struct {
		kind Kind
		max  int
		code string
	}{
		{Permission, 6144, CodePermissionSize},
		{Session, 2048, CodeSessionSize},
		{Trust, 4096, CodeTrustSize},
	} {
		if _, err := Parse(pad(tt.kind, tt.max), tt.kind); err != nil {
			t.Errorf("%s at %d chars: %v", tt.kind, tt.max, err)
		}
		_, err := Parse(pad(tt.kind, tt.max+1), tt.kind)
		var pe *Error
		if !errors.As(err, &pe) || pe.Code != tt.code || !strings.Contains(pe.Message, "at most") {
			t.Errorf("%s at %d chars: err = %v, want code %s", tt.kind, tt.max+1, err, tt.code)
		}
		if tt.kind.MaxChars() != tt.max {
			t.Errorf("%s.MaxChars() = %d", tt.kind, tt.kind.MaxChars())
		}
	}
}

func TestParseEscapesAndNumbers(t *testing.T) {
	d := mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject",
		"Resource":"acs:oss:*:*:b/\u4e2d\ud83d\ude00\n\/x","Condition":{"NumericLessThan":{"a:n":["-1.5e3","10"]}}}]}`, Permission)
	if got := d.Statement[0].Resource[0]; got != "acs:oss:*:*:b/中😀\n/x" {
		t.Errorf("resource = %q", got)
	}
}
