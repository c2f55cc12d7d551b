// Package parallel runs independent calls at once. The engines that fan out reads (assume's
// doctor, access, grant) share this one helper; the client bounds the real concurrency.
package parallel

import "sync"

// Each runs f(0) .. f(n-1) concurrently, waits for all of them and returns the first error.
func Each(n int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			if err := f(i); err != nil {
				once.Do(func() { first = err })
			}
		}()
	}
	wg.Wait()
	return first
}
