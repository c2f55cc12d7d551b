package policy

import (
	"strings"
	"testing"
)

func rules(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Severity.String()+":"+f.Rule+"@"+f.Path)
	}
	return strings.Join(out, " ")
}

func TestLint(t *testing.T) {
	tests := []struct {
		name    string
		kind    Kind
		account string
		doc     string
		want    string
	}{
		{"clean", Permission, "", ossDirPolicy, ""},
		{"allow all", Permission, "", allow("*", "*"), "warning:allow-all@Statement[0]"},
		{"deny all is fine", Permission, "", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, ""},
		{"service wildcard", Permission, "", allow("oss:*", "*"), "warning:service-wildcard@Statement[0]"},
		{"service wildcard scoped", Permission, "", allow("oss:*", "acs:oss:*:*:b/*"), ""},
		{"write on all", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject","oss:PutObject","ecs:Describe*"],"Resource":"*"}]}`,
			"warning:write-on-all@Statement[0]"},
		{"reads on all", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:Get*","ecs:Describe*","ram:List*","x:QueryY","y:CheckZ"],"Resource":"*"}]}`, ""},
		{"allow notaction", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"ram:*","Resource":"acs:oss:*:*:b"}]}`,
			"warning:allow-notaction@Statement[0]"},
		{"duplicate", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:B","Resource":"acs:x:*:*:y"},{"Effect":"Allow","Action":"a:B","Resource":"acs:x:*:*:y"}]}`,
			"warning:duplicate-statement@Statement[1]"},
		{"stringlike without wildcard", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:ListObjects","Resource":"acs:x:*:*:y","Condition":{"StringLike":{"oss:Prefix":"dir/"}}}]}`,
			"info:stringlike-no-wildcard@Statement[0].Condition.StringLike.oss:Prefix"},
		{"misspelt action", Permission, "", allow("oss:GetObjct", "acs:oss:*:*:b/*"), "warning:unknown-action@Statement[0].Action[0]"},
		{"misspelt in NotAction", Permission, "", `{"Version":"1","Statement":[{"Effect":"Deny","NotAction":["ram:GetUser","ram:ListUserz"],"Resource":"*"}]}`,
			"warning:unknown-action@Statement[0].NotAction[1]"},
		{"unlisted service or far from any is not judged", Permission, "", allow("ecs:DescribeInstancez", "*"), ""},
		{"wildcards are not judged", Permission, "", allow("oss:GetObj*", "acs:oss:*:*:b/*"), ""},
		{"another service's key never holds", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:DescribeInstances","Resource":"*","Condition":{"StringLike":{"oss:Prefix":"dir/*"}}}]}`,
			"warning:never-matches@Statement[0].Condition.StringLike.oss:Prefix"},
		{"a negated key missing holds", Permission, "", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"ecs:DescribeInstances","Resource":"*","Condition":{"StringNotLike":{"oss:Prefix":"dir/*"}}}]}`, ""},
		{"global keys and any service are fine", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:*","oss:*"],"Resource":"acs:oss:*:*:b/*","Condition":{"Bool":{"acs:SecureTransport":"true"},"StringLike":{"oss:Prefix":"a/*"}}}]}`, ""},
		{"empty date window", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:DescribeInstances","Resource":"*","Condition":{"DateGreaterThan":{"acs:CurrentTime":"2026-06-01T00:00:00Z"},"DateLessThan":{"acs:CurrentTime":["2026-01-01T00:00:00Z","2026-05-01T00:00:00Z"]}}}]}`,
			"warning:never-matches@Statement[0].Condition"},
		{"open date window", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:DescribeInstances","Resource":"*","Condition":{"DateGreaterThanEquals":{"acs:CurrentTime":"2026-06-01"},"DateLessThanEquals":{"acs:CurrentTime":"2026-06-01"}}}]}`, ""},
		{"touching strict bounds", Permission, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:DescribeInstances","Resource":"*","Condition":{"NumericGreaterThan":{"ecs:Count":"5"},"NumericLessThan":{"ecs:Count":"5"}}}]}`,
			"warning:never-matches@Statement[0].Condition"},
		{"arn shape", Permission, "", allow("oss:GetObject", "acs:oss:bucket/x"), "warning:arn-shape@Statement[0].Resource[0]"},
		{"arn prefix pattern ok", Permission, "", allow("oss:GetObject", "acs:oss:*"), ""},
		{"list on objects", Permission, "", allow("oss:ListObjects", "acs:oss:*:*:b/dir/*"), "warning:oss-resource@Statement[0]"},
		{"get on bucket", Permission, "", allow("oss:GetObject", "acs:oss:*:*:b"), "warning:oss-resource@Statement[0]"},
		{"get on bucket pattern", Permission, "", allow("oss:GetObject", "acs:oss:*:*:b*"), ""},
		{"trust star", Trust, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"*"}}]}`,
			"error:no-external-id@Statement[0].Principal.RAM"},
		{"trust any account root", Trust, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::*:root"}}]}`,
			"error:no-external-id@Statement[0].Principal.RAM"},
		{"trust star with external id", Trust, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"*"},"Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}`, ""},
		{"trust other account", Trust, "123", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::123:root","acs:ram::456:user/bob"]}}]}`,
			"warning:no-external-id@Statement[0].Principal.RAM"},
		{"trust other account id", Trust, "123", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"456"}}]}`,
			"warning:no-external-id@Statement[0].Principal.RAM"},
		{"trust own account", Trust, "123", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::123:root"}}]}`, ""},
		{"trust other account, owner unknown", Trust, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"456"}}]}`, ""},
		{"trust wrong action", Trust, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:GetCallerIdentity","Principal":{"Service":"ecs.aliyuncs.com"}}]}`,
			"warning:trust-action@Statement[0]"},
		{"trust notaction excluding", Trust, "", `{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"sts:*","Principal":{"Service":"ecs.aliyuncs.com"}}]}`,
			"warning:trust-action@Statement[0]"},
		{"saml without recipient", Trust, "", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":"acs:ram::1:saml-provider/x"}}]}`,
			"warning:saml-recipient@Statement[0].Condition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, tt.doc, tt.kind)
			if got := rules(LintAccount(d, tt.kind, "", tt.account)); got != tt.want {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLintSizeAndEmpty(t *testing.T) {
	d := mustParse(t, allow("a:B", "acs:x:*:*:y"), Session)
	raw := allow("a:B", "acs:x:*:*:y") + strings.Repeat(" ", 1900)
	if got := rules(Lint(d, Session, raw)); got != "warning:size@" {
		t.Errorf("near limit: %q", got)
	}
	if got := rules(Lint(d, Session, raw+strings.Repeat(" ", 200))); got != "error:size@" {
		t.Errorf("over limit: %q", got)
	}
	if got := rules(Lint(d, Permission, raw)); got != "" {
		t.Errorf("permission limit is larger: %q", got)
	}
	empty := &Document{Version: "1", Statement: []Statement{{Effect: Allow, Resource: []string{"*"}}}}
	if got := rules(Lint(empty, Permission, "")); got != "error:empty-statement@Statement[0]" {
		t.Errorf("empty statement: %q", got)
	}
	if got := rules(Lint(&Document{Version: "1"}, Permission, "")); got != "error:empty-statement@Statement" {
		t.Errorf("no statements: %q", got)
	}
	if Lint(nil, Permission, "") != nil {
		t.Error("nil document")
	}
}
