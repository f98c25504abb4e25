package localcluster

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// Temporary cluster directories are named tempDirPrefix + random suffix and
// hold ownerFile, the pid of the process that created them.
const (
	tempDirPrefix = "kclient-cluster-"
	ownerFile     = "owner.pid"
)

// newTempDir creates a fresh temporary cluster directory, first removing those
// left behind by dead processes (a test binary that panicked or was killed
// cannot remove its own). Unless detached, the directory is marked as owned by
// this process, so that it counts as stale once this process is gone; a
// detached cluster outlives its creator and is never considered stale.
func newTempDir(detached bool) (string, error) {
	removeStaleTempDirs(os.TempDir())
	dir, err := os.MkdirTemp("", tempDirPrefix)
	if err != nil {
		return "", err
	}
	if detached {
		return dir, nil
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		_ = os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// removeStaleTempDirs removes temporary cluster directories under base whose
// owner process is gone. Only on Linux, where the cluster's processes are known
// to have died with their owner (Pdeathsig) and /proc tells whether a pid lives.
// Errors are ignored: this is best-effort housekeeping.
func removeStaleTempDirs(base string) {
	if runtime.GOOS != "linux" {
		return
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tempDirPrefix) {
			continue
		}
		dir := filepath.Join(base, e.Name())
		data, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue // not ours, or being created right now
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		if err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); errors.Is(err, os.ErrNotExist) {
			_ = os.RemoveAll(dir)
		}
	}
}
