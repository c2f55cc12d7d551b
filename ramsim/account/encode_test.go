package account

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"
)

// hostile is text that encoding/json escapes one way or another.
var hostile = []string{
	"", "alice", "王小明", "a\"b\\c", "<script>&amp;</script>", "\x00\x01\x07\x08\x0c\x1b\x1f\x7f",
	"tab\there\nnewline\rcr", "line\u2028sep\u2029para", "bad\xffutf8\xc3", "emoji 😀 and \u200b zero width",
	"\u0085 next line", "ends with \\",
}

// The hand-written user JSON is encoding/json's, byte for byte, whatever the text and dates.
func TestUserJSONIsEncodingJSON(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	times := []time.Time{{}, time.Date(2024, 2, 29, 23, 59, 59, 999, time.UTC),
		time.Date(2026, 1, 1, 7, 5, 3, 0, shanghai), time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC),
		time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i, s := range hostile {
		u := &user{ID: hostile[(i+1)%len(hostile)], Name: s, DisplayName: s, MobilePhone: hostile[(i+2)%len(hostile)],
			Email: hostile[(i+3)%len(hostile)], Comments: s + s, Created: times[i%len(times)],
			Updated: times[(i+1)%len(times)], LastLogin: times[(i+2)%len(times)]}
		checkUserJSON(t, u)
	}
}

func checkUserJSON(t *testing.T, u *user) {
	t.Helper()
	want, err := json.Marshal(u.listView())
	if err != nil {
		t.Fatal(err)
	}
	if got := appendUserJSON(nil, u); !bytes.Equal(got, want) {
		t.Fatalf("user %q:\n got %s\nwant %s", u.Name, got, want)
	}
}

// appendTime is fmtTime over the whole range it computes itself, and around it.
func TestAppendTime(t *testing.T) {
	const day = 86400
	for sec := int64(-3 * day); sec < 253402300800+3*day; sec += 7*day + 3601 {
		at := time.Unix(sec, 999999999)
		if got, want := string(appendTime(nil, at)), fmtTime(at); got != want {
			t.Fatalf("%d: got %s, want %s", sec, got, want)
		}
	}
	for _, at := range []time.Time{time.Date(2000, 2, 29, 23, 59, 59, 0, time.UTC), time.Date(2100, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)} {
		if got, want := string(appendTime(nil, at)), fmtTime(at); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	}
}

func FuzzUserJSON(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, s+"x", int64(1700000000))
	}
	f.Fuzz(func(t *testing.T, name, comments string, unix int64) {
		at := time.Unix(unix%(1<<40), 0)
		checkUserJSON(t, &user{ID: comments, Name: name, Comments: comments, Email: name, Created: at, LastLogin: at})
	})
}

// A whole ListUsers page (first, middle, last) is the bytes encoding/json wrote for the
// structs it replaced.
func TestUsersPageIsEncodingJSON(t *testing.T) {
	a, err := New(Options{Seed: "scale:250"})
	if err != nil {
		t.Fatal(err)
	}
	root := Identity{Type: IdentityRoot, AccountID: a.ID()}
	a.mu.Lock()
	for i, k := range sortedKeys(a.s.Users)[:len(hostile)] { // hostile text in the first page
		a.s.Users[k].Comments, a.s.Users[k].DisplayName = hostile[i], hostile[len(hostile)-1-i]
		a.s.Users[k].LastLogin = testStart // not listed (GetUser has it)
	}
	a.mu.Unlock()
	marker, pages := "", 0
	for {
		params := map[string]string{"MaxItems": "100"}
		if marker != "" {
			params["Marker"] = marker
		}
		resp, _, e := a.Invoke(Request{Product: RAM, Action: "ListUsers", Params: params, Caller: root})
		if e != nil {
			t.Fatal(e)
		}
		got := resp.(*Encoded).JSON
		var pg page
		if err := json.Unmarshal(got, &pg); err != nil {
			t.Fatal(err)
		}
		a.mu.RLock()
		keys, info := pager{max: 100, after: markerName(t, marker)}.slice(sortedKeys(a.s.Users))
		out := usersList{User: []userView{}}
		for _, k := range keys {
			out.User = append(out.User, a.s.Users[k].listView())
		}
		a.mu.RUnlock()
		want, err := json.Marshal(struct {
			page
			Users usersList `json:"Users"`
		}{info, out})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("page %d:\n got %.300s\nwant %.300s", pages, got, want)
		}
		pages++
		if !pg.IsTruncated {
			break
		}
		marker = pg.Marker
	}
	if pages < 3 {
		t.Fatalf("%d pages, want 3 at least", pages)
	}
}

func markerName(t *testing.T, marker string) string {
	raw, err := base64.RawURLEncoding.DecodeString(marker)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
