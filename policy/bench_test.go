package policy

import (
	"fmt"
	"strings"
	"testing"
)

// benchPolicies builds 10 policies of 10 statements each: exact, prefix and mid-string
// wildcard actions, bucket/object ARNs with several wildcards, and a few conditions.
func benchPolicies(tb testing.TB) []Named {
	services := []string{"oss", "ecs", "rds", "vpc", "slb", "kms", "log", "cms", "fc", "nas"}
	var pols []Named
	for p := 0; p < 10; p++ {
		var stmts []string
		for s := 0; s < 10; s++ {
			svc := services[(p+s)%len(services)]
			var st string
			switch s % 5 {
			case 0:
				st = fmt.Sprintf(`{"Effect":"Allow","Action":["%s:Describe*","%s:List*","%s:Get*"],"Resource":"*"}`, svc, svc, svc)
			case 1:
				st = fmt.Sprintf(`{"Effect":"Allow","Action":["%s:GetObject","%s:PutObject"],"Resource":["acs:%s:*:*:bucket-%d/dir-%d/*","acs:%s:*:*:bucket-%d/shared/*/public/*"]}`,
					svc, svc, svc, p, s, svc, p)
			case 2:
				st = fmt.Sprintf(`{"Effect":"Allow","Action":"%s:ListObjects","Resource":"acs:%s:*:*:bucket-%d","Condition":{"StringLike":{"oss:Prefix":["dir-%d/*"]}}}`,
					svc, svc, p, s)
			case 3:
				st = fmt.Sprintf(`{"Effect":"Deny","Action":"%s:Delete*","Resource":"acs:%s:*:*:prod-*","Condition":{"NotIpAddress":{"acs:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}}`,
					svc, svc)
			case 4:
				st = fmt.Sprintf(`{"Effect":"Allow","Action":"%s:*Instance*","Resource":"acs:%s:cn-hangzhou:123456789012:instance/i-%d*","Condition":{"Bool":{"acs:SecureTransport":"true"}}}`,
					svc, svc, s)
			}
			stmts = append(stmts, st)
		}
		doc := `{"Version":"1","Statement":[` + strings.Join(stmts, ",") + `]}`
		pols = append(pols, Named{Name: fmt.Sprintf("policy-%d", p), Type: "Custom", Doc: mustParse(tb, doc, Permission)})
	}
	return pols
}

var benchRequests = []Request{
	{Action: "oss:GetObject", Resource: "acs:oss:*:*:bucket-3/dir-8/report.csv",
		Context: Context{"acs:SourceIp": {"10.1.2.3"}, "acs:SecureTransport": {"true"}}},
	{Action: "oss:ListObjects", Resource: "acs:oss:*:*:bucket-0",
		Context: Context{"oss:Prefix": {"dir-2/x/"}, "acs:SourceIp": {"8.8.8.8"}}},
	{Action: "ecs:DeleteInstance", Resource: "acs:ecs:*:*:prod-web",
		Context: Context{"acs:SourceIp": {"8.8.8.8"}}},
	{Action: "ram:CreateUser", Resource: "acs:ram:*:123456789012:user/alice",
		Context: Context{"acs:SourceIp": {"10.0.0.1"}}},
}

func TestBenchPoliciesDecide(t *testing.T) {
	pols := benchPolicies(t)
	want := []Decision{Allowed, Allowed, ExplicitDeny, ImplicitDeny}
	for i, req := range benchRequests {
		if got := Evaluate(req, pols).Decision; got != want[i] {
			t.Errorf("request %d (%s): %v, want %v", i, req.Action, got, want[i])
		}
	}
}

// BenchmarkEvaluate: one decision against 10 policies x 10 statements.
// Target: >= 200,000 decisions/s on one core (<= 5µs/op):
//
//	go test -run=^$ -bench=Evaluate -benchmem -cpu=1 ./policy/
func BenchmarkEvaluate(b *testing.B) {
	pols := benchPolicies(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Evaluate(benchRequests[i%len(benchRequests)], pols)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

func BenchmarkEvaluateImplicitDeny(b *testing.B) {
	pols := benchPolicies(b)
	req := benchRequests[3]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Evaluate(req, pols)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

func BenchmarkParse(b *testing.B) {
	doc := benchPolicies(b)[0].Doc.Compact()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(doc, Permission); err != nil {
			b.Fatal(err)
		}
	}
}
