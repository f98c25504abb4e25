package portforward

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	gwebsocket "github.com/gorilla/websocket"

	"k8s.io/klog/v2"
)

var _ net.Conn = &TunnelingConnection{}

// TunnelingConnection is a net.Conn whose bytes travel as binary messages
// of a WebSocket connection. SPDY runs over it when port forwarding is
// tunnelled through a WebSocket (see NewSPDYOverWebsocketDialer); message
// boundaries carry no meaning. Reads and writes may run concurrently with
// each other, but not with themselves.
type TunnelingConnection struct {
	logger  klog.Logger
	conn    *gwebsocket.Conn
	current io.Reader // the message being read, nil between messages

	writeMu   sync.Mutex
	closeOnce sync.Once
	closeErr  error
}

// NewTunnelingConnection wraps conn; name names the connection in log
// entries.
func NewTunnelingConnection(name string, conn *gwebsocket.Conn) *TunnelingConnection {
	return NewTunnelingConnectionWithLogger(klog.LoggerWithName(klog.Background(), name), conn)
}

// NewTunnelingConnectionWithLogger wraps conn, logging to logger.
func NewTunnelingConnectionWithLogger(logger klog.Logger, conn *gwebsocket.Conn) *TunnelingConnection {
	return &TunnelingConnection{logger: logger, conn: conn}
}

// Read reads from the current binary message, moving on to the next one
// when it is used up. A normal close from the peer reads as io.EOF.
func (c *TunnelingConnection) Read(p []byte) (int, error) {
	for {
		if c.current == nil {
			kind, r, err := c.conn.NextReader()
			if err != nil {
				var closeErr *gwebsocket.CloseError
				if errors.As(err, &closeErr) && closeErr.Code == gwebsocket.CloseNormalClosure {
					return 0, io.EOF
				}
				c.logger.V(4).Info("Tunneling connection: reading the next message failed", "err", err)
				return 0, err
			}
			if kind != gwebsocket.BinaryMessage {
				return 0, fmt.Errorf("invalid message type received: %d (want binary)", kind)
			}
			c.current = r
		}
		n, err := c.current.Read(p)
		if errors.Is(err, io.EOF) {
			c.current = nil
			if n == 0 {
				continue // an empty or used-up message
			}
			err = nil
		}
		c.logger.V(8).Info("Tunneling connection read", "length", n)
		return n, err
	}
}

// Write sends p as one binary message.
func (c *TunnelingConnection) Write(p []byte) (int, error) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	w, err := c.conn.NextWriter(gwebsocket.BinaryMessage)
	if err != nil {
		return 0, err
	}
	n, err := w.Write(p)
	// Closing the writer sends the message.
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	c.logger.V(8).Info("Tunneling connection write", "length", n)
	return n, err
}

// Close tells the peer the connection ends normally and closes it; only
// the first call does anything.
func (c *TunnelingConnection) Close() error {
	c.closeOnce.Do(func() {
		msg := gwebsocket.FormatCloseMessage(gwebsocket.CloseNormalClosure, "")
		signalErr := c.conn.WriteControl(gwebsocket.CloseMessage, msg, time.Now().Add(time.Second))
		c.closeErr = c.conn.Close()
		if c.closeErr == nil && !errors.Is(signalErr, gwebsocket.ErrCloseSent) {
			c.closeErr = signalErr
		}
	})
	return c.closeErr
}

// LocalAddr returns the local address of the WebSocket connection.
func (c *TunnelingConnection) LocalAddr() net.Addr { return c.conn.LocalAddr() }

// RemoteAddr returns the peer's address of the WebSocket connection.
func (c *TunnelingConnection) RemoteAddr() net.Addr { return c.conn.RemoteAddr() }

// SetDeadline sets both the read and the write deadline.
func (c *TunnelingConnection) SetDeadline(t time.Time) error {
	return errors.Join(c.SetReadDeadline(t), c.SetWriteDeadline(t))
}

// SetReadDeadline sets the time after which reads fail.
func (c *TunnelingConnection) SetReadDeadline(t time.Time) error { return c.conn.SetReadDeadline(t) }

// SetWriteDeadline sets the time after which writes fail.
func (c *TunnelingConnection) SetWriteDeadline(t time.Time) error { return c.conn.SetWriteDeadline(t) }
