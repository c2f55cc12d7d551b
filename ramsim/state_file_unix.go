//go:build !windows

package ramsim

import (
	"os"

	"github.com/google/renameio/v2"
)

// newPendingFile is a temp file in dir that replaces path atomically when closed (fsync, then
// rename), mode 0600.
func newPendingFile(path, dir string) (pendingFile, error) {
	return renameio.NewPendingFile(path, renameio.WithTempDir(dir), renameio.WithStaticPermissions(0o600))
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
