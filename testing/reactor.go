package testing

import (
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	restclient "github.com/kclient/kclient/rest"
)

// Reactor decides how a Fake answers an action. Fake asks each reactor of
// its ReactionChain in turn whether it Handles the action and, if so, lets it
// React; the first reaction reporting handled=true provides the result.
type Reactor interface {
	// Handles reports whether React should be consulted for action.
	Handles(action Action) bool
	// React answers action. Returning handled=false passes the action on
	// to the next reactor and discards ret and err.
	React(action Action) (handled bool, ret runtime.Object, err error)
}

// WatchReactor is the Reactor of watch calls (Fake.InvokesWatch).
type WatchReactor interface {
	// Handles reports whether React should be consulted for action.
	Handles(action Action) bool
	// React answers a watch action. Returning handled=false passes the
	// action on to the next reactor.
	React(action Action) (handled bool, ret watch.Interface, err error)
}

// ProxyReactor is the Reactor of proxy calls (Fake.InvokesProxy).
type ProxyReactor interface {
	// Handles reports whether React should be consulted for action.
	Handles(action Action) bool
	// React answers a proxy action. Returning handled=false, or an error,
	// passes the action on to the next reactor.
	React(action Action) (handled bool, ret restclient.ResponseWrapper, err error)
}

// ReactionFunc answers an action with an object or an error. If handled is
// false the fake ignores ret and err and tries the next reactor. A
// ReactionFunc can react to subresources by looking at
// action.GetSubresource().
type ReactionFunc func(action Action) (handled bool, ret runtime.Object, err error)

// WatchReactionFunc answers a watch action with a watch.Interface. If
// handled is false the fake tries the next watch reactor.
type WatchReactionFunc func(action Action) (handled bool, ret watch.Interface, err error)

// ProxyReactionFunc answers a proxy action with a ResponseWrapper. If
// handled is false the fake tries the next proxy reactor.
type ProxyReactionFunc func(action Action) (handled bool, ret restclient.ResponseWrapper, err error)

// SimpleReactor is a Reactor that runs Reaction for the actions matching
// Verb and Resource. "*" matches any verb or resource; Resource may also be
// "resource/subresource" to select one subresource only.
type SimpleReactor struct {
	// Verb is the verb handled, or "*".
	Verb string
	// Resource is the resource (optionally "resource/subresource") handled,
	// or "*".
	Resource string

	// Reaction answers the handled actions.
	Reaction ReactionFunc
}

// Handles reports whether action matches r.Verb and r.Resource.
func (r *SimpleReactor) Handles(action Action) bool {
	return (r.Verb == "*" || r.Verb == action.GetVerb()) && resourceCovers(r.Resource, action)
}

// React runs r.Reaction; a nil Reaction leaves the action unhandled.
func (r *SimpleReactor) React(action Action) (bool, runtime.Object, error) {
	if r.Reaction == nil {
		return false, nil, nil
	}
	return r.Reaction(action)
}

// SimpleWatchReactor is a WatchReactor that runs Reaction for the watch
// actions on Resource ("*" for any, "resource/subresource" for one
// subresource).
type SimpleWatchReactor struct {
	// Resource is the resource handled, or "*".
	Resource string

	// Reaction answers the handled actions.
	Reaction WatchReactionFunc
}

// Handles reports whether action is on r.Resource.
func (r *SimpleWatchReactor) Handles(action Action) bool {
	return resourceCovers(r.Resource, action)
}

// React runs r.Reaction; a nil Reaction leaves the action unhandled.
func (r *SimpleWatchReactor) React(action Action) (bool, watch.Interface, error) {
	if r.Reaction == nil {
		return false, nil, nil
	}
	return r.Reaction(action)
}

// SimpleProxyReactor is a ProxyReactor that runs Reaction for the proxy
// actions on Resource ("*" for any, "resource/subresource" for one
// subresource).
type SimpleProxyReactor struct {
	// Resource is the resource handled, or "*".
	Resource string

	// Reaction answers the handled actions.
	Reaction ProxyReactionFunc
}

// Handles reports whether action is on r.Resource.
func (r *SimpleProxyReactor) Handles(action Action) bool {
	return resourceCovers(r.Resource, action)
}

// React runs r.Reaction; a nil Reaction leaves the action unhandled.
func (r *SimpleProxyReactor) React(action Action) (bool, restclient.ResponseWrapper, error) {
	if r.Reaction == nil {
		return false, nil, nil
	}
	return r.Reaction(action)
}

// DefaultWatchReactor returns a WatchReactionFunc that handles every action
// by returning watchInterface and err.
func DefaultWatchReactor(watchInterface watch.Interface, err error) WatchReactionFunc {
	return func(Action) (bool, watch.Interface, error) {
		return true, watchInterface, err
	}
}

// resourceCovers reports whether the reactor resource pattern selects
// action: "*", the action's resource, or "resource/subresource" naming the
// action's resource and subresource exactly (case-sensitive).
func resourceCovers(pattern string, action Action) bool {
	if pattern == "*" {
		return true
	}
	res := action.GetResource().Resource
	if pattern == res {
		return true
	}
	top, sub, ok := strings.Cut(pattern, "/")
	return ok && top == res && sub == action.GetSubresource()
}
