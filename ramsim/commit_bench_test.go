package ramsim

import (
	"fmt"
	"path/filepath"
	"testing"
)

// What a change costs with a state file at scale: every change is encoded and written (fsync)
// before it is visible, under the account's write lock.
//
//	go test -run '^$' -bench CommitAtScale -benchtime 5x ./ramsim/
func BenchmarkCommitAtScale(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "state.json")
			sim := startSim(b, Options{Seed: fmt.Sprintf("scale:%d", n), StatePath: path})
			b.ResetTimer()
			for i := range b.N {
				p := commonV1(rootID, "CreateUser", versionRAM)
				p["UserName"] = fmt.Sprintf("bench-%d", i)
				if r := doV1(b, sim.Endpoint, "GET", rootSecret, p); r.Status != 200 {
					b.Fatal(r.Raw)
				}
			}
		})
	}
}
