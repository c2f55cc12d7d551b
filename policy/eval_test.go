package policy

import "testing"

const ossDirPolicy = `{"Version":"1","Statement":[
 {"Effect":"Allow","Action":["oss:ListObjects"],"Resource":["acs:oss:*:*:oss-test"],
  "Condition":{"StringLike":{"oss:Prefix":["dir111/dir111_secondline1/*"]}}},
 {"Effect":"Allow","Action":["oss:GetObject","oss:PutObject","oss:DeleteObject","oss:AbortMultipartUpload","oss:ListParts"],
  "Resource":["acs:oss:*:*:oss-test/dir111/dir111_secondline1/*"]}]}`

func named(t testing.TB, name, typ, doc string, kind Kind) Named {
	return Named{Name: name, Type: typ, Doc: mustParse(t, doc, kind)}
}

func allow(action, resource string) string {
	return `{"Version":"1","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"` + resource + `"}]}`
}

func TestEvaluateOSSDirectoryWorkflow(t *testing.T) {
	pols := []Named{named(t, "oss-dir", "Custom", ossDirPolicy, Permission)}
	tests := []struct {
		name   string
		req    Request
		want   Decision
		stmtIx int
	}{
		{"get inside", Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt"}, Allowed, 1},
		{"get nested", Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:oss-test/dir111/dir111_secondline1/x/y.txt"}, Allowed, 1},
		{"get outside", Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:oss-test/other/a.txt"}, ImplicitDeny, -1},
		{"get parent", Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:oss-test/dir111/a.txt"}, ImplicitDeny, -1},
		{"get other bucket", Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:oss-test2/dir111/dir111_secondline1/a.txt"}, ImplicitDeny, -1},
		{"action case", Request{Action: "OSS:getobject", Resource: "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt"}, Allowed, 1},
		{"resource case", Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:OSS-test/dir111/dir111_secondline1/a.txt"}, ImplicitDeny, -1},
		{"list inside", Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:oss-test",
			Context: Context{"oss:Prefix": {"dir111/dir111_secondline1/"}}}, Allowed, 0},
		{"list inside deeper", Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:oss-test",
			Context: Context{"OSS:PREFIX": {"dir111/dir111_secondline1/sub/"}}}, Allowed, 0},
		{"list outside", Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:oss-test",
			Context: Context{"oss:Prefix": {"other/"}}}, ImplicitDeny, -1},
		{"list no prefix", Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:oss-test"}, ImplicitDeny, -1},
		{"list root prefix", Request{Action: "oss:ListObjects", Resource: "acs:oss:*:*:oss-test",
			Context: Context{"oss:Prefix": {""}}}, ImplicitDeny, -1},
		{"put", Request{Action: "oss:PutObject", Resource: "acs:oss:*:*:oss-test/dir111/dir111_secondline1/b"}, Allowed, 1},
		{"delete bucket", Request{Action: "oss:DeleteBucket", Resource: "acs:oss:*:*:oss-test"}, ImplicitDeny, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(tt.req, pols)
			if r.Decision != tt.want {
				t.Fatalf("Decision = %v, want %v (%+v)", r.Decision, tt.want, r)
			}
			if tt.stmtIx < 0 {
				if len(r.Matches) != 0 {
					t.Errorf("implicit deny with matches %+v", r.Matches)
				}
				return
			}
			if len(r.Matches) != 1 || r.Matches[0] != (Match{Policy: "oss-dir", Type: "Custom", Statement: tt.stmtIx, Effect: Allow}) {
				t.Errorf("Matches = %+v", r.Matches)
			}
		})
	}
}

func TestEvaluateDenyWins(t *testing.T) {
	pols := []Named{
		named(t, "admin", "System", allow("*", "*"), Permission),
		named(t, "no-delete", "Custom", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get*","Resource":"*"},
			{"Effect":"Deny","Action":"oss:Delete*","Resource":"acs:oss:*:*:prod/*"}]}`, Permission),
	}
	r := Evaluate(Request{Action: "oss:DeleteObject", Resource: "acs:oss:*:*:prod/x"}, pols)
	if r.Decision != ExplicitDeny || len(r.Matches) != 1 || r.Matches[0].Policy != "no-delete" || r.Matches[0].Statement != 1 || r.Matches[0].Effect != Deny {
		t.Errorf("got %+v", r)
	}
	r = Evaluate(Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:prod/x"}, pols)
	if r.Decision != Allowed || len(r.Matches) != 2 {
		t.Errorf("allow should list both allow statements: %+v", r)
	}
	if r := Evaluate(Request{Action: "oss:GetObject", Resource: "x"}, nil); r.Decision != ImplicitDeny {
		t.Errorf("no policies: %+v", r)
	}
	if r := Evaluate(Request{Action: "oss:GetObject", Resource: "x"}, []Named{{Name: "nil"}}); r.Decision != ImplicitDeny {
		t.Errorf("nil doc: %+v", r)
	}
}

func TestEvaluateActionAndResourceMatching(t *testing.T) {
	tests := []struct {
		action, resource string // policy
		reqAction        string
		reqResource      string
		want             bool
	}{
		{"*", "*", "anything:Goes", "acs:x", true},
		{"oss:*", "*", "oss:GetObject", "r", true},
		{"oss:*", "*", "ossx:GetObject", "r", false},
		{"ecs:Describe*", "*", "ecs:DescribeInstances", "r", true},
		{"ecs:Describe*", "*", "ECS:describeinstances", "r", true},
		{"ecs:Describe*", "*", "ecs:CreateInstance", "r", false},
		{"ecs:*NetworkInterface*", "*", "ecs:AttachNetworkInterface", "r", true},
		{"ecs:*NetworkInterface*", "*", "ecs:AttachDisk", "r", false},
		{"ram:Get?ser", "*", "ram:GetUser", "r", true},
		{"ram:Get?ser", "*", "ram:GetUUser", "r", false},
		{"*:Get*", "*", "oss:GetObject", "r", true},
		{"*:Get*", "*", "oss:PutObject", "r", false},
		{"oss:GetObject", "acs:oss:*:*:b/*", "oss:GetObject", "acs:oss:*:*:b/a/b/c", true},
		{"oss:GetObject", "acs:oss:*:*:b/*", "oss:GetObject", "acs:oss:*:*:b", false},
		{"oss:GetObject", "acs:oss:*:*:b*", "oss:GetObject", "acs:oss:*:*:b", true},
		{"oss:GetObject", "acs:oss:*:*:*", "oss:GetObject", "acs:oss:cn-hangzhou:123:b/x", true}, // * spans ":"
		{"oss:GetObject", "acs:oss:*:*:*", "oss:GetObject", "acs:oss:*:*:b/x", true},
		{"oss:GetObject", "acs:oss:*", "oss:GetObject", "acs:oss:cn-hangzhou:123:b/x", true},
		{"oss:GetObject", "acs:oss:*:123:b/*.txt", "oss:GetObject", "acs:oss:*:123:b/a/b.txt", true},
		{"oss:GetObject", "acs:oss:*:123:b/*.txt", "oss:GetObject", "acs:oss:*:123:b/a/b.txt2", false},
		{"oss:GetObject", "acs:oss:*:*:b/文件?.txt", "oss:GetObject", "acs:oss:*:*:b/文件中.txt", true},
		{"oss:GetObject", "acs:oss:*:*:b/文件??.txt", "oss:GetObject", "acs:oss:*:*:b/文件中.txt", false},
		{"oss:GetObject", "acs:oss:*:*:B/*", "oss:GetObject", "acs:oss:*:*:b/x", false},
		{"ram:*", "acs:ram:*:123:user/*", "ram:CreateUser", "acs:ram:*:123:user/alice", true},
		{"ram:*", "acs:ram:*:123:user/*", "ram:CreateUser", "acs:ram:*:456:user/alice", false},
	}
	for _, tt := range tests {
		d := mustParse(t, allow(tt.action, tt.resource), Permission)
		got := Evaluate(Request{Action: tt.reqAction, Resource: tt.reqResource}, []Named{{Name: "p", Doc: d}}).Decision == Allowed
		if got != tt.want {
			t.Errorf("policy %s on %s, request %s on %s: allowed=%v, want %v", tt.action, tt.resource, tt.reqAction, tt.reqResource, got, tt.want)
		}
		// A hand-built (uncompiled) copy must decide the same.
		got = Evaluate(Request{Action: tt.reqAction, Resource: tt.reqResource}, []Named{{Name: "p", Doc: d.Clone()}}).Decision == Allowed
		if got != tt.want {
			t.Errorf("clone: policy %s on %s, request %s on %s: allowed=%v", tt.action, tt.resource, tt.reqAction, tt.reqResource, got)
		}
	}
}

func TestEvaluateNotAction(t *testing.T) {
	d := mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","NotAction":["ram:*","sts:*"],"Resource":"*"}]}`, Permission)
	pols := []Named{{Name: "p", Doc: d}}
	for action, want := range map[string]Decision{
		"oss:GetObject": Allowed, "ecs:RunInstances": Allowed, "ram:CreateUser": ImplicitDeny, "STS:AssumeRole": ImplicitDeny,
	} {
		if got := Evaluate(Request{Action: action, Resource: "acs:x"}, pols).Decision; got != want {
			t.Errorf("%s: %v, want %v", action, got, want)
		}
	}
	deny := mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","NotAction":"oss:Get*","Resource":"acs:oss:*:*:ro/*"}]}`, Permission)
	pols = []Named{{Name: "d", Doc: deny}}
	if got := Evaluate(Request{Action: "oss:PutObject", Resource: "acs:oss:*:*:ro/x"}, pols).Decision; got != ExplicitDeny {
		t.Errorf("NotAction deny: %v", got)
	}
	if got := Evaluate(Request{Action: "oss:GetObject", Resource: "acs:oss:*:*:ro/x"}, pols).Decision; got != Allowed {
		t.Errorf("NotAction deny exempt: %v", got)
	}
}

func TestEvaluateSession(t *testing.T) {
	role := []Named{named(t, "AliyunOSSFullAccess", "System", allow("oss:*", "*"), Permission)}
	session := named(t, "session", "Session", allow("oss:GetObject", "*"), Session)
	req := func(a string) Request { return Request{Action: a, Resource: "acs:oss:*:*:b/x"} }

	r := EvaluateSession(req("oss:PutObject"), role, &session)
	if r.Decision != ImplicitDeny || r.DeniedBy != DeniedBySession {
		t.Errorf("put: %+v", r)
	}
	r = EvaluateSession(req("oss:GetObject"), role, &session)
	if r.Decision != Allowed || len(r.Matches) != 2 || r.Matches[1].Type != "Session" || r.DeniedBy != "" {
		t.Errorf("get: %+v", r)
	}
	r = EvaluateSession(req("ecs:RunInstances"), role, &session)
	if r.Decision != ImplicitDeny || r.DeniedBy != DeniedByBoth {
		t.Errorf("ecs: %+v", r)
	}
	broad := named(t, "session", "Session", allow("*", "*"), Session)
	r = EvaluateSession(req("ecs:RunInstances"), role, &broad)
	if r.Decision != ImplicitDeny || r.DeniedBy != DeniedByIdentity {
		t.Errorf("session cannot widen: %+v", r)
	}
	denySess := named(t, "session", "Session", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"oss:Get*","Resource":"*"}]}`, Session)
	r = EvaluateSession(req("oss:GetObject"), role, &denySess)
	if r.Decision != ExplicitDeny || r.DeniedBy != DeniedBySession || len(r.Matches) != 1 || r.Matches[0].Statement != 1 {
		t.Errorf("session deny: %+v", r)
	}
	r = EvaluateSession(req("oss:PutObject"), role, nil)
	if r.Decision != Allowed {
		t.Errorf("no session policy: %+v", r)
	}
	r = EvaluateSession(req("ecs:X"), role, nil)
	if r.Decision != ImplicitDeny || r.DeniedBy != DeniedByIdentity {
		t.Errorf("no session policy, no allow: %+v", r)
	}
}
