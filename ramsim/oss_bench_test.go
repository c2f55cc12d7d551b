package ramsim

import (
	"strings"
	"testing"

	osssdk "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
)

// BenchmarkOSSPutGetSDK: one PutObject and one GetObject of 1 KiB through the OSS SDK (V4) as
// the demo developer's STS session (role policy evaluated on each call), in memory.
func BenchmarkOSSPutGetSDK(b *testing.B) {
	sim := startSim(b, Options{})
	id, secret := userKey(b, sim, "devops_test")
	cr := assumeOSSRole(b, sim, id, secret, "")
	c := ossClient(sim.Endpoint, cr.id, cr.secret, cr.token, osssdk.SignatureVersionV4)
	body := strings.Repeat("x", 1024)
	const key = "dir111/dir111_secondline1/bench.txt"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := putString(c, "oss-test", key, body); err != nil {
			b.Fatal(err)
		}
		if got, err := getString(c, "oss-test", key); err != nil || len(got) != 1024 {
			b.Fatalf("%d bytes, %v", len(got), err)
		}
	}
}
