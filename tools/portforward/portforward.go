// Package portforward forwards local TCP ports to ports of a pod through
// the API server (the portforward subresource), like `kubectl port-forward`.
//
// A PortForwarder needs a dialer for the pod's portforward URL: SPDY
// (transport/spdy.NewDialer), SPDY tunnelled through a WebSocket
// (NewSPDYOverWebsocketDialer, for proxies that pass only WebSockets), or
// both with NewFallbackDialer. ForwardPorts then listens locally and, for
// every accepted connection, opens a pair of streams to the pod: one for the
// data and one on which the server reports failures, tied together by a
// requestID header.
package portforward

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/klog/v2"
	streamhttp "k8s.io/streaming/pkg/httpstream"
	netutils "k8s.io/utils/net"

	"github.com/kclient/kclient/internal/streamcompat"
)

// PortForwardProtocolV1Name is the stream protocol of port forwarding.
const PortForwardProtocolV1Name = "portforward.k8s.io"

// ErrLostConnectionToPod is what ForwardPorts returns when the connection to
// the server ends before the forwarder is stopped, including when the server
// reported an error for one of the forwarded connections.
var ErrLostConnectionToPod = errors.New("lost connection to pod")

// PortForwarder listens on local ports and forwards each accepted
// connection to the pod over one upgraded connection. Create it with New or
// NewOnAddresses*, run it with ForwardPorts, and stop it through its stop
// channel or context.
type PortForwarder struct {
	// Ready, if not nil, is closed once the local listeners are up (after
	// which GetPorts tells which local ports were picked for port 0).
	Ready chan struct{}

	addresses []listenAddress
	ports     []ForwardedPort
	stop      <-chan struct{}
	logger    klog.Logger
	dialer    apihttpstream.Dialer
	out       io.Writer
	errOut    io.Writer

	mu        sync.Mutex
	conn      apihttpstream.Connection
	listeners []net.Listener
	closed    bool
	nextID    int
}

// ForwardedPort pairs a local port with the pod's port it forwards to.
type ForwardedPort struct {
	Local  uint16
	Remote uint16
}

// listenAddress is one local address to listen on. Addresses from
// "localhost" form a group in which one successful listener suffices
// (failureMode "all"); an explicit address must work ("any").
type listenAddress struct {
	address     string
	protocol    string
	failureMode string
}

// parsePorts reads port specifications: "5000" (local and remote 5000),
// "8888:5000" (local 8888 to remote 5000), "0:5000" or ":5000" (a free local
// port to remote 5000).
func parsePorts(specs []string) ([]ForwardedPort, error) {
	ports := make([]ForwardedPort, 0, len(specs))
	for _, spec := range specs {
		local, remote, found := strings.Cut(spec, ":")
		if !found {
			remote = local
		} else if strings.Contains(remote, ":") {
			return nil, fmt.Errorf("invalid port format '%s'", spec)
		}
		if local == "" {
			local = "0"
		}
		l, err := strconv.ParseUint(local, 10, 16)
		if err != nil {
			return nil, fmt.Errorf("error parsing local port '%s': %w", local, err)
		}
		r, err := strconv.ParseUint(remote, 10, 16)
		if err != nil {
			return nil, fmt.Errorf("error parsing remote port '%s': %w", remote, err)
		}
		if r == 0 {
			return nil, fmt.Errorf("remote port must be > 0")
		}
		ports = append(ports, ForwardedPort{Local: uint16(l), Remote: uint16(r)})
	}
	return ports, nil
}

// parseAddresses turns "localhost" and IP addresses into listen addresses,
// without duplicates and sorted.
func parseAddresses(specs []string) ([]listenAddress, error) {
	byAddress := map[string]listenAddress{}
	add := func(a listenAddress) {
		if _, seen := byAddress[a.address]; !seen {
			byAddress[a.address] = a
		}
	}
	for _, spec := range specs {
		if spec == "localhost" {
			add(listenAddress{address: "127.0.0.1", protocol: "tcp4", failureMode: "all"})
			add(listenAddress{address: "::1", protocol: "tcp6", failureMode: "all"})
			continue
		}
		ip := netutils.ParseIPSloppy(spec)
		switch {
		case ip == nil:
			return nil, fmt.Errorf("%s is not a valid IP", spec)
		case ip.To4() != nil:
			byAddress[spec] = listenAddress{address: spec, protocol: "tcp4", failureMode: "any"}
		default:
			byAddress[spec] = listenAddress{address: spec, protocol: "tcp6", failureMode: "any"}
		}
	}
	sorted := make([]listenAddress, 0, len(byAddress))
	for _, a := range byAddress {
		sorted = append(sorted, a)
	}
	slices.SortFunc(sorted, func(a, b listenAddress) int { return strings.Compare(a.address, b.address) })
	return sorted, nil
}

// localhostOnly is the address list of New: the IPv4 and IPv6 loopback.
var localhostOnly = []string{"localhost"}

// New returns a PortForwarder listening on localhost (IPv4 and IPv6) for
// ports (see NewOnAddresses), stopped by closing stopChan.
func New(dialer apihttpstream.Dialer, ports []string, stopChan <-chan struct{}, readyChan chan struct{}, out, errOut io.Writer) (*PortForwarder, error) {
	return NewOnAddresses(dialer, localhostOnly, ports, stopChan, readyChan, out, errOut)
}

// NewForStreaming is New for a dialer of k8s.io/streaming's types.
func NewForStreaming(dialer streamhttp.Dialer, ports []string, stopChan <-chan struct{}, readyChan chan struct{}, out, errOut io.Writer) (*PortForwarder, error) {
	return NewOnAddressesForStreaming(dialer, localhostOnly, ports, stopChan, readyChan, out, errOut)
}

// NewOnAddresses returns a PortForwarder listening on addresses
// ("localhost" or IP addresses) for ports ("5000", "8888:5000", ":5000"),
// stopped by closing stopChan. Progress lines ("Forwarding from ...",
// "Handling connection for ...") go to out, listening failures to errOut;
// either may be nil.
func NewOnAddresses(dialer apihttpstream.Dialer, addresses []string, ports []string, stopChan <-chan struct{}, readyChan chan struct{}, out, errOut io.Writer) (*PortForwarder, error) {
	ctx := wait.ContextForChannel(stopChan)
	return NewOnAddressesWithContext(ctx, dialer, addresses, ports, readyChan, out, errOut)
}

// NewOnAddressesWithContext is NewOnAddresses stopped by the end of ctx,
// which also supplies the logger.
func NewOnAddressesWithContext(ctx context.Context, dialer apihttpstream.Dialer, addresses []string, ports []string, readyChan chan struct{}, out, errOut io.Writer) (*PortForwarder, error) {
	if dialer == nil {
		return nil, errors.New("a dialer is required")
	}
	pf := &PortForwarder{
		Ready:  readyChan,
		stop:   ctx.Done(),
		logger: klog.FromContext(ctx),
		dialer: dialer,
		out:    out,
		errOut: errOut,
	}
	var err error
	switch {
	case len(addresses) == 0:
		err = errors.New("you must specify at least 1 address")
	case len(ports) == 0:
		err = errors.New("you must specify at least 1 port")
	}
	if err != nil {
		return nil, err
	}
	if pf.addresses, err = parseAddresses(addresses); err != nil {
		return nil, err
	}
	if pf.ports, err = parsePorts(ports); err != nil {
		return nil, err
	}
	return pf, nil
}

// NewOnAddressesForStreaming is NewOnAddresses for a dialer of
// k8s.io/streaming's types.
func NewOnAddressesForStreaming(dialer streamhttp.Dialer, addresses []string, ports []string, stopChan <-chan struct{}, readyChan chan struct{}, out, errOut io.Writer) (*PortForwarder, error) {
	ctx := wait.ContextForChannel(stopChan)
	return NewOnAddressesForStreamingWithContext(ctx, dialer, addresses, ports, readyChan, out, errOut)
}

// NewOnAddressesForStreamingWithContext is NewOnAddressesWithContext for a
// dialer of k8s.io/streaming's types.
func NewOnAddressesForStreamingWithContext(ctx context.Context, dialer streamhttp.Dialer, addresses []string, ports []string, readyChan chan struct{}, out, errOut io.Writer) (*PortForwarder, error) {
	var d apihttpstream.Dialer
	if dialer != nil {
		d = fromStreamingDialer{dialer}
	}
	return NewOnAddressesWithContext(ctx, d, addresses, ports, readyChan, out, errOut)
}

// fromStreamingDialer presents a k8s.io/streaming dialer with
// apimachinery's types.
type fromStreamingDialer struct{ next streamhttp.Dialer }

func (d fromStreamingDialer) Dial(protocols ...string) (apihttpstream.Connection, string, error) {
	conn, protocol, err := d.next.Dial(protocols...)
	if err != nil {
		return nil, "", err
	}
	return streamcompat.FromStreaming(conn), protocol, nil
}

// ForwardPorts connects to the server, listens on the local ports, closes
// Ready and forwards connections until the forwarder is stopped (then it
// returns nil) or the connection to the server ends (ErrLostConnectionToPod).
// It fails if no local port could be listened on.
func (pf *PortForwarder) ForwardPorts() error {
	defer pf.Close()
	conn, protocol, err := pf.dialer.Dial(PortForwardProtocolV1Name)
	if err != nil {
		return fmt.Errorf("error upgrading connection: %w", err)
	}
	defer func() { _ = conn.Close() }()
	if protocol != PortForwardProtocolV1Name {
		return fmt.Errorf("unable to negotiate protocol: client supports %q, server returned %q", PortForwardProtocolV1Name, protocol)
	}
	pf.mu.Lock()
	pf.conn = conn
	pf.mu.Unlock()

	anyListening := false
	for i := range pf.ports {
		if err := pf.listenOnPort(conn, &pf.ports[i]); err != nil {
			if pf.errOut != nil {
				fmt.Fprintf(pf.errOut, "Unable to listen on port %d: %v\n", pf.ports[i].Local, err)
			}
			continue
		}
		anyListening = true
	}
	if !anyListening {
		return fmt.Errorf("unable to listen on any of the requested ports: %v", pf.ports)
	}
	pf.signalReady()
	select {
	case <-conn.CloseChan():
		return ErrLostConnectionToPod
	case <-pf.stop:
		return nil
	}
}

// signalReady closes Ready, if the caller gave one.
func (pf *PortForwarder) signalReady() {
	if pf.Ready != nil {
		close(pf.Ready)
	}
}

// listenOnPort listens for port on every address, honouring the failure
// modes of listenAddress.
func (pf *PortForwarder) listenOnPort(conn apihttpstream.Connection, port *ForwardedPort) error {
	var errs []error
	ok := map[string]int{}
	failed := map[string]int{}
	for _, a := range pf.addresses {
		if err := pf.listen(conn, port, a); err != nil {
			errs = append(errs, err)
			failed[a.failureMode]++
		} else {
			ok[a.failureMode]++
		}
	}
	if failed["any"] > 0 || (failed["all"] > 0 && ok["all"] == 0) {
		return fmt.Errorf("Listeners failed to create with the following errors: %v", errs) //nolint:staticcheck // kubectl's users know this text
	}
	return nil
}

// listen opens one listener and serves it in the background. A local port
// of 0 is replaced by the port the system picked.
func (pf *PortForwarder) listen(conn apihttpstream.Connection, port *ForwardedPort, a listenAddress) error {
	l, err := net.Listen(a.protocol, net.JoinHostPort(a.address, strconv.Itoa(int(port.Local))))
	if err != nil {
		return fmt.Errorf("unable to create listener: Error %w", err)
	}
	tcpAddr, isTCP := l.Addr().(*net.TCPAddr)
	if !isTCP {
		_ = l.Close()
		return fmt.Errorf("unexpected listener address %s", l.Addr())
	}
	port.Local = uint16(tcpAddr.Port)
	if pf.out != nil {
		fmt.Fprintf(pf.out, "Forwarding from %s -> %d\n", net.JoinHostPort(a.address, strconv.Itoa(tcpAddr.Port)), port.Remote)
	}
	pf.mu.Lock()
	if pf.closed {
		pf.mu.Unlock()
		_ = l.Close()
		return errors.New("the port forwarder is closed")
	}
	pf.listeners = append(pf.listeners, l)
	pf.mu.Unlock()
	go pf.accept(conn, l, *port)
	return nil
}

// accept hands each connection of l to handleConnection until l is closed.
func (pf *PortForwarder) accept(conn apihttpstream.Connection, l net.Listener, port ForwardedPort) {
	for {
		local, err := l.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				pf.logger.Error(err, "Error accepting connection", "localPort", port.Local)
			}
			return
		}
		select {
		case <-conn.CloseChan():
			_ = local.Close()
			return
		default:
		}
		go pf.handleConnection(conn, local, port)
	}
}

func (pf *PortForwarder) requestID() int {
	pf.mu.Lock()
	defer pf.mu.Unlock()
	id := pf.nextID
	pf.nextID++
	return id
}

// handleConnection forwards one local connection over a new pair of
// streams: the error stream (read-only for us) and the data stream.
func (pf *PortForwarder) handleConnection(conn apihttpstream.Connection, local net.Conn, port ForwardedPort) {
	defer func() { _ = local.Close() }()
	if pf.out != nil {
		fmt.Fprintf(pf.out, "Handling connection for %d\n", port.Local)
	}
	logger := klog.LoggerWithValues(pf.logger, "localPort", port.Local, "remotePort", port.Remote)

	headers := http.Header{}
	headers.Set(corev1.StreamType, corev1.StreamTypeError)
	headers.Set(corev1.PortHeader, strconv.Itoa(int(port.Remote)))
	headers.Set(corev1.PortForwardRequestIDHeader, strconv.Itoa(pf.requestID()))
	errorStream, err := conn.CreateStream(headers)
	if err != nil {
		logger.Error(err, "Error creating error stream")
		return
	}
	// Only the server writes on the error stream.
	_ = errorStream.Close()
	defer conn.RemoveStreams(errorStream)
	type report struct {
		msg []byte
		err error
	}
	reported := make(chan report, 1)
	go func() {
		msg, err := io.ReadAll(errorStream)
		reported <- report{msg, err}
	}()

	headers.Set(corev1.StreamType, corev1.StreamTypeData)
	dataStream, err := conn.CreateStream(headers)
	if err != nil {
		logger.Error(err, "Error creating forwarding stream")
		return
	}
	defer conn.RemoveStreams(dataStream)

	remoteDone := make(chan struct{})
	localFailed := make(chan struct{})
	go func() {
		if _, err := io.Copy(local, dataStream); err != nil && !errors.Is(err, net.ErrClosed) {
			logger.Error(err, "Error copying from remote stream to local connection")
		}
		close(remoteDone)
	}()
	go func() {
		// Half-close once the local side is done sending.
		defer func() { _ = dataStream.Close() }()
		if _, err := io.Copy(dataStream, local); err != nil && !errors.Is(err, net.ErrClosed) {
			logger.Error(err, "Error copying from local connection to remote stream")
			close(localFailed)
		}
	}()
	select {
	case <-remoteDone:
	case <-localFailed:
	}
	// Drop unsent data so the server's side of the pair ends and it closes
	// the error stream, which the read below waits for.
	_ = dataStream.Reset()

	r := <-reported
	switch {
	case r.err != nil:
		logger.Error(r.err, "Error reading from error stream")
		_ = conn.Close()
	case len(r.msg) > 0:
		logger.Error(errors.New(string(r.msg)), "An error occurred forwarding")
		_ = conn.Close()
	}
}

// Close stops listening on the local ports. Connections being forwarded
// are not interrupted; stopping the forwarder (or losing the connection to
// the server) ends them.
func (pf *PortForwarder) Close() {
	pf.mu.Lock()
	listeners := pf.listeners
	pf.listeners, pf.closed = nil, true
	pf.mu.Unlock()
	for _, l := range listeners {
		if err := l.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			pf.logger.Error(err, "Error closing listener")
		}
	}
}

// GetPorts returns the forwarded ports, with the local ports the system
// picked for port 0. It fails when the forwarder has no Ready channel or
// Ready is not closed yet.
func (pf *PortForwarder) GetPorts() ([]ForwardedPort, error) {
	switch {
	case pf.Ready == nil:
		return nil, errors.New("no Ready channel provided")
	case !isClosed(pf.Ready):
		return nil, errors.New("listeners not ready")
	}
	return pf.ports, nil
}

// isClosed reports whether ch is closed (or has a value ready).
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
