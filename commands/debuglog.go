package commands

import (
	"context"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/views"
)

// debugLog is --debug FILE: one line per message the TUI handles and per API call it makes.
//
// Secrets are kept out by construction rather than by searching the text afterwards:
//   - API calls come from ramclient's call log, which never holds a secret;
//   - a message is written field by field: a field whose name says secret, token or password
//     is written as [redacted]; pointers, maps, funcs and channels are written as their type
//     only (a *ramclient.Client holds its credentials behind one); an error is its message;
//   - typed characters are not written (they may be a password typed into a form), only
//     that runes were typed and named keys such as enter or ctrl+c.
type debugLog struct {
	mu sync.Mutex
	w  io.WriteCloser
}

// openDebugLog creates (or truncates) the file, readable by the user only.
func openDebugLog(path string) (*debugLog, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("--debug: %w", err)
	}
	l := &debugLog{w: f}
	b := currentBuild()
	l.printf("start %s", b)
	return l, nil
}

func (l *debugLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, time.Now().Format("15:04:05.000")+" "+format+"\n", args...)
}

func (l *debugLog) Close() error {
	l.printf("end")
	return l.w.Close()
}

// watchCalls logs the API calls of every client connect makes. Clients made for a role
// session share the first client's call log, so they are covered too.
func (l *debugLog) watchCalls(connect views.Connect) views.Connect {
	return func(ctx context.Context) (*ramclient.Client, error) {
		c, err := connect(ctx)
		if err != nil || c == nil {
			l.printf("connect error %q", errText(err))
			return c, err
		}
		calls, stop := c.Log().Subscribe(256)
		go func() {
			defer stop()
			for e := range calls {
				l.printf("api %s target=%q outcome=%s duration=%s attempts=%d request=%s",
					e.Action, e.Target, e.Outcome, e.Duration.Round(time.Millisecond), e.Attempts, e.RequestID)
			}
		}()
		return c, nil
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// wrap logs every message m receives.
func (l *debugLog) wrap(m tea.Model) tea.Model { return debugModel{Model: m, log: l} }

type debugModel struct {
	tea.Model
	log *debugLog
}

func (d debugModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	d.log.printf("msg %s", describeMsg(msg))
	m, cmd := d.Model.Update(msg)
	d.Model = m
	return d, cmd
}

// describeMsg writes a message for the debug log, secrets redacted (see debugLog).
func describeMsg(msg tea.Msg) string {
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.Type == tea.KeyRunes {
			return fmt.Sprintf("tea.KeyMsg runes (%d, not logged)", len(k.Runes))
		}
		return "tea.KeyMsg " + k.String()
	}
	var b strings.Builder
	describe(&b, reflect.ValueOf(msg), 0)
	return b.String()
}

// maxDepth and maxItems bound a line: a page of 100 users is summarised, not dumped.
const (
	maxDepth  = 4
	maxItems  = 8
	maxString = 200
)

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// secretField reports whether a field's name says it holds a secret.
func secretField(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "secret") || strings.Contains(n, "token") || strings.Contains(n, "password") ||
		strings.Contains(n, "credential")
}

func describe(b *strings.Builder, v reflect.Value, depth int) {
	if !v.IsValid() {
		b.WriteString("nil")
		return
	}
	if v.Kind() != reflect.Interface && v.Type().Implements(errorType) && v.CanInterface() {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			b.WriteString("nil")
			return
		}
		fmt.Fprintf(b, "%s(%q)", v.Type(), trimString(v.Interface().(error).Error()))
		return
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		describe(b, v.Elem(), depth)
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		b.WriteString("(" + v.Type().String() + ")")
	case reflect.String:
		fmt.Fprintf(b, "%q", trimString(v.String()))
	case reflect.Bool:
		fmt.Fprint(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.Type() == reflect.TypeOf(time.Duration(0)) {
			b.WriteString(time.Duration(v.Int()).String())
			return
		}
		fmt.Fprint(b, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		fmt.Fprint(b, v.Uint())
	case reflect.Float32, reflect.Float64:
		fmt.Fprint(b, v.Float())
	case reflect.Slice, reflect.Array:
		if depth >= maxDepth {
			fmt.Fprintf(b, "%s(len %d)", v.Type(), v.Len())
			return
		}
		b.WriteString("[")
		for i := 0; i < v.Len() && i < maxItems; i++ {
			if i > 0 {
				b.WriteString(" ")
			}
			describe(b, v.Index(i), depth+1)
		}
		if v.Len() > maxItems {
			fmt.Fprintf(b, " ...%d more", v.Len()-maxItems)
		}
		b.WriteString("]")
	case reflect.Struct:
		t := v.Type()
		if t == reflect.TypeOf(time.Time{}) && v.CanInterface() {
			b.WriteString(v.Interface().(time.Time).Format(time.RFC3339))
			return
		}
		if depth >= maxDepth {
			b.WriteString(t.String() + "{...}")
			return
		}
		b.WriteString(t.String() + "{")
		for i := 0; i < t.NumField(); i++ {
			if i > 0 {
				b.WriteString(" ")
			}
			f := t.Field(i)
			b.WriteString(f.Name + ":")
			if secretField(f.Name) {
				b.WriteString("[redacted]")
				continue
			}
			describe(b, v.Field(i), depth+1)
		}
		b.WriteString("}")
	default:
		b.WriteString("(" + v.Type().String() + ")")
	}
}

func trimString(s string) string {
	if len(s) > maxString {
		return s[:maxString] + "..."
	}
	return s
}
