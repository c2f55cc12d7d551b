package bench

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/ramtui/ramtui/audit"
)

// BenchmarkAudit measures the whole audit (audit.Load and audit.Check, as `ramtui audit` and
// :audit do) against its bound: 3 × the time to list every user and every user's AccessKeys
// (ListUsers pages and one ListAccessKeys per user, no last use: the Keys tab reads that only
// for the rows on screen), both on the same simulator and latency.
//
//	go test -run '^$' -bench Audit -benchtime 1x ./bench/ -args -scale 1000,10000 -latency 50ms
//
// It reports ms (the audit), check-ms (of which the checks, no calls), list-ms (users and keys), x (their ratio: the bound is 3),
// round-trips and list-round-trips, and findings. Above 3,500 users the service makes no
// credential report, so at 10,000 the audit reads per user and per key only what a finding
// can depend on (audit/load.go readUser): a key's last use only for an active key old enough
// to be unused for 90 days, or while its user may be inactive; console access unless the user
// has a virtual MFA device and no active key; MFA and the last sign-in where they decide.
func BenchmarkAudit(b *testing.B) {
	lats := parseList(b, *latencies, time.ParseDuration)
	ns := parseList(b, *scales, strconv.Atoi)
	for _, n := range ns {
		for _, lat := range lats {
			b.Run(fmt.Sprintf("scale=%d/latency=%v", n, lat), func(b *testing.B) {
				e := startEnv(b, n, lat)
				ctx := context.Background()
				var auditD, listD, checkD time.Duration
				var auditRT, listRT uint64
				findings, runs := 0, 0
				for b.Loop() {
					before, start := e.calls(), time.Now()
					errs := make([]error, 2)
					done := make(chan struct{})
					go func() { _, errs[0] = e.c.AllUsers(ctx); done <- struct{}{} }()
					go func() { _, errs[1] = e.c.AllAccessKeys(ctx); done <- struct{}{} }()
					<-done
					<-done
					if errs[0] != nil || errs[1] != nil {
						b.Fatal(errs)
					}
					listD += time.Since(start)
					listRT += e.calls() - before

					before, start = e.calls(), time.Now()
					snap, err := audit.Load(ctx, e.c)
					if err != nil {
						b.Fatal(err)
					}
					checkStart := time.Now()
					r := audit.Check(snap, time.Now())
					checkD += time.Since(checkStart)
					auditD += time.Since(start)
					auditRT += e.calls() - before
					findings += len(r.Findings)
					runs++
				}
				ms := func(d time.Duration) float64 { return float64(d.Milliseconds()) / float64(runs) }
				b.ReportMetric(ms(auditD), "ms")
				b.ReportMetric(ms(listD), "list-ms")
				b.ReportMetric(ms(checkD), "check-ms")
				b.ReportMetric(float64(auditD)/float64(listD), "x")
				b.ReportMetric(float64(auditRT)/float64(runs), "round-trips")
				b.ReportMetric(float64(listRT)/float64(runs), "list-round-trips")
				b.ReportMetric(float64(findings)/float64(runs), "findings")
			})
		}
	}
}
