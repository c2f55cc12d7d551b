package kit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date and age formatting shared by the screens.

// Date is a day ("2006-01-02"), "-" for zero.
func Date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02")
}

// DateTime is a day and minute, "-" for zero.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// Ago says how long ago t was, coarsely: "5m ago", "3h ago", "12d ago", "2y ago"; "never" for
// zero.
func Ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	case d < 730*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	}
	return fmt.Sprintf("%dy ago", int(d.Hours()/24/365))
}

// Days is the whole days from t to now (0 for zero).
func Days(now, t time.Time) int {
	if t.IsZero() {
		return 0
	}
	return int(now.Sub(t).Hours() / 24)
}

// Duration is a session length: "1h", "1h30m", "-" for none.
func Duration(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
}

// Plural says "1 policy" / "3 policies".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// PrettyJSON indents a JSON document for editing (with a final newline); anything else is
// returned as it is.
func PrettyJSON(doc string) string {
	var pretty bytes.Buffer
	if json.Indent(&pretty, []byte(doc), "", "  ") == nil {
		return pretty.String() + "\n"
	}
	return doc
}

// SameJSON reports whether two documents are the same JSON value (edits of layout only).
func SameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
