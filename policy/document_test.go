package policy

import "testing"

func TestEqualAndClone(t *testing.T) {
	base := mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"1","Service":"ecs.aliyuncs.com"},
		"Condition":{"StringEquals":{"sts:ExternalId":["a","b"]}}}]}`, Trust)
	c := base.Clone()
	if !base.Equal(c) || !c.Equal(base) {
		t.Fatal("clone differs")
	}
	mutations := []func(d *Document){
		func(d *Document) { d.Version = "2" },
		func(d *Document) { d.Statement = append(d.Statement, d.Statement[0]) },
		func(d *Document) { d.Statement[0].Effect = Deny },
		func(d *Document) { d.Statement[0].Action[0] = "sts:*" },
		func(d *Document) { d.Statement[0].Principal.RAM[0] = "2" },
		func(d *Document) { d.Statement[0].Principal.Service = nil },
		func(d *Document) { d.Statement[0].Principal = nil },
		func(d *Document) { d.Statement[0].Condition["StringEquals"]["sts:ExternalId"][1] = "c" },
		func(d *Document) { d.Statement[0].Condition["StringEquals"]["sts:externalid"] = []string{"a"} },
		func(d *Document) { d.Statement[0].Condition["StringLike"] = d.Statement[0].Condition["StringEquals"] },
		func(d *Document) {
			delete(d.Statement[0].Condition, "StringEquals")
			d.Statement[0].Condition["Bool"] = nil
		},
		func(d *Document) { d.Statement[0].Resource = []string{"*"} },
	}
	for i, m := range mutations {
		c := base.Clone()
		m(c)
		if base.Equal(c) || c.Equal(base) {
			t.Errorf("mutation %d not detected", i)
		}
		if !base.Equal(mustParse(t, base.Compact(), Trust)) {
			t.Fatalf("mutation %d changed the original", i)
		}
	}
	// A modified clone is evaluated from its own content, not the original's cache.
	c = base.Clone()
	c.Statement[0].Principal.RAM = []string{"999"}
	if Trusts(c, Caller{Type: CallerUser, AccountID: "999", Name: "u"}, Context{"sts:ExternalId": {"a"}}).Decision != Allowed {
		t.Error("modified clone not evaluated from its content")
	}
	var nilDoc *Document
	if !nilDoc.Equal(nil) || nilDoc.Equal(base) || nilDoc.Clone() != nil {
		t.Error("nil handling")
	}
}

func TestJSONEdgeCases(t *testing.T) {
	wrap := func(v string) string {
		return `{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":` + v + `}]}`
	}
	valid := []string{`"acs:\u0041\uD83D\uDE00\b\f\r\t\\"`, `["acs:x", "acs:y"]`}
	for _, v := range valid {
		if _, err := Parse(wrap(v), Permission); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
	invalid := []string{`tru`, `nul`, `-`, `1.`, `1e`, `1e+`, `"\u12"`, `"\u12G4"`, `"\ud800"`, `"\ud800\u0041"`,
		`"abc`, `"\`, `["a" "b"]`, `["a",]`, `{"a" 1}`, `{"a":1`, `[`, `-01`, `1.5`, `true`, `null`, `false`}
	for _, v := range invalid {
		if _, err := Parse(wrap(v), Permission); err == nil {
			t.Errorf("%s accepted", v)
		}
	}
	if Permission.String() != "Permission" || Trust.String() != "Trust" || Kind(9).String() != "Kind(9)" ||
		Decision(9).String() != "Decision(9)" || Severity(9).String() != "Severity(9)" {
		t.Error("String methods")
	}
	if (&FieldError{Field: "bucket", Message: "bad"}).Error() != "bucket: bad" {
		t.Error("FieldError.Error")
	}
}
