// Package parallel runs independent calls at once. The engines that fan out reads (assume's
// doctor, access, grant, audit) share this one helper; the client bounds the real concurrency.
package parallel

import (
	"sync"
	"sync/atomic"
)

// Each runs f(0) .. f(n-1) concurrently, waits for all of them and returns the first error.
func Each(n int, f func(i int) error) error {
	return EachN(n, n, f)
}

// EachN is Each on at most workers goroutines, each taking the next i when done with one. For
// thousands of calls (the audit's per-user reads): a goroutine per call would only wait for the
// client's slots, and their stacks cost the garbage collector a scan each cycle.
func EachN(n, workers int, f func(i int) error) error {
	workers = max(1, min(n, workers))
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		next  atomic.Int64
	)
	wg.Add(workers)
	for range workers {
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					once.Do(func() { first = err })
				}
			}
		}()
	}
	wg.Wait()
	return first
}
