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
	// Tracker gives access to the ObjectTracker internal to the fake client.
	Tracker() ObjectTracker

	// AddReactor appends a reactor to the end of the chain.
	AddReactor(verb, resource string, reaction ReactionFunc)

	// PrependReactor adds a reactor to the beginning of the chain.
	PrependReactor(verb, resource string, reaction ReactionFunc)

	// AddWatchReactor appends a watch reactor to the end of the chain.
	AddWatchReactor(resource string, reaction WatchReactionFunc)

	// PrependWatchReactor adds a watch reactor to the beginning of the chain.
	PrependWatchReactor(resource string, reaction WatchReactionFunc)

	// AddProxyReactor appends a proxy reactor to the end of the chain.
	AddProxyReactor(resource string, reaction ProxyReactionFunc)

	// PrependProxyReactor adds a proxy reactor to the beginning of the chain.
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
