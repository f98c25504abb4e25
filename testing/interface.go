package testing

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	restclient "github.com/kclient/kclient/rest"
)

// FakeClient is what the generated fake clientsets offer besides their typed
// clients: access to the object tracker behind them and to the reactor
// chains and action log of the embedded Fake.
type FakeClient interface {
	// Tracker returns the store the fake client answers from; tests may
	// seed or inspect it directly.
	Tracker() ObjectTracker

	// AddReactor puts a reactor last in the reaction chain.
	AddReactor(verb, resource string, reaction ReactionFunc)

	// PrependReactor puts a reactor first in the reaction chain.
	PrependReactor(verb, resource string, reaction ReactionFunc)

	// AddWatchReactor puts a watch reactor last in the watch chain.
	AddWatchReactor(resource string, reaction WatchReactionFunc)

	// PrependWatchReactor puts a watch reactor first in the watch chain.
	PrependWatchReactor(resource string, reaction WatchReactionFunc)

	// AddProxyReactor puts a proxy reactor last in the proxy chain.
	AddProxyReactor(resource string, reaction ProxyReactionFunc)

	// PrependProxyReactor puts a proxy reactor first in the proxy chain.
	PrependProxyReactor(resource string, reaction ProxyReactionFunc)

	// Invokes records action and answers it from the reactor chain, or with
	// defaultReturnObj when no reactor handles it.
	Invokes(action Action, defaultReturnObj runtime.Object) (runtime.Object, error)

	// InvokesWatch records action and answers it from the watch reactor
	// chain.
	InvokesWatch(action Action) (watch.Interface, error)

	// InvokesProxy records action and answers it from the proxy reactor
	// chain.
	InvokesProxy(action Action) restclient.ResponseWrapper

	// ClearActions forgets the recorded actions.
	ClearActions()

	// Actions returns the recorded actions, oldest first.
	Actions() []Action
}
