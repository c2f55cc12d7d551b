package lazyre

import (
	"sync"
	"testing"
)

func TestCompiledOnceAndMatches(t *testing.T) {
	r := New(`^[a-z]{1,8}$`)
	if r.re != nil {
		t.Fatal("compiled before first use")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); _ = r.MatchString("abc") }()
	}
	wg.Wait()
	first := r.Compiled()
	if !r.MatchString("abc") || r.MatchString("ABC") || r.MatchString("abcdefghi") {
		t.Fatal("wrong matches")
	}
	if r.Compiled() != first || r.String() != `^[a-z]{1,8}$` {
		t.Fatal("compiled twice or lost its source")
	}
}

func TestBadPatternPanicsOnUse(t *testing.T) {
	r := New(`(`)
	defer func() {
		if recover() == nil {
			t.Fatal("a bad pattern did not panic on first use")
		}
	}()
	r.MatchString("x")
}
