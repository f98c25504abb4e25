package exec

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCodeExitError(t *testing.T) {
	tests := []struct {
		name    string
		err     CodeExitError
		message string
		code    int
	}{
		{name: "with message", err: CodeExitError{Err: errors.New("command terminated with exit code 3"), Code: 3}, message: "command terminated with exit code 3", code: 3},
		{name: "zero value does not panic", err: CodeExitError{}, message: "command exited with a non-zero code", code: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var exitErr ExitError = tt.err
			assert.Equal(t, tt.message, exitErr.Error())
			assert.Equal(t, tt.message, exitErr.String())
			assert.True(t, exitErr.Exited())
			assert.Equal(t, tt.code, exitErr.ExitStatus())

			// Callers find the exit code through wrapping with errors.As.
			wrapped := fmt.Errorf("exec: %w", tt.err)
			var found ExitError
			assert.True(t, errors.As(wrapped, &found))
			assert.Equal(t, tt.code, found.ExitStatus())
		})
	}
}
