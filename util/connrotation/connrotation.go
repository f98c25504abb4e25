// Package connrotation implements a connection dialer that tracks and can close
// all created connections.
//
// This is used for credential rotation of long-lived connections, when there's
// no way to re-authenticate on a live connection: after new credentials are
// loaded, CloseAll drops every connection made with the old ones so that the
// HTTP transport dials (and authenticates) afresh.
package connrotation

import (
	"context"
	"net"
	"sync"
)

// DialFunc is a shorthand for signature of net.DialContext.
type DialFunc func(ctx context.Context, network, address string) (net.Conn, error)

// ConnectionTracker keeps track of opened connections. The zero value is not
// usable; create one with NewConnectionTracker. It is safe for concurrent use.
type ConnectionTracker struct {
	mu    sync.Mutex
	conns map[*trackedConn]struct{}
}

// NewConnectionTracker returns a connection tracker for use with
// NewDialerWithTracker.
func NewConnectionTracker() *ConnectionTracker {
	return &ConnectionTracker{conns: map[*trackedConn]struct{}{}}
}

// CloseAll forcibly closes all tracked connections and stops tracking them.
//
// Note: new connections may get created (and tracked) before CloseAll returns;
// those are not closed.
func (c *ConnectionTracker) CloseAll() {
	c.mu.Lock()
	conns := c.conns
	c.conns = map[*trackedConn]struct{}{}
	c.mu.Unlock()

	for conn := range conns {
		_ = conn.Conn.Close()
	}
}

// Track adds the connection to the list of tracked connections, and returns a
// wrapped copy of the connection that stops tracking the connection when it is
// closed. The caller must use the returned connection instead of conn.
func (c *ConnectionTracker) Track(conn net.Conn) net.Conn {
	tc := &trackedConn{Conn: conn, tracker: c}
	c.mu.Lock()
	if c.conns == nil {
		c.conns = map[*trackedConn]struct{}{}
	}
	c.conns[tc] = struct{}{}
	c.mu.Unlock()
	return tc
}

// forget stops tracking conn.
func (c *ConnectionTracker) forget(conn *trackedConn) {
	c.mu.Lock()
	delete(c.conns, conn)
	c.mu.Unlock()
}

// count reports how many connections are currently tracked.
func (c *ConnectionTracker) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.conns)
}

// Dialer opens connections through Dial and tracks them. It is safe for
// concurrent use.
type Dialer struct {
	*ConnectionTracker
	dial DialFunc
}

// NewDialer creates a new Dialer instance. Equivalent to
// NewDialerWithTracker(dial, nil).
func NewDialer(dial DialFunc) *Dialer {
	return NewDialerWithTracker(dial, nil)
}

// NewDialerWithTracker creates a new Dialer instance.
//
// If dial is not nil, it will be used to create new underlying connections.
// Otherwise a default net.Dialer's DialContext is used. If tracker is not nil,
// it will be used to track new underlying connections. Otherwise
// NewConnectionTracker() is used.
func NewDialerWithTracker(dial DialFunc, tracker *ConnectionTracker) *Dialer {
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	if tracker == nil {
		tracker = NewConnectionTracker()
	}
	return &Dialer{ConnectionTracker: tracker, dial: dial}
}

// Dial creates a new tracked connection.
func (d *Dialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

// DialContext creates a new tracked connection. Errors from the underlying
// dial function are returned unchanged.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	conn, err := d.dial(ctx, network, address)
	if err != nil {
		return nil, err
	}
	return d.Track(conn), nil
}

// trackedConn is a net.Conn that removes itself from its tracker when closed.
type trackedConn struct {
	net.Conn
	tracker *ConnectionTracker
	once    sync.Once
}

// Close closes the underlying connection and stops tracking it.
func (c *trackedConn) Close() error {
	c.once.Do(func() { c.tracker.forget(c) })
	return c.Conn.Close()
}
