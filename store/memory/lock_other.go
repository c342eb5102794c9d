//go:build !unix

package memory

import (
	"os"
	"path/filepath"
)

// lockDir only creates the lock file on platforms without flock: nothing
// stops two processes opening the same directory there.
func lockDir(dir string) (*os.File, error) {
	return os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o644)
}

func unlockDir(f *os.File) error {
	if f == nil {
		return nil
	}
	return f.Close()
}
