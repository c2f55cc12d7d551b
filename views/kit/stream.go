package kit

import (
	"context"
	"strconv"
	"sync"

	"github.com/ramtui/ramtui/ramclient"
)

// Streamed adapts a callback stream (ramclient's Stream* calls: a listing's next page is on its
// way while the last is decoded, and nothing waits for the screen) to Fetch's page-at-a-time
// loop: the first fetch starts the stream in the background and later fetches take what it has
// handed over since (at least one chunk), so a slow screen takes several chunks at once. The
// "marker" names the stream, so a refresh (a new first fetch) never mixes with an old one.
func Streamed[S, T any](stream func(ctx context.Context, fn func([]S) error) error, conv func([]S) []T) Fetch[T] {
	ss := &streams[S]{m: map[string]*chunks[S]{}}
	return func(ctx context.Context, marker string) (ramclient.Page[T], error) {
		ss.mu.Lock()
		if marker == "" {
			ss.next++
			marker = "stream-" + strconv.Itoa(ss.next)
			s := &chunks[S]{ch: make(chan []S, 16)}
			ss.m[marker] = s
			go func() {
				s.err = stream(ctx, func(items []S) error {
					select {
					case s.ch <- items:
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				})
				close(s.ch)
			}()
		}
		s := ss.m[marker]
		ss.mu.Unlock()
		if s == nil {
			return ramclient.Page[T]{}, context.Canceled
		}
		items, ok := <-s.ch
	drain:
		for ok {
			select {
			case more, open := <-s.ch:
				if !open {
					ok = false
					break drain
				}
				items = append(items, more...)
			default:
				break drain
			}
		}
		if !ok {
			ss.mu.Lock()
			delete(ss.m, marker)
			ss.mu.Unlock()
			return ramclient.Page[T]{Items: conv(items)}, s.err
		}
		return ramclient.Page[T]{Items: conv(items), Truncated: true, NextMarker: marker}, nil
	}
}

type streams[S any] struct {
	mu   sync.Mutex
	next int
	m    map[string]*chunks[S]
}

type chunks[S any] struct {
	ch  chan []S
	err error // set before ch is closed
}
