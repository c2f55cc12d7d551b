package ramclient

import (
	"errors"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
)

// CallEntry is one API call as the call log records it. It never holds a secret: targets are
// names and ARNs, and Params leave out every parameter whose name says it is one (passwords,
// tokens, assertions, MFA codes) and the signing parameters (AccessKeyId, Signature ...), which
// are never taken from a signed request.
type CallEntry struct {
	Seq       uint64 // increasing from 1, so a UI can tell what is new
	Time      time.Time
	Action    string        // e.g. "ListUsers"
	Target    string        // user/group/role/policy name, ARN, or "" for account-wide calls
	Duration  time.Duration // from the first attempt to the final answer, waits included
	Outcome   string        // "OK", or the error code ("EntityNotExist.User", "Unreachable", "Canceled" ...)
	Kind      Kind          // KindOther on success
	RequestID string        // the final response's RequestId, when there was one
	Attempts  int           // 0 for a call refused before sending
	Message   string        // the error's message, "" on success
	Hint      string        // what to do about the error, when ramclient knows
	Params    []Param       // the request's parameters by name, secrets left out
}

// Param is one request parameter as the call log keeps it.
type Param struct{ Name, Value string }

// Refused is the Outcome of a call that client-side validation refused: nothing was sent.
const Refused = "Refused"

// Refused reports whether the call was refused before sending (Message says why).
func (e CallEntry) Refused() bool { return e.Outcome == Refused }

// OK reports whether the call succeeded.
func (e CallEntry) OK() bool { return e.Outcome == "OK" }

// CallLog is a bounded ring of the most recent calls. It is safe for concurrent use.
type CallLog struct {
	mu      sync.Mutex
	ring    []CallEntry
	next    int // where the next entry goes
	full    bool
	seq     uint64
	subs    map[int]chan CallEntry
	subID   int
	dropped uint64
}

// NewCallLog makes a log that keeps the last size entries (size <= 0: 1000). Clients make their
// own unless Options.CallLog hands them one to share.
func NewCallLog(size int) *CallLog {
	if size <= 0 {
		size = 1000
	}
	return &CallLog{ring: make([]CallEntry, size), subs: map[int]chan CallEntry{}}
}

func (l *CallLog) add(e CallEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	l.ring[l.next] = e
	l.next = (l.next + 1) % len(l.ring)
	if l.next == 0 {
		l.full = true
	}
	for _, ch := range l.subs {
		// Never block a call on a slow subscriber: it misses entries instead (and can
		// re-read Entries()).
		select {
		case ch <- e:
		default:
			l.dropped++
		}
	}
}

// Entries returns the recorded calls, oldest first.
func (l *CallLog) Entries() []CallEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.full {
		return append([]CallEntry(nil), l.ring[:l.next]...)
	}
	out := make([]CallEntry, 0, len(l.ring))
	out = append(out, l.ring[l.next:]...)
	return append(out, l.ring[:l.next]...)
}

// Subscribe returns a channel that receives every new entry, and a function that ends the
// subscription (and closes the channel). buffer is the channel's capacity (at least 1); a
// subscriber that falls more than buffer entries behind misses entries rather than slowing calls.
func (l *CallLog) Subscribe(buffer int) (<-chan CallEntry, func()) {
	if buffer < 1 {
		buffer = 1
	}
	ch := make(chan CallEntry, buffer)
	l.mu.Lock()
	l.subID++
	id := l.subID
	l.subs[id] = ch
	l.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.subs, id)
			l.mu.Unlock()
			close(ch)
		})
	}
}

// Dropped counts entries that subscribers missed because their channel was full.
func (l *CallLog) Dropped() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dropped
}

// secretParam reports whether a request parameter's name says it holds a secret, or is one of
// the signing parameters: the call log never keeps those.
func secretParam(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"secret", "token", "password", "credential", "signature", "assertion", "authenticationcode"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	switch n {
	case "accesskeyid", "signaturenonce", "timestamp", "format", "version", "action":
		return true
	}
	return false
}

// loggedParams are the parameters of an unsigned request (a fresh build, never the one sent:
// signing adds the AccessKey id, the signature and the STS token to that one), sorted by name,
// empty and secret ones left out.
func loggedParams(req requests.AcsRequest) []Param {
	if requests.InitParams(req) != nil {
		return nil
	}
	var out []Param
	for _, m := range []map[string]string{req.GetQueryParams(), req.GetFormParams()} {
		for k, v := range m {
			if v != "" && !secretParam(k) {
				out = append(out, Param{k, v})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// refuse records a call that client-side validation refused (nothing was sent) and returns
// err unchanged. An error refused once is not recorded again by a caller that passes it on.
func (c *Client) refuse(err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindInvalidInput || e.HTTPStatus != 0 || e.Code != "" || e.refused {
		return err
	}
	e.refused = true
	c.log.add(CallEntry{Time: time.Now(), Action: e.Action, Outcome: Refused, Kind: e.Kind, Message: e.Message, Hint: e.Hint})
	return err
}
