// Package exec describes how a command run somewhere else ended, in the
// shape of os/exec's process state, so that remote execution (for example
// tools/remotecommand) and local execution can be handled alike.
package exec

// ExitError is an error that carries the exit status of a finished command.
// Its methods mirror the parts of os.ProcessState that callers usually ask
// about; implementations need not be tied to a local process.
type ExitError interface {
	String() string
	Error() string
	Exited() bool
	ExitStatus() int
}

// CodeExitError is an ExitError made of a message and a numeric exit code.
// tools/remotecommand returns it (as a value, not a pointer) when a remote
// command ends with a non-zero code. Err must not be nil.
type CodeExitError struct {
	Err  error
	Code int
}

var _ ExitError = CodeExitError{}

// Error returns the message of Err.
func (e CodeExitError) Error() string { return e.message() }

// String returns the same text as Error.
func (e CodeExitError) String() string { return e.message() }

// Exited reports true: a CodeExitError always describes a command that ran
// to completion with a code.
func (e CodeExitError) Exited() bool { return true }

// ExitStatus returns Code.
func (e CodeExitError) ExitStatus() int { return e.Code }

// message guards against a zero CodeExitError, whose Err is nil, so that
// printing one gives text instead of a nil-pointer panic.
func (e CodeExitError) message() string {
	if e.Err == nil {
		return "command exited with a non-zero code"
	}
	return e.Err.Error()
}
