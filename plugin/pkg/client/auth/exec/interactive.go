package exec

import (
	"errors"
	"fmt"
	"os"

	"github.com/kclient/kclient/tools/clientcmd/api"
)

// stdinIsTerminal reports whether the process's standard input is a
// terminal (a character device), which is when a plugin may prompt the user.
func stdinIsTerminal() bool {
	fi, err := os.Stdin.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}

// interactive decides, from the configured interactiveMode, whether the
// plugin gets standard input. It fails when the plugin needs standard input
// (Always) and cannot have it, or when the mode is unknown.
func (a *Authenticator) interactive() (bool, error) {
	switch a.interactiveMode {
	case api.NeverExecInteractiveMode:
		return false, nil
	case api.IfAvailableExecInteractiveMode:
		return !a.stdinUnavailable && a.isTerminal(), nil
	case api.AlwaysExecInteractiveMode:
		if !a.isTerminal() {
			return false, errors.New("standard input is not a terminal")
		}
		if a.stdinUnavailable {
			if a.stdinUnavailableMsg != "" {
				return false, fmt.Errorf("standard input is unavailable: %s", a.stdinUnavailableMsg)
			}
			return false, errors.New("standard input is unavailable")
		}
		return true, nil
	default:
		return false, fmt.Errorf("unknown interactiveMode: %q", a.interactiveMode)
	}
}
