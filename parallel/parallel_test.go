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

func TestEachNRunsAllOnAtMostWorkers(t *testing.T) {
	var ran, now, most atomic.Int32
	boom := errors.New("boom")
	err := EachN(1000, 3, func(i int) error {
		n := now.Add(1)
		defer now.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		ran.Add(1)
		if i == 999 {
			return boom
		}
		return nil
	})
	if ran.Load() != 1000 || !errors.Is(err, boom) || most.Load() > 3 {
		t.Fatalf("ran %d, err %v, %d at once; want 1000, boom, at most 3", ran.Load(), err, most.Load())
	}
	if err := EachN(0, 3, func(int) error { return boom }); err != nil {
		t.Fatalf("EachN(0) = %v", err)
	}
}
