package testing

import (
	"fmt"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	restclient "github.com/kclient/kclient/rest"
)

// Fake records the actions made against a fake client and answers them from
// three chains of reactors (plain calls, watches and proxies). It is meant
// to be embedded in fake clients (the generated fake clientsets, the fake
// discovery client, the fake dynamic client), which turn each call into an
// Action and pass it to Invokes, InvokesWatch or InvokesProxy.
//
// Concurrency: Invokes, InvokesWatch, InvokesProxy, Actions and ClearActions
// are safe for concurrent use; the invocations are serialised, so reactors
// run one at a time and need no locking of their own, but they must not call
// back into the same Fake's Invokes methods (that deadlocks). As in
// client-go, AddReactor, PrependReactor, AddProxyReactor and
// PrependProxyReactor do not lock (a reactor may call them while it
// reacts); configure those chains before the Fake is used concurrently.
// AddWatchReactor and PrependWatchReactor take the lock. The exported chain
// fields may be edited directly while holding the embedded lock.
type Fake struct {
	sync.RWMutex
	actions []Action

	// ReactionChain holds the reactors Invokes consults, first to last.
	ReactionChain []Reactor
	// WatchReactionChain holds the reactors InvokesWatch consults, first to
	// last.
	WatchReactionChain []WatchReactor
	// ProxyReactionChain holds the reactors InvokesProxy consults, first to
	// last.
	ProxyReactionChain []ProxyReactor

	// Resources is the API resource list a fake discovery client serves.
	Resources []*metav1.APIResourceList
}

// AddReactor appends a SimpleReactor for verb and resource to the end of
// ReactionChain: it is consulted after every reactor already present.
func (c *Fake) AddReactor(verb, resource string, reaction ReactionFunc) {
	c.ReactionChain = append(c.ReactionChain, &SimpleReactor{Verb: verb, Resource: resource, Reaction: reaction})
}

// PrependReactor puts a SimpleReactor for verb and resource at the front of
// ReactionChain: it is consulted before every reactor already present.
func (c *Fake) PrependReactor(verb, resource string, reaction ReactionFunc) {
	c.ReactionChain = prepend[Reactor](c.ReactionChain, &SimpleReactor{Verb: verb, Resource: resource, Reaction: reaction})
}

// AddWatchReactor appends a SimpleWatchReactor for resource to the end of
// WatchReactionChain.
func (c *Fake) AddWatchReactor(resource string, reaction WatchReactionFunc) {
	c.Lock()
	defer c.Unlock()
	c.WatchReactionChain = append(c.WatchReactionChain, &SimpleWatchReactor{Resource: resource, Reaction: reaction})
}

// PrependWatchReactor puts a SimpleWatchReactor for resource at the front of
// WatchReactionChain.
func (c *Fake) PrependWatchReactor(resource string, reaction WatchReactionFunc) {
	c.Lock()
	defer c.Unlock()
	c.WatchReactionChain = prepend[WatchReactor](c.WatchReactionChain, &SimpleWatchReactor{Resource: resource, Reaction: reaction})
}

// AddProxyReactor appends a SimpleProxyReactor for resource to the end of
// ProxyReactionChain.
func (c *Fake) AddProxyReactor(resource string, reaction ProxyReactionFunc) {
	c.ProxyReactionChain = append(c.ProxyReactionChain, &SimpleProxyReactor{Resource: resource, Reaction: reaction})
}

// PrependProxyReactor puts a SimpleProxyReactor for resource at the front
// of ProxyReactionChain.
func (c *Fake) PrependProxyReactor(resource string, reaction ProxyReactionFunc) {
	c.ProxyReactionChain = prepend[ProxyReactor](c.ProxyReactionChain, &SimpleProxyReactor{Resource: resource, Reaction: reaction})
}

// Invokes records a deep copy of action and runs ReactionChain on another
// copy: the result of the first reactor that handles the action is
// returned. When no reactor handles it, Invokes returns defaultReturnObj
// (which should be of the type the real call returns) and a nil error.
func (c *Fake) Invokes(action Action, defaultReturnObj runtime.Object) (runtime.Object, error) {
	if action == nil {
		return nil, fmt.Errorf("fake client: Invokes called with a nil action")
	}
	c.Lock()
	defer c.Unlock()
	ret, err, handled := runChain(c, c.ReactionChain, action, false)
	if !handled {
		return defaultReturnObj, nil
	}
	return ret, err
}

// InvokesWatch records a deep copy of action and runs WatchReactionChain on
// another copy, returning the result of the first reactor that handles it.
// When none does it returns an "unhandled watch" error.
func (c *Fake) InvokesWatch(action Action) (watch.Interface, error) {
	if action == nil {
		return nil, fmt.Errorf("fake client: InvokesWatch called with a nil action")
	}
	c.Lock()
	defer c.Unlock()
	ret, err, handled := runChain(c, c.WatchReactionChain, action, false)
	if !handled {
		return nil, fmt.Errorf("unhandled watch: %#v", action)
	}
	return ret, err
}

// InvokesProxy records a deep copy of action and runs ProxyReactionChain on
// another copy. A reactor returning an error counts as not handling the
// action; the ResponseWrapper of the first reactor that handles it without
// error is returned, or nil when there is none.
func (c *Fake) InvokesProxy(action Action) restclient.ResponseWrapper {
	if action == nil {
		return nil
	}
	c.Lock()
	defer c.Unlock()
	ret, _, handled := runChain(c, c.ProxyReactionChain, action, true)
	if !handled {
		return nil
	}
	return ret
}

// ClearActions forgets the recorded actions.
func (c *Fake) ClearActions() {
	c.Lock()
	c.actions = []Action{}
	c.Unlock()
}

// Actions returns the recorded actions, oldest first. The slice is the
// caller's; the actions in it are the recorded copies.
func (c *Fake) Actions() []Action {
	c.RLock()
	defer c.RUnlock()
	// Never nil, even before the first action.
	return append(make([]Action, 0, len(c.actions)), c.actions...)
}

// chainReactor is what the three reactor interfaces have in common.
type chainReactor[T any] interface {
	Handles(action Action) bool
	React(action Action) (bool, T, error)
}

// runChain records action on c (whose lock the caller holds) and asks the
// reactors of chain in order; errorsUnhandled makes a reaction with an
// error count as unhandled (the proxy chain's rule).
func runChain[T any, R chainReactor[T]](c *Fake, chain []R, action Action, errorsUnhandled bool) (T, error, bool) {
	c.actions = append(c.actions, action.DeepCopy())
	reacting := action.DeepCopy()
	for _, r := range chain {
		if !r.Handles(reacting) {
			continue
		}
		handled, ret, err := r.React(reacting)
		if !handled || (errorsUnhandled && err != nil) {
			continue
		}
		return ret, err, true
	}
	var zero T
	return zero, nil, false
}

// prepend returns a new slice holding first followed by rest.
func prepend[T any](rest []T, first T) []T {
	out := make([]T, 0, len(rest)+1)
	out = append(out, first)
	return append(out, rest...)
}
