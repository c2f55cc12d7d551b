package policy

import (
	"errors"
	"strings"
	"testing"
)

func TestOSSDirectoryTemplateWorkflow(t *testing.T) {
	d, err := OSSDirectoryPolicy("oss-test", "dir111/dir111_secondline1", OSSList|OSSRead|OSSWrite|OSSDelete)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Equal(mustParse(t, ossDirPolicy, Permission)) {
		t.Errorf("template differs from the documented shape:\n%s", d.Pretty())
	}
	role := []Named{{Name: "oss-dir", Type: "Custom", Doc: d}}
	check := func(name string, req Request, want Decision) {
		t.Helper()
		if got := Evaluate(req, role).Decision; got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	check("get inside", Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt"}, Allowed)
	check("get outside", Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:oss-test/other/a.txt"}, ImplicitDeny)
	check("list inside", Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:oss-test",
		Context: Context{"oss:Prefix": {"dir111/dir111_secondline1/"}}}, Allowed)
	check("list outside", Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:oss-test",
		Context: Context{"oss:Prefix": {"dir111/"}}}, ImplicitDeny)

	// Read-only variant, used as a session policy on a role with oss:*.
	ro, err := OSSDirectoryPolicy("oss-test", "dir111/dir111_secondline1/", OSSRead)
	if err != nil {
		t.Fatal(err)
	}
	if len(ro.Statement) != 1 || strings.Join(ro.Statement[0].Action, ",") != "oss:GetObject" {
		t.Errorf("read-only = %s", ro.Compact())
	}
	full := []Named{named(t, "AliyunOSSFullAccess", "System", allow("oss:*", "*"), Permission)}
	sess := &Named{Name: "session", Type: "Session", Doc: mustParse(t, ro.Compact(), Session)}
	obj := "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt"
	if r := EvaluateSession(Request{Action: "oss:GetObject", Resource: obj}, full, sess); r.Decision != Allowed {
		t.Errorf("session get: %+v", r)
	}
	if r := EvaluateSession(Request{Action: "oss:PutObject", Resource: obj}, full, sess); r.Decision != ImplicitDeny || r.DeniedBy != DeniedBySession {
		t.Errorf("session put: %+v", r)
	}
	// Whole bucket.
	wb, err := OSSDirectoryPolicy("oss-test", "", OSSList|OSSRead)
	if err != nil {
		t.Fatal(err)
	}
	if wb.Statement[1].Resource[0] != "acs:oss:*:*:oss-test/*" || wb.Statement[0].Condition["StringLike"]["oss:Prefix"][0] != "*" {
		t.Errorf("whole bucket: %s", wb.Compact())
	}
}

func TestTemplateInputErrors(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		field string
		msg   string
	}{
		{"short bucket", second(OSSDirectoryPolicy("ab", "d", OSSRead)), "bucket", "3 to 63"},
		{"long bucket", second(OSSDirectoryPolicy(strings.Repeat("a", 64), "d", OSSRead)), "bucket", "3 to 63"},
		{"upper bucket", second(OSSDirectoryPolicy("My-bucket", "d", OSSRead)), "bucket", `"M" is not allowed`},
		{"underscore bucket", second(OSSDirectoryPolicy("my_bucket", "d", OSSRead)), "bucket", "lower-case"},
		{"hyphen bucket", second(OSSDirectoryPolicy("-bucket", "d", OSSRead)), "bucket", "hyphen"},
		{"hyphen end bucket", second(OSSDirectoryPolicy("bucket-", "d", OSSRead)), "bucket", "hyphen"},
		{"leading slash", second(OSSDirectoryPolicy("bucket", "/d", OSSRead)), "directory", `start with "/"`},
		{"double slash", second(OSSDirectoryPolicy("bucket", "a//b", OSSRead)), "directory", "empty segments"},
		{"dotdot", second(OSSDirectoryPolicy("bucket", "a/../b", OSSRead)), "directory", `".."`},
		{"wildcard", second(OSSDirectoryPolicy("bucket", "a*", OSSRead)), "directory", "wildcards"},
		{"no access", second(OSSDirectoryPolicy("bucket", "a", 0)), "access", "at least one"},
		{"account", second(TrustAccountPolicy("abc", "")), "account", "digits"},
		{"external id", second(TrustAccountPolicy("123", "a b")), "external ID", "whitespace"},
		{"principal", second(TrustPrincipalsPolicy([]string{"acs:ram::123:group/g"}, "")), "principals", "user or role ARN"},
		{"no principals", second(TrustPrincipalsPolicy(nil, "")), "principals", "at least one"},
		{"service", second(TrustServicePolicy("ecs")), "service", "aliyuncs.com"},
		{"saml provider", second(TrustSAMLPolicy("acs:ram::1:oidc-provider/x", "")), "provider", "saml-provider"},
		{"saml recipient", second(TrustSAMLPolicy("acs:ram::1:saml-provider/x", "http://x")), "recipient", "https"},
		{"oidc issuer", second(TrustOIDCPolicy("acs:ram::1:oidc-provider/x", "x", []string{"a"}, nil)), "issuer", "https"},
		{"oidc audience", second(TrustOIDCPolicy("acs:ram::1:oidc-provider/x", "https://i", nil, nil)), "audience", "at least one"},
		{"assume role arn", second(AssumeRolePolicy("acs:ram::1:user/x")), "role", "role ARN"},
	}
	for _, tt := range tests {
		var fe *FieldError
		if !errors.As(tt.err, &fe) || fe.Field != tt.field || !strings.Contains(fe.Message, tt.msg) {
			t.Errorf("%s: err = %v, want field %q message containing %q", tt.name, tt.err, tt.field, tt.msg)
		}
	}
}

func second(_ *Document, err error) error { return err }

func TestTemplatesValidateAndDecide(t *testing.T) {
	type tmpl struct {
		name string
		kind Kind
		doc  *Document
		err  error
	}
	var all []tmpl
	add := func(name string, kind Kind, d *Document, err error) { all = append(all, tmpl{name, kind, d, err}) }
	d, err := TrustAccountPolicy("123", "")
	add("this account", Trust, d, err)
	d, err = TrustAccountPolicy("456", "ext-1")
	add("other account", Trust, d, err)
	d, err = TrustPrincipalsPolicy([]string{"acs:ram::123:user/alice", "acs:ram::456:role/ci"}, "")
	add("principals", Trust, d, err)
	d, err = TrustServicePolicy("ecs.aliyuncs.com", "fc.aliyuncs.com")
	add("service", Trust, d, err)
	d, err = TrustSAMLPolicy("acs:ram::123:saml-provider/okta", "")
	add("saml", Trust, d, err)
	d, err = TrustOIDCPolicy("acs:ram::123:oidc-provider/ack", "https://oidc.example.com/id", []string{"sts.aliyuncs.com"}, []string{"system:serviceaccount:ns:sa"})
	add("oidc", Trust, d, err)
	d, err = AssumeRolePolicy("acs:ram::123:role/reader")
	add("assume role", Permission, d, err)
	for _, acc := range []OSSAccess{OSSList, OSSRead, OSSWrite, OSSList | OSSRead, OSSRead | OSSWrite, OSSList | OSSWrite, OSSList | OSSRead | OSSWrite} {
		d, err = OSSDirectoryPolicy("oss-test", "a/b", acc)
		add("oss", Permission, d, err)
	}
	for _, tm := range all {
		if tm.err != nil {
			t.Fatalf("%s: %v", tm.name, tm.err)
		}
		back := mustParse(t, tm.doc.Pretty(), tm.kind)
		if !back.Equal(tm.doc) {
			t.Errorf("%s: Pretty round trip differs", tm.name)
		}
		for _, f := range Lint(tm.doc, tm.kind, tm.doc.Pretty()) {
			if f.Severity == SeverityError {
				t.Errorf("%s: lint error %+v", tm.name, f)
			}
		}
	}
	// Decisions of the trust templates.
	alice := Caller{Type: CallerUser, AccountID: "123", Name: "alice"}
	other := Caller{Type: CallerRole, AccountID: "456", Name: "ci"}
	if r := Trusts(all[0].doc, alice, nil); r.Decision != Allowed {
		t.Errorf("this account: %+v", r)
	}
	if r := Trusts(all[1].doc, other, nil); r.Decision != ImplicitDeny {
		t.Errorf("other account without external id: %+v", r)
	}
	if r := Trusts(all[1].doc, other, Context{"sts:ExternalId": {"ext-1"}}); r.Decision != Allowed {
		t.Errorf("other account with external id: %+v", r)
	}
	if r := Trusts(all[2].doc, other, nil); r.Decision != Allowed {
		t.Errorf("principals role: %+v", r)
	}
	if r := Trusts(all[2].doc, Caller{Type: CallerUser, AccountID: "123", Name: "bob"}, nil); r.Decision != ImplicitDeny {
		t.Errorf("principals bob: %+v", r)
	}
	if r := Trusts(all[3].doc, Caller{Type: CallerService, Name: "fc.aliyuncs.com"}, nil); r.Decision != Allowed {
		t.Errorf("service: %+v", r)
	}
	fed := Caller{Type: CallerFederated, Name: "acs:ram::123:oidc-provider/ack"}
	ctx := Context{"oidc:iss": {"https://oidc.example.com/id"}, "oidc:aud": {"sts.aliyuncs.com"}, "oidc:sub": {"system:serviceaccount:ns:sa"}}
	if r := Trusts(all[5].doc, fed, ctx); r.Decision != Allowed {
		t.Errorf("oidc: %+v", r)
	}
	ctx["oidc:sub"] = []string{"system:serviceaccount:ns:other"}
	if r := Trusts(all[5].doc, fed, ctx); r.Decision != ImplicitDeny {
		t.Errorf("oidc other sub: %+v", r)
	}
	caller := []Named{{Name: "assume", Doc: all[6].doc}}
	if r := Evaluate(Request{Action: "sts:AssumeRole", Resource: "acs:ram::123:role/reader"}, caller); r.Decision != Allowed {
		t.Errorf("assume role: %+v", r)
	}
	if r := Evaluate(Request{Action: "sts:AssumeRole", Resource: "acs:ram::123:role/admin"}, caller); r.Decision != ImplicitDeny {
		t.Errorf("assume other role: %+v", r)
	}
}

func TestSystemPolicies(t *testing.T) {
	sps := SystemPolicies()
	names := map[string]bool{}
	for _, sp := range sps {
		if names[sp.Name] {
			t.Errorf("duplicate %s", sp.Name)
		}
		names[sp.Name] = true
		d := mustParse(t, sp.Document, Permission)
		if d.Pretty() != sp.Document || sp.Description == "" {
			t.Errorf("%s: not canonical or no description", sp.Name)
		}
	}
	// Every name of ram-api.md §6.2.
	for _, n := range strings.Fields(`AdministratorAccess ReadOnlyAccess AliyunRAMFullAccess AliyunRAMReadOnlyAccess
		AliyunSTSAssumeRoleAccess AliyunOSSFullAccess AliyunOSSReadOnlyAccess AliyunECSFullAccess AliyunECSReadOnlyAccess
		AliyunECSNetworkInterfaceManagementAccess AliyunVPCFullAccess AliyunVPCReadOnlyAccess AliyunEIPFullAccess
		AliyunEIPReadOnlyAccess AliyunNATGatewayFullAccess AliyunNATGatewayReadOnlyAccess AliyunSLBFullAccess
		AliyunSLBReadOnlyAccess AliyunALBFullAccess AliyunALBReadOnlyAccess AliyunRDSFullAccess AliyunRDSReadOnlyAccess
		AliyunPolardbFullAccess AliyunPolardbReadOnlyAccess AliyunKvstoreFullAccess AliyunKvstoreReadOnlyAccess
		AliyunMongoDBFullAccess AliyunMongoDBReadOnlyAccess AliyunCDNFullAccess AliyunCDNReadOnlyAccess AliyunDNSFullAccess
		AliyunDNSReadOnlyAccess AliyunPubDNSFullAccess AliyunPubDNSReadOnlyAccess AliyunLogFullAccess AliyunLogReadOnlyAccess
		AliyunCloudMonitorFullAccess AliyunCloudMonitorReadOnlyAccess AliyunActionTrailFullAccess AliyunKMSFullAccess
		AliyunKMSReadOnlyAccess AliyunKMSCryptoAccess AliyunCSFullAccess AliyunCSReadOnlyAccess
		AliyunContainerRegistryFullAccess AliyunContainerRegistryReadOnlyAccess AliyunFCFullAccess AliyunFCReadOnlyAccess
		AliyunFCInvocationAccess AliyunNASFullAccess AliyunNASReadOnlyAccess AliyunOTSFullAccess AliyunOTSReadOnlyAccess
		AliyunOTSWriteOnlyAccess AliyunMNSFullAccess AliyunMNSReadOnlyAccess AliyunESSFullAccess AliyunESSReadOnlyAccess
		AliyunROSFullAccess AliyunROSReadOnlyAccess AliyunOOSFullAccess AliyunOOSReadOnlyAccess AliyunECIFullAccess
		AliyunECIReadOnlyAccess AliyunBSSFullAccess AliyunBSSReadOnlyAccess AliyunTAGFullAccess AliyunTAGReadOnlyAccess
		AliyunResourceDirectoryFullAccess AliyunResourceDirectoryReadOnlyAccess AliyunSupportFullAccess
		AliyunYundunWAFFullAccess AliyunYundunWAFReadOnlyAccess AliyunYundunSASFullAccess AliyunYundunSASReadOnlyAccess`) {
		if !names[n] {
			t.Errorf("missing system policy %s", n)
		}
	}
	byName := map[string]*Document{}
	for _, sp := range sps {
		byName[sp.Name] = mustParse(t, sp.Document, Permission)
	}
	decide := func(policy, action, resource string) Decision {
		return Evaluate(Request{Action: action, Resource: resource}, []Named{{Name: policy, Type: "System", Doc: byName[policy]}}).Decision
	}
	for _, c := range []struct {
		policy, action string
		want           Decision
	}{
		{"ReadOnlyAccess", "ecs:DescribeInstances", Allowed},
		{"ReadOnlyAccess", "ram:ListUsers", Allowed},
		{"ReadOnlyAccess", "oss:GetObject", Allowed},
		{"ReadOnlyAccess", "ram:CreateUser", ImplicitDeny},
		{"AdministratorAccess", "ram:CreateUser", Allowed},
		{"AliyunRAMReadOnlyAccess", "ram:GetUser", Allowed},
		{"AliyunRAMReadOnlyAccess", "ram:DeleteUser", ImplicitDeny},
		{"AliyunSTSAssumeRoleAccess", "sts:AssumeRole", Allowed},
		{"AliyunOSSReadOnlyAccess", "oss:PutObject", ImplicitDeny},
		{"AliyunECSNetworkInterfaceManagementAccess", "ecs:CreateNetworkInterface", Allowed},
	} {
		if got := decide(c.policy, c.action, "acs:x:*:*:y"); got != c.want {
			t.Errorf("%s %s: %v, want %v", c.policy, c.action, got, c.want)
		}
	}
}

// Write and delete are separate levels: a grant of list+read+write may upload but not erase.
// Browse adds listing of the parent prefixes, one level at a time (oss:Delimiter "/").
func TestOSSDirectoryLevels(t *testing.T) {
	const bucket, dir = "oss-test", "dir111/dir111_secondline1/"
	obj := "acs:oss:*:*:" + bucket + "/" + dir + "a.txt"
	list := func(prefix, delim string) Request {
		ctx := Context{"oss:Prefix": {prefix}}
		if delim != "" {
			ctx["oss:Delimiter"] = []string{delim}
		}
		return Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:" + bucket, Context: ctx}
	}
	tests := []struct {
		access OSSAccess
		req    Request
		want   Decision
	}{
		{OSSList | OSSRead | OSSWrite, Request{Action: "oss:PutObject", Resource: obj}, Allowed},
		{OSSList | OSSRead | OSSWrite, Request{Action: "oss:DeleteObject", Resource: obj}, ImplicitDeny},
		{OSSDelete, Request{Action: "oss:DeleteObject", Resource: obj}, Allowed},
		{OSSDelete, Request{Action: "oss:PutObject", Resource: obj}, ImplicitDeny},
		{OSSList, list("", "/"), ImplicitDeny},
		{OSSList | OSSBrowse, list("", "/"), Allowed},
		{OSSList | OSSBrowse, list("dir111/", "/"), Allowed},
		{OSSList | OSSBrowse, list("", ""), ImplicitDeny},        // a recursive listing of the root
		{OSSList | OSSBrowse, list("other/", "/"), ImplicitDeny}, // not on the way down
		{OSSList | OSSBrowse, list(dir+"sub/", ""), Allowed},     // inside: any listing
		{OSSList | OSSBrowse, list("dir111/dir111_other/", "/"), ImplicitDeny},
	}
	for i, tc := range tests {
		d, err := OSSDirectoryPolicy(bucket, dir, tc.access)
		if err != nil {
			t.Fatal(err)
		}
		if got := Evaluate(tc.req, []Named{{Name: "p", Doc: d}}).Decision; got != tc.want {
			t.Errorf("%d: access %b %s %v: %v, want %v\n%s", i, tc.access, tc.req.Action, tc.req.Context, got, tc.want, d.Pretty())
		}
	}
}
