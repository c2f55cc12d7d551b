package ramclient

import (
	"errors"
	"runtime"
	"strings"
	"unicode"
)

// splitCommand splits an External profile's process_command into argv exactly as the aliyun CLI
// does (config/command_split.go, Apache-2.0), so a profile behaves the same in both tools: no
// shell, so no $VAR, ~ or pipes, but quotes group an argument. On Unix the rules are POSIX
// shlex's: outside quotes '\' escapes the next character; inside double quotes it escapes only
// '"', '\', '$' and '`'; backslash-newline is a line continuation; inside single quotes all is
// literal. On Windows '\' is a literal path separator, except '\"' inside double quotes.
func splitCommand(command string) ([]string, error) { return splitCommandFor(command, runtime.GOOS) }

func splitCommandFor(command, goos string) ([]string, error) {
	windows := goos == "windows"
	var (
		args              []string
		cur               strings.Builder
		inSingle, inDoubl bool
		started           bool // a token has begun, even an empty quoted one ("")
	)
	flush := func() {
		if started {
			args = append(args, cur.String())
			cur.Reset()
			started = false
		}
	}
	rs := []rune(strings.TrimSpace(command))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case inSingle:
			if r == '\'' {
				inSingle = false
			} else {
				cur.WriteRune(r)
			}
		case inDoubl:
			if r == '"' {
				inDoubl = false
				continue
			}
			if r == '\\' && i+1 < len(rs) {
				next := rs[i+1]
				switch {
				case windows && next == '"', !windows && strings.ContainsRune("\"\\$`", next):
					cur.WriteRune(next)
					i++
					continue
				case !windows && next == '\n':
					i++
					continue
				}
			}
			cur.WriteRune(r)
		case r == '\\' && !windows:
			if i+1 >= len(rs) {
				return nil, errors.New("process_command ends with a backslash")
			}
			i++
			if rs[i] == '\n' {
				continue
			}
			started = true
			cur.WriteRune(rs[i])
		case r == '\'':
			inSingle, started = true, true
		case r == '"':
			inDoubl, started = true, true
		case unicode.IsSpace(r):
			flush()
		default:
			started = true
			cur.WriteRune(r)
		}
	}
	if inSingle || inDoubl {
		return nil, errors.New("process_command has an unclosed quote")
	}
	flush()
	if len(args) == 0 || args[0] == "" {
		return nil, errors.New("process_command is empty")
	}
	return args, nil
}
