package parallel

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestEachRunsAllAndReturnsAnError(t *testing.T) {
	var ran atomic.Int32
	boom := errors.New("boom")
	err := Each(10, func(i int) error {
		ran.Add(1)
		if i == 3 {
			return boom
		}
		return nil
	})
	if ran.Load() != 10 || !errors.Is(err, boom) {
		t.Fatalf("ran %d, err %v; want 10 and boom", ran.Load(), err)
	}
	if err := Each(0, func(int) error { return boom }); err != nil {
		t.Fatalf("Each(0) = %v", err)
	}
}
