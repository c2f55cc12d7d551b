package ramclient

import (
	"reflect"
	"testing"
)

// The aliyun CLI's own quoting rules (its config/command_split_test.go cases).
func TestSplitCommand(t *testing.T) {
	for _, c := range []struct {
		in, goos string
		want     []string
	}{
		{`vault read  -field=x secret/ak`, "linux", []string{"vault", "read", "-field=x", "secret/ak"}},
		{`"/opt/my tools/cred" --profile 'prod team'`, "linux", []string{"/opt/my tools/cred", "--profile", "prod team"}},
		{`tool "" arg`, "linux", []string{"tool", "", "arg"}},
		{`tool a\ b "q\"uote" 'lit\eral' "d\x"`, "linux", []string{"tool", "a b", `q"uote`, `lit\eral`, `d\x`}},
		{"tool a \\\nb", "linux", []string{"tool", "a", "b"}},
		{`$HOME;x`, "linux", []string{"$HOME;x"}},
		{`C:\tools\cred.exe "C:\Program Files\x" "say \"hi\""`, "windows", []string{`C:\tools\cred.exe`, `C:\Program Files\x`, `say "hi"`}},
	} {
		got, err := splitCommandFor(c.in, c.goos)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %q = %q, %v; want %q", c.goos, c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{``, `  `, `"unclosed`, `'x`, `tool \`, `"" arg`} {
		if got, err := splitCommandFor(bad, "linux"); err == nil {
			t.Errorf("%q = %q, want an error", bad, got)
		}
	}
}
