package ramsim

import (
	"os"
	"path/filepath"
)

// newPendingFile is a temp file in dir that replaces path when closed: written, fsynced, then
// renamed over path (MoveFileEx with MOVEFILE_REPLACE_EXISTING, which renameio does not offer
// on Windows). The file mode is Windows' own; 0600 has no meaning there.
func newPendingFile(path, dir string) (pendingFile, error) {
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+"*") // named as removeStrayTemps expects
	if err != nil {
		return nil, err
	}
	return &winPending{File: f, path: path}, nil
}

type winPending struct {
	*os.File
	path string
	done bool
}

func (p *winPending) CloseAtomicallyReplace() error {
	if err := p.Sync(); err != nil {
		return err
	}
	if err := p.Close(); err != nil {
		return err
	}
	if err := os.Rename(p.Name(), p.path); err != nil {
		return err
	}
	p.done = true
	return nil
}

// Cleanup removes the temp file unless it replaced path.
func (p *winPending) Cleanup() error {
	if p.done {
		return nil
	}
	p.File.Close()
	return os.Remove(p.Name())
}

// syncDir: Windows has no directory fsync; NTFS journals the rename itself.
func syncDir(string) error { return nil }
