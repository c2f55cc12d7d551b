package oss

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// fullListing is the listing without paging, computed the obvious way: every key under the
// prefix, rolled up at the first delimiter after it.
func fullListing(keys []string, prefix, delimiter string) (objects, prefixes []string) {
	seen := map[string]bool{}
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if delimiter != "" {
			if i := strings.Index(k[len(prefix):], delimiter); i >= 0 {
				p := k[:len(prefix)+i+len(delimiter)]
				if !seen[p] {
					seen[p] = true
					prefixes = append(prefixes, p)
				}
				continue
			}
		}
		objects = append(objects, k)
	}
	return objects, prefixes
}

// Paging through a bucket page by page, for every page size, gives exactly the full listing:
// nothing lost or repeated at page boundaries, CommonPrefixes included.
func TestListPagesAddUp(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	parts := []string{"a", "b", "a/", "b/", "/", "ab", "z", "é", "a/b/"}
	for round := 0; round < 200; round++ {
		st := newStore()
		b := &bucket{Name: "bkt", Objects: map[string]*object{}}
		for i := r.IntN(30); i >= 0; i-- {
			var k strings.Builder
			for j := r.IntN(4); j >= 0; j-- {
				k.WriteString(parts[r.IntN(len(parts))])
			}
			st.put(b, k.String(), &object{})
		}
		keys := b.sortedKeys()
		prefix := []string{"", "a", "a/", "b/"}[r.IntN(4)]
		delimiter := []string{"", "/", "b"}[r.IntN(3)]
		wantObjects, wantPrefixes := fullListing(keys, prefix, delimiter)
		for max := 1; max <= 5; max++ {
			var gotObjects, gotPrefixes []string
			after := ""
			for pages := 0; ; pages++ {
				l := b.list(prefix, delimiter, after, max)
				if len(l.keys)+len(l.prefixes) > max || pages > 100 {
					t.Fatalf("page of %d entries, max %d", len(l.keys)+len(l.prefixes), max)
				}
				gotObjects = append(gotObjects, l.keys...)
				gotPrefixes = append(gotPrefixes, l.prefixes...)
				if !l.truncated {
					break
				}
				after = l.next
			}
			slices.Sort(gotPrefixes)
			if !slices.Equal(gotObjects, wantObjects) || !slices.Equal(gotPrefixes, wantPrefixes) {
				t.Fatalf("keys %q prefix %q delimiter %q max %d:\n objects %q\n want    %q\n prefixes %q\n want     %q",
					keys, prefix, delimiter, max, gotObjects, wantObjects, gotPrefixes, wantPrefixes)
			}
		}
	}
}

func TestStoreTotalsFollowChanges(t *testing.T) {
	st := newStore()
	b := &bucket{Name: "bkt", Objects: map[string]*object{}}
	undo := st.put(b, "k", &object{Data: []byte("12345")})
	st.put(b, "k", &object{Data: []byte("12")}) // replace
	if st.bytes != 2 || st.objects != 1 {
		t.Fatalf("after replace: %d bytes %d objects", st.bytes, st.objects)
	}
	st.remove(b, "k")
	if st.bytes != 0 || st.objects != 0 || len(b.sortedKeys()) != 0 {
		t.Fatalf("after remove: %d bytes %d objects %v", st.bytes, st.objects, b.sortedKeys())
	}
	undo() // back to before the first put: no object
	if st.bytes != 0 || st.objects != 0 || b.Objects["k"] != nil {
		t.Fatalf("after undo: %d bytes %d objects", st.bytes, st.objects)
	}
}
