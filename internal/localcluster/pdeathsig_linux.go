package localcluster

import "syscall"

// setPdeathsig makes the kernel SIGKILL the child when its parent thread exits.
func setPdeathsig(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGKILL
}
