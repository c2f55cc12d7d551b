package ramclient

import (
	"context"
	"fmt"
	"slices"
)

// Page sizes: the largest each API allows.
const (
	pageUsers        = 1000
	pageRoles        = 1000
	pagePolicies     = 1000
	pageGroups       = 100
	pageGroupMembers = 1000
)

// rawPage is one page as the SDK decoded it, or, when decode is set, as read so far: its
// marker now, its items when decode runs (deferredPage).
type rawPage[S any] struct {
	items     []S
	next      string
	truncated bool
	decode    func() ([]S, error)
}

// elems returns the page's items, decoding them first if they were left for later.
func (p rawPage[S]) elems() ([]S, error) {
	if p.decode != nil {
		return p.decode()
	}
	return p.items, nil
}

// listing is a paged List* API: fetch gets the page at marker in the SDK's types, conv turns an
// item into the domain type. One generic implementation serves users, groups, roles, policies
// and group members in all three forms (page, stream, all).
type listing[S, T any] struct {
	fetch func(ctx context.Context, marker string) (rawPage[S], error)
	conv  func(S) T
}

func (l listing[S, T]) page(ctx context.Context, marker string) (Page[T], error) {
	p, err := l.fetch(ctx, marker)
	if err != nil {
		return Page[T]{}, err
	}
	items, err := p.elems()
	if err != nil {
		return Page[T]{}, err
	}
	return Page[T]{Items: mapSlice(items, l.conv), NextMarker: p.next, Truncated: p.truncated}, nil
}

// stream calls fn with each page's items, in order. The next page is requested the moment the
// previous one arrives, and decoding (a deferred page's), converting and handing a page to fn
// happen meanwhile, off the critical path: a listing of N pages costs about N round trips.
// fn's error stops the stream.
func (l listing[S, T]) stream(ctx context.Context, fn func([]T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		p   rawPage[S]
		err error
	}
	results := make(chan result, 1)
	go func() {
		defer close(results)
		marker := ""
		for {
			p, err := l.fetch(ctx, marker)
			if err == nil && p.truncated && p.next == marker {
				err = &Error{Kind: KindServer, Message: fmt.Sprintf("the service returned the page marker %q twice", marker)}
			}
			select {
			case results <- result{p, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || !p.truncated || p.next == "" {
				return
			}
			marker = p.next
		}
	}()
	for r := range results {
		if r.err != nil {
			return r.err
		}
		items, err := r.p.elems()
		if err != nil {
			return err
		}
		if len(items) > 0 {
			if err := fn(mapSlice(items, l.conv)); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// all is every item. The pages are kept as they come and joined once at the end: appending
// each page to one slice copied 100,000 users (216 bytes each) about twice over as it grew,
// the largest CPU cost of the listing after the SDK's decoding.
func (l listing[S, T]) all(ctx context.Context) ([]T, error) {
	var pages [][]T
	err := l.stream(ctx, func(items []T) error {
		pages = append(pages, items)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := slices.Concat(pages...)
	if out == nil {
		out = []T{} // none is an empty list, not nil
	}
	return out, nil
}
