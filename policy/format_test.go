package policy

import (
	"strings"
	"testing"
)

func TestPrettyCanonical(t *testing.T) {
	d := mustParse(t, `{"Statement":{"Condition":{"StringLike":{"oss:Prefix":"dir/*"},"Bool":{"acs:SecureTransport":"true"}},
		"Resource":["acs:oss:*:*:b","acs:oss:*:*:b/\"q\"/中"],"Action":"oss:ListObjects","Effect":"Allow"},"Version":"1"}`, Permission)
	want := `{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["oss:ListObjects"],
      "Resource": [
        "acs:oss:*:*:b",
        "acs:oss:*:*:b/\"q\"/中"
      ],
      "Condition": {
        "Bool": {
          "acs:SecureTransport": ["true"]
        },
        "StringLike": {
          "oss:Prefix": ["dir/*"]
        }
      }
    }
  ]
}
`
	if got := d.Pretty(); got != want {
		t.Errorf("Pretty() =\n%s\nwant\n%s", got, want)
	}
	wantCompact := `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:ListObjects"],"Resource":["acs:oss:*:*:b","acs:oss:*:*:b/\"q\"/中"],"Condition":{"Bool":{"acs:SecureTransport":["true"]},"StringLike":{"oss:Prefix":["dir/*"]}}}]}`
	if got := d.Compact(); got != wantCompact {
		t.Errorf("Compact() =\n%s\nwant\n%s", got, wantCompact)
	}
}

func TestPrettyTrustOrder(t *testing.T) {
	d := mustParse(t, `{"Version":"1","Statement":[{"Principal":{"Federated":"acs:ram::1:saml-provider/x","RAM":["1","acs:ram::2:root"]},
		"Action":"sts:AssumeRole","Effect":"Allow"}]}`, Trust)
	want := `{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["1","acs:ram::2:root"],"Federated":["acs:ram::1:saml-provider/x"]},"Action":["sts:AssumeRole"]}]}`
	if got := d.Compact(); got != want {
		t.Errorf("Compact() =\n%s\nwant\n%s", got, want)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	for _, c := range seedCorpus {
		d, err := Parse(c.doc, c.kind)
		if err != nil {
			continue
		}
		for _, out := range []string{d.Pretty(), d.Compact()} {
			d2, err := parse(out, c.kind, false)
			if err != nil {
				t.Fatalf("reparse of %q failed: %v", out, err)
			}
			if !d.Equal(d2) {
				t.Errorf("round trip changed the document:\n%s\n%s", d.Compact(), d2.Compact())
			}
			if d2.Pretty() != d.Pretty() {
				t.Errorf("Pretty not stable")
			}
		}
	}
}

func TestFormatEscapes(t *testing.T) {
	d := &Document{Version: "1", Statement: []Statement{{Effect: Allow, Action: []string{"a:b"},
		Resource: []string{"acs:x\x01\t\n\r\\\x7f\xff"}}}}
	want := `{"Version":"1","Statement":[{"Effect":"Allow","Action":["a:b"],"Resource":["acs:x\u0001\t\n\r\\\u007f\ufffd"]}]}`
	if got := d.Compact(); got != want {
		t.Errorf("Compact() = %s\nwant %s", got, want)
	}
	if _, err := Parse(d.Compact(), Permission); err != nil {
		t.Error(err)
	}
}

func TestPrettyLinesSpanEachStatement(t *testing.T) {
	d := mustParse(t, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"oss:ListObjects","Resource":"acs:oss:*:*:b","Condition":{"StringLike":{"oss:Prefix":["d/*"]}}},
		{"Effect":"Deny","Action":["oss:DeleteObject","oss:PutObject"],"Resource":"*"}]}`, Permission)
	text, spans := d.PrettyLines()
	if text != d.Pretty() || len(spans) != 2 {
		t.Fatalf("spans %v", spans)
	}
	lines := strings.Split(text, "\n")
	for i, sp := range spans {
		first, last := strings.TrimSpace(lines[sp[0]]), strings.TrimSpace(lines[sp[1]])
		if first != "{" || (last != "}" && last != "},") || !strings.Contains(strings.Join(lines[sp[0]:sp[1]+1], "\n"), []string{"oss:Prefix", `"Deny"`}[i]) {
			t.Errorf("statement %d: lines %v = %q .. %q", i, sp, first, last)
		}
	}
	if spans[0][1] >= spans[1][0] {
		t.Errorf("spans overlap: %v", spans)
	}
}
