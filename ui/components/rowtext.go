package components

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// rowText holds what a table keeps of every row's cells: the lower-case text the filter
// searches and each cell's display width (the layout's histograms). It does not keep the cells:
// those are made again from the item for the few rows drawn.
//
// The text of all rows lives in a few large chunks, back to back, rather than one string per
// row: 100,000 rows are some 40 allocations instead of 100,000, and a filter over every row is
// one bytes.Index pass per chunk, mapped back to rows by offset, instead of a call per row
// through a pointer per row. Chunks only grow: a row whose text changes or that goes leaves a
// dead segment, and the chunks are rewritten once the dead outweigh the live.
type rowText[T any] struct {
	ncols      int
	chunks     []*textChunk
	live, dead int // bytes of text
}

// textChunk is a run of segments, one per row. A segment's text ends where the next begins.
type textChunk struct {
	buf    []byte
	segs   []textSeg
	widths []uint8 // ncols per segment: the cells' display widths (up to 255)
}

type textSeg struct {
	off  int32 // where the text starts in buf
	name int32 // length of the lower-case first cell (fuzzy matches look only there); -1: dead
	pos  int32 // the row's index in the table's order, -1 until placed (a search reads no row)
}

// textRef is where a row's segment is.
type textRef struct{ chunk, seg int32 }

// chunkSize is how much text one chunk holds before the next is started (the chunks are never
// copied to grow past it).
const chunkSize = 64 << 10

// maxWidth is the widest cell width kept: wider cells count as this wide.
const maxWidth = 255

// add stores the text and widths of a row's cells and returns where.
func (s *rowText[T]) add(cells []string) textRef {
	n := len(cells) // the separators
	for _, c := range cells {
		n += len(c)
	}
	c := s.chunkFor(n)
	seg := textSeg{off: int32(len(c.buf)), pos: -1} // placed in the order later
	for i, cell := range cells {
		c.buf = appendLower(c.buf, cell)
		if i == 0 {
			seg.name = int32(len(c.buf)) - seg.off
		}
		c.buf = append(c.buf, ' ') // no term holds a space: a match never spans two cells or rows
		c.widths = append(c.widths, uint8(min(Width(cell), maxWidth)))
	}
	c.segs = append(c.segs, seg)
	s.live += len(c.buf) - int(seg.off)
	return textRef{int32(len(s.chunks) - 1), int32(len(c.segs) - 1)}
}

// appendLower appends s in lower case (what strings.ToLower gives, without its allocation
// for the usual ASCII text).
func appendLower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(buf, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		buf = append(buf, b)
	}
	return buf
}

// kill marks a row's segment dead (the row changed or went).
func (s *rowText[T]) kill(ref textRef) {
	c := s.chunks[ref.chunk]
	n := len(c.text(int(ref.seg)))
	c.segs[ref.seg].name = -1
	s.live -= n
	s.dead += n
}

// setPos records the row's index in the table's order beside its text.
func (s *rowText[T]) setPos(ref textRef, p int) {
	s.chunks[ref.chunk].segs[ref.seg].pos = int32(p)
}

// text is a segment's text.
func (c *textChunk) text(i int) []byte {
	end := len(c.buf)
	if i+1 < len(c.segs) {
		end = int(c.segs[i+1].off)
	}
	return c.buf[c.segs[i].off:end]
}

// hay is a row's lower-case text; name its first cell's.
func (s *rowText[T]) hay(ref textRef) (hay, name []byte) {
	c := s.chunks[ref.chunk]
	t := c.text(int(ref.seg))
	return t, t[:c.segs[ref.seg].name]
}

// widths are the display widths of a row's cells.
func (s *rowText[T]) widths(ref textRef) []uint8 {
	c := s.chunks[ref.chunk]
	return c.widths[int(ref.seg)*s.ncols : int(ref.seg+1)*s.ncols]
}

// compact rewrites the chunks with the rows' live segments only, once those are the minority,
// in the rows' order, and tells each row where its text went.
func (s *rowText[T]) compact(rows []*row[T]) {
	if s.dead < chunkSize || s.dead < s.live {
		return
	}
	old := s.chunks
	s.chunks, s.live, s.dead = nil, 0, 0
	for _, r := range rows {
		c := old[r.text.chunk]
		t := c.text(int(r.text.seg))
		d := s.chunkFor(len(t))
		seg := c.segs[r.text.seg]
		seg.off = int32(len(d.buf))
		d.segs = append(d.segs, seg)
		d.buf = append(d.buf, t...)
		w := int(r.text.seg) * s.ncols
		d.widths = append(d.widths, c.widths[w:w+s.ncols]...)
		s.live += len(t)
		r.text = textRef{int32(len(s.chunks) - 1), int32(len(d.segs) - 1)}
	}
}

// chunkFor returns the chunk n more bytes go into. A table that fills one chunk is a big one:
// the next chunks are made whole at once, with room for as many segments as the last held.
func (s *rowText[T]) chunkFor(n int) *textChunk {
	k := len(s.chunks)
	if k > 0 && len(s.chunks[k-1].buf)+n <= chunkSize {
		return s.chunks[k-1]
	}
	c := &textChunk{}
	if k > 0 {
		segs := len(s.chunks[k-1].segs) + 1
		c.buf = make([]byte, 0, max(n, chunkSize))
		c.segs = make([]textSeg, 0, segs)
		c.widths = make([]uint8, 0, segs*s.ncols)
	}
	s.chunks = append(s.chunks, c)
	return c
}

// search calls hit with the place in the order of every live row whose text holds every term
// of q (q not empty). One bytes.Index pass per chunk looks for the longest term;
// a row it lands in is checked for the others, and the search goes on after that row.
func (s *rowText[T]) search(q query, hit func(pos int32)) {
	first := q.bterms[0]
	for _, t := range q.bterms {
		if len(t) > len(first) {
			first = t
		}
	}
	for _, c := range s.chunks {
		seg, p := 0, 0
		for p < len(c.buf) {
			j := bytes.Index(c.buf[p:], first)
			if j < 0 {
				break
			}
			at := int32(p + j)
			for seg+1 < len(c.segs) && c.segs[seg+1].off <= at {
				seg++
			}
			t := c.text(seg)
			if sg := c.segs[seg]; sg.name >= 0 && sg.pos >= 0 && q.matchExact(t) {
				hit(sg.pos)
			}
			p = int(c.segs[seg].off) + len(t)
		}
	}
}

// searchFuzzy calls hit with the place of every live row matching q fuzzily (see query.match).
func (s *rowText[T]) searchFuzzy(q query, hit func(pos int32)) {
	for _, c := range s.chunks {
		for i, seg := range c.segs {
			if seg.name < 0 || seg.pos < 0 {
				continue
			}
			if t := c.text(i); q.match(t, t[:seg.name]) {
				hit(seg.pos)
			}
		}
	}
}
