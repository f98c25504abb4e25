//go:build !linux

package localcluster

import "syscall"

// setPdeathsig does nothing: only Linux can tie a child's life to its parent.
func setPdeathsig(*syscall.SysProcAttr) {}
