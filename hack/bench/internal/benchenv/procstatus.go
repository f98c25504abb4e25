package benchenv

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ProcMemory is this process's resident memory as the Linux kernel reports
// it in /proc/self/status.
type ProcMemory struct {
	// RSS is the resident set size now (VmRSS), in bytes.
	RSS int64
	// PeakRSS is the largest resident set size the process has had so far
	// (VmHWM, the "high water mark"), in bytes.
	PeakRSS int64
}

// ReadProcMemory reads VmRSS and VmHWM from /proc/self/status. It fails on
// systems without procfs.
func ReadProcMemory() (ProcMemory, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return ProcMemory{}, fmt.Errorf("read resident memory: %w", err)
	}
	defer f.Close()
	var m ProcMemory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		var dst *int64
		switch key {
		case "VmRSS":
			dst = &m.RSS
		case "VmHWM":
			dst = &m.PeakRSS
		default:
			continue
		}
		// The value reads like "  123456 kB".
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return ProcMemory{}, fmt.Errorf("parse %s in /proc/self/status: %w", key, err)
		}
		*dst = kb << 10
	}
	if err := sc.Err(); err != nil {
		return ProcMemory{}, fmt.Errorf("read /proc/self/status: %w", err)
	}
	if m.PeakRSS == 0 {
		return ProcMemory{}, fmt.Errorf("/proc/self/status has no VmHWM")
	}
	return m, nil
}
