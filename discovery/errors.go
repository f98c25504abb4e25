package discovery

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// ErrGroupDiscoveryFailed is returned, together with partial results, when one
// or more group-versions could not be discovered. The other group-versions in
// the results are complete.
type ErrGroupDiscoveryFailed struct {
	// Groups maps each group-version that failed to the reason.
	Groups map[schema.GroupVersion]error
}

// Error lists the failed group-versions in sorted order.
func (e *ErrGroupDiscoveryFailed) Error() string {
	parts := make([]string, 0, len(e.Groups))
	for gv, err := range e.Groups {
		parts = append(parts, fmt.Sprintf("%s: %v", gv, err))
	}
	sort.Strings(parts)
	return "unable to retrieve the complete list of server APIs: " + strings.Join(parts, ", ")
}

// Is reports whether target is an *ErrGroupDiscoveryFailed, so that
// errors.Is(err, &ErrGroupDiscoveryFailed{}) matches any such error.
func (e *ErrGroupDiscoveryFailed) Is(target error) bool {
	_, ok := target.(*ErrGroupDiscoveryFailed)
	return ok
}

// IsGroupDiscoveryFailedError reports whether err is (or wraps) an
// *ErrGroupDiscoveryFailed, i.e. discovery returned partial results.
func IsGroupDiscoveryFailedError(err error) bool {
	var e *ErrGroupDiscoveryFailed
	return err != nil && errors.As(err, &e)
}

// GroupDiscoveryFailedErrorGroups returns the failed group-versions of an
// *ErrGroupDiscoveryFailed (possibly wrapped) and true, or nil and false.
func GroupDiscoveryFailedErrorGroups(err error) (map[schema.GroupVersion]error, bool) {
	var e *ErrGroupDiscoveryFailed
	if err != nil && errors.As(err, &e) {
		return e.Groups, true
	}
	return nil, false
}

// StaleGroupVersionError is the failure recorded for a group-version that
// aggregated discovery marks Stale: the server could not refresh it, usually
// because the aggregated API server behind it is unreachable.
type StaleGroupVersionError struct {
	gv schema.GroupVersion
}

// Error names the stale group-version.
func (s StaleGroupVersionError) Error() string {
	return fmt.Sprintf("stale GroupVersion discovery: %v", s.gv)
}
