package benchenv

import (
	"syscall"
	"time"
)

// processCPUTime returns the CPU time (user plus system) this process has
// used so far, or 0 when the platform cannot tell.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
