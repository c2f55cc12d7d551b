// Package limits is the one place that bounds what the program reads from a file: every file
// ramtui reads goes through ReadFile with the cap for its kind, so a huge file (or /dev/zero)
// fails fast with a clear message instead of being read without bound. Standard library only.
package limits

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Caps by kind of file. Each is far above any legitimate file of its kind and far below what
// could hurt.
const (
	// PolicyFile: a policy document (RAM allows 6,144 characters; a session policy 2,048).
	PolicyFile = 64 << 10
	// ConfigFile: a configuration or credentials file (the aliyun CLI's config.json, keymaps,
	// ~/.alibabacloud/credentials): a few kB in practice.
	ConfigFile = 1 << 20
	// CacheFile: a file ramtui itself writes and reads back (identity cache, recent roles).
	CacheFile = 1 << 20
	// EditedFile: a document the user edited in $EDITOR.
	EditedFile = 1 << 20
)

// ErrTooLarge is wrapped by ReadFile's error for a file over its cap.
var ErrTooLarge = errors.New("file too large")

// ReadFile reads the whole file at path, which may hold at most max bytes. It never reads more
// than max+1 bytes. Open errors are returned as they are (errors.Is(err, fs.ErrNotExist) works).
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > max {
		return nil, tooLarge(path, max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, tooLarge(path, max)
	}
	return data, nil
}

func tooLarge(path string, max int64) error {
	return fmt.Errorf("%s: %w: more than %s, the most ramtui reads from such a file", path, ErrTooLarge, size(max))
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
