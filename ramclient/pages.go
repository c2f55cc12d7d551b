package ramclient

import (
	"context"
	"fmt"
)

// Page sizes: the largest each API allows.
const (
	pageUsers        = 1000
	pageRoles        = 1000
	pagePolicies     = 1000
	pageGroups       = 100
	pageGroupMembers = 1000
)

// pageFunc fetches the page that starts at marker ("" = the first).
type pageFunc[T any] func(ctx context.Context, marker string) (Page[T], error)

// streamPages calls fn with each page's items, in order. The next page is requested as soon as
// the previous one arrives, so fn's work overlaps the next round trip. fn's error stops the
// stream and is returned.
func streamPages[T any](ctx context.Context, page pageFunc[T], fn func([]T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		p   Page[T]
		err error
	}
	results := make(chan result, 1)
	go func() {
		defer close(results)
		marker := ""
		for {
			p, err := page(ctx, marker)
			select {
			case results <- result{p, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || !p.Truncated || p.NextMarker == "" {
				return
			}
			if p.NextMarker == marker {
				select {
				case results <- result{err: &Error{Kind: KindServer, Message: fmt.Sprintf("the service returned the same page marker %q twice", marker)}}:
				case <-ctx.Done():
				}
				return
			}
			marker = p.NextMarker
		}
	}()
	for r := range results {
		if r.err != nil {
			return r.err
		}
		if len(r.p.Items) > 0 {
			if err := fn(r.p.Items); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// allPages collects every page.
func allPages[T any](ctx context.Context, page pageFunc[T]) ([]T, error) {
	out := []T{}
	err := streamPages(ctx, page, func(items []T) error {
		out = append(out, items...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
