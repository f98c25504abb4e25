package clientcmd

import (
	"errors"
	"fmt"
	"strings"

	utilerrors "k8s.io/apimachinery/pkg/util/errors"
)

var (
	// ErrNoContext is returned when no context is chosen: neither an
	// override nor current-context names one.
	ErrNoContext = errors.New("no context chosen")
	// ErrEmptyConfig means nothing at all is configured; IsEmptyConfig
	// recognises it (also inside a configuration-invalid error).
	ErrEmptyConfig = NewEmptyConfigError("no configuration has been provided, try setting KUBERNETES_MASTER environment variable")
	// ErrEmptyCluster means the chosen cluster has no field set at all.
	ErrEmptyCluster = errors.New("cluster has no server defined")
)

// NewEmptyConfigError returns an error with message that IsEmptyConfig
// recognises.
func NewEmptyConfigError(message string) error { return &errEmptyConfig{message} }

type errEmptyConfig struct{ message string }

// Error returns the message.
func (e *errEmptyConfig) Error() string { return e.message }

// errContextNotFound reports a context name missing from the kubeconfig.
type errContextNotFound struct{ ContextName string }

// Error names the missing context.
func (e *errContextNotFound) Error() string {
	return fmt.Sprintf("context was not found for specified context: %v", e.ContextName)
}

// IsContextNotFound reports whether err says a context was not found (or
// none was chosen).
func IsContextNotFound(err error) bool {
	if err == nil {
		return false
	}
	var nf *errContextNotFound
	if errors.As(err, &nf) || errors.Is(err, ErrNoContext) {
		return true
	}
	return strings.Contains(err.Error(), "context was not found for specified context")
}

// IsEmptyConfig reports whether err means no configuration was provided at
// all: an empty-config error alone or as the only entry of a
// configuration-invalid error.
func IsEmptyConfig(err error) bool {
	var ci errConfigurationInvalid
	if errors.As(err, &ci) {
		if len(ci) != 1 {
			return false
		}
		err = ci[0]
	}
	_, ok := err.(*errEmptyConfig)
	return ok
}

// errConfigurationInvalid gathers every problem validation found.
type errConfigurationInvalid []error

var _ utilerrors.Aggregate = errConfigurationInvalid{}

func newErrConfigurationInvalid(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errConfigurationInvalid(errs)
}

// Error lists every problem after "invalid configuration: ".
func (e errConfigurationInvalid) Error() string {
	return fmt.Sprintf("invalid configuration: %v", utilerrors.NewAggregate(e).Error())
}

// Errors returns the individual problems.
func (e errConfigurationInvalid) Errors() []error { return e }

// Is reports whether any problem (looking into nested aggregates) is target.
func (e errConfigurationInvalid) Is(target error) bool {
	for _, err := range e {
		var agg utilerrors.Aggregate
		if errors.As(err, &agg) {
			for _, inner := range agg.Errors() {
				if errors.Is(inner, target) {
					return true
				}
			}
			continue
		}
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// IsConfigurationInvalid reports whether err came from validating a
// kubeconfig (including a missing context).
func IsConfigurationInvalid(err error) bool {
	var ci errConfigurationInvalid
	var nf *errContextNotFound
	if errors.As(err, &ci) || errors.As(err, &nf) {
		return true
	}
	return IsContextNotFound(err)
}
