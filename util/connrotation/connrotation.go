// Package connrotation provides a dialer that remembers the connections it
// opened so that they can all be closed at once.
//
// It serves credential rotation on long-lived connections, which cannot be
// re-authenticated in place: after new credentials are
// loaded, CloseAll drops every connection made with the old ones so that the
// HTTP transport dials (and authenticates) afresh.
package connrotation

import (
	"context"
	"net"
	"sync"
)

// DialFunc has the signature of net.Dialer.DialContext.
type DialFunc func(ctx context.Context, network, address string) (net.Conn, error)

// ConnectionTracker is the set of live connections handed out through Track.
// Create one with NewConnectionTracker. It is safe for concurrent use.
type ConnectionTracker struct {
	mu    sync.Mutex
	conns map[*trackedConn]struct{}
}

// NewConnectionTracker returns an empty tracker, typically to share between
// dialers via NewDialerWithTracker.
func NewConnectionTracker() *ConnectionTracker {
	return &ConnectionTracker{conns: map[*trackedConn]struct{}{}}
}

// CloseAll closes every connection tracked at the time of the call and
// forgets them. Connections tracked while CloseAll runs stay open.
func (c *ConnectionTracker) CloseAll() {
	c.mu.Lock()
	conns := c.conns
	c.conns = map[*trackedConn]struct{}{}
	c.mu.Unlock()

	for conn := range conns {
		_ = conn.Conn.Close()
	}
}

// Track starts tracking conn and returns a wrapper around it; closing the
// wrapper closes conn and ends the tracking. Use the wrapper in place of conn,
// or the tracker will hold on to conn until CloseAll.
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

// Dialer is a dial function whose connections are all recorded in a
// ConnectionTracker (embedded, so CloseAll is available on the Dialer). It
// is safe for concurrent use.
type Dialer struct {
	*ConnectionTracker
	dial DialFunc
}

// NewDialer returns a Dialer over dial with a tracker of its own; it is
// NewDialerWithTracker(dial, nil).
func NewDialer(dial DialFunc) *Dialer {
	return NewDialerWithTracker(dial, nil)
}

// NewDialerWithTracker returns a Dialer that opens connections with dial
// (a zero net.Dialer when nil) and records them in tracker (a fresh
// NewConnectionTracker when nil). Dialers given the same tracker are closed
// together by its CloseAll.
func NewDialerWithTracker(dial DialFunc, tracker *ConnectionTracker) *Dialer {
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	if tracker == nil {
		tracker = NewConnectionTracker()
	}
	return &Dialer{ConnectionTracker: tracker, dial: dial}
}

// Dial is DialContext with context.Background().
func (d *Dialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

// DialContext opens a connection with the underlying dial function and
// returns it tracked (see Track). Errors from the underlying
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
