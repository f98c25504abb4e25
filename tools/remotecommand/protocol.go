package remotecommand

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/remotecommand"
	"k8s.io/klog/v2"
	streamhttp "k8s.io/streaming/pkg/httpstream"

	"github.com/kclient/kclient/util/exec"
)

// The channel protocols, oldest first. What each version adds:
//
//	v1  streams by type header; the error stream carries text
//	v2  stdin is half-closed when Stdin ends, so the remote sees EOF
//	v3  a resize stream for TTY sessions
//	v4  the error stream carries a metav1.Status with the exit code
//	v5  (WebSocket only) an explicit CLOSE signal per stream; for SPDY as v4
func protocolVersion(name string) int {
	switch name {
	case remotecommand.StreamProtocolV5Name:
		return 5
	case remotecommand.StreamProtocolV4Name:
		return 4
	case remotecommand.StreamProtocolV3Name:
		return 3
	case remotecommand.StreamProtocolV2Name:
		return 2
	default:
		// channel.k8s.io, or a server that named no protocol at all.
		return 1
	}
}

// session is one run of the streams of a remote command.
type session struct {
	version int
	opts    StreamOptions
	logger  klog.Logger

	errorStream streamhttp.Stream
	stdin       streamhttp.Stream
	stdout      streamhttp.Stream
	stderr      streamhttp.Stream
	resize      streamhttp.Stream
}

func newSession(logger klog.Logger, protocol string, opts StreamOptions) *session {
	return &session{version: protocolVersion(protocol), opts: opts, logger: logger}
}

// wantsStderr reports whether stderr is a separate stream (not with a TTY).
func (s *session) wantsStderr() bool { return s.opts.Stderr != nil && !s.opts.Tty }

// open creates every stream the options ask for. All are created before
// any data moves: the server starts copying only once it has all of them.
func (s *session) open(conn streamCreator) error {
	create := func(streamType string) (streamhttp.Stream, error) {
		h := http.Header{}
		h.Set(corev1.StreamType, streamType)
		st, err := conn.CreateStream(h)
		if err != nil {
			return nil, fmt.Errorf("creating the %s stream: %w", streamType, err)
		}
		return st, nil
	}
	var err error
	if s.errorStream, err = create(corev1.StreamTypeError); err != nil {
		return err
	}
	if s.opts.Stdin != nil {
		if s.stdin, err = create(corev1.StreamTypeStdin); err != nil {
			return err
		}
	}
	if s.opts.Stdout != nil {
		if s.stdout, err = create(corev1.StreamTypeStdout); err != nil {
			return err
		}
	}
	if s.wantsStderr() {
		if s.stderr, err = create(corev1.StreamTypeStderr); err != nil {
			return err
		}
	}
	if s.version >= 3 && s.opts.Tty {
		if s.resize, err = create(corev1.StreamTypeResize); err != nil {
			return err
		}
	}
	return nil
}

// run opens the streams, closes ready (if not nil) once they exist, and
// copies until the command is done.
func (s *session) run(conn streamCreator, ready chan<- struct{}) error {
	if err := s.open(conn); err != nil {
		return err
	}
	if ready != nil {
		close(ready)
	}
	if s.version == 1 {
		return s.runV1()
	}

	result := s.watchErrorStream()
	s.forwardResizes()
	s.copyStdin()
	var outputs sync.WaitGroup
	s.copyOutput(&outputs, corev1.StreamTypeStdout, s.opts.Stdout, s.stdout)
	if s.wantsStderr() {
		s.copyOutput(&outputs, corev1.StreamTypeStderr, s.opts.Stderr, s.stderr)
	}
	outputs.Wait()
	return <-result
}

// runV1 is the first protocol: stdin is never half-closed, and the session
// ends when the output streams end or as soon as the error stream has text.
func (s *session) runV1() error {
	defer s.resetAll()
	failed := make(chan error, 1)
	go func() {
		msg, err := io.ReadAll(s.errorStream)
		switch {
		case err != nil && !errors.Is(err, io.EOF):
			failed <- fmt.Errorf("Error reading from error stream: %s", err) //nolint:staticcheck // text as in the v1 protocol's clients
		case len(msg) > 0:
			failed <- fmt.Errorf("Error executing remote command: %s", msg) //nolint:staticcheck // idem
		}
	}()
	if s.opts.Stdin != nil {
		go func() { _, _ = io.Copy(s.stdin, onlyReader{s.opts.Stdin}) }()
	}
	done := make(chan struct{}, 2)
	pending := 0
	copyOut := func(dst io.Writer, src io.Reader) {
		pending++
		go func() {
			if _, err := io.Copy(dst, src); err != nil {
				s.logger.V(4).Info("Remote command: output copy ended", "err", err)
			}
			done <- struct{}{}
		}()
	}
	if s.opts.Stdout != nil {
		copyOut(s.opts.Stdout, s.stdout)
	}
	if s.wantsStderr() {
		copyOut(s.opts.Stderr, s.stderr)
	}
	for ; pending > 0; pending-- {
		select {
		case <-done:
		case err := <-failed:
			// Stop the output copies and wait for them, so nothing is
			// written to the caller's writers after we return.
			s.resetAll()
			for ; pending > 0; pending-- {
				<-done
			}
			return err
		}
	}
	return nil
}

func (s *session) resetAll() {
	for _, st := range []streamhttp.Stream{s.errorStream, s.stdin, s.stdout, s.stderr} {
		if st != nil {
			_ = st.Reset()
		}
	}
}

// watchErrorStream reads the error stream to its end in the background and
// delivers what it meant: nil for success, else the command's failure.
func (s *session) watchErrorStream() <-chan error {
	result := make(chan error, 1)
	go func() {
		msg, err := io.ReadAll(s.errorStream)
		switch {
		case err != nil && !errors.Is(err, io.EOF):
			result <- fmt.Errorf("error reading from error stream: %w", err)
		case len(msg) == 0 && s.version >= 4:
			// From v4 on the server always ends with a Status, Success
			// included: an empty stream means the session was cut off.
			result <- errLostStatus
		case len(msg) == 0:
			result <- nil
		case s.version >= 4:
			result <- decodeStatus(msg)
		default:
			result <- fmt.Errorf("error executing remote command: %s", msg)
		}
	}()
	return result
}

// errLostStatus is the failure of a v4+ session whose error stream ended
// without the Status that reports how the command ended.
var errLostStatus = errors.New("error stream protocol error: the stream ended without an exit status (the connection to the server was probably lost)")

// decodeStatus interprets the metav1.Status that protocols v4 and v5 send
// on the error stream.
func decodeStatus(msg []byte) error {
	var status metav1.Status
	if err := json.Unmarshal(msg, &status); err != nil {
		return fmt.Errorf("error stream protocol error: %v in %q", err, msg)
	}
	switch status.Status {
	case metav1.StatusSuccess:
		return nil
	case metav1.StatusFailure:
	default:
		return errors.New("error stream protocol error: unknown error")
	}
	if status.Reason != remotecommand.NonZeroExitCodeReason {
		// Same text as the status message; apierrors helpers work on it.
		return &apierrors.StatusError{ErrStatus: status}
	}
	if status.Details == nil {
		return errors.New("error stream protocol error: details must be set")
	}
	for _, cause := range status.Details.Causes {
		if cause.Type != remotecommand.ExitCodeCauseType {
			continue
		}
		code, err := strconv.ParseUint(cause.Message, 10, 8)
		if err != nil {
			return fmt.Errorf("error stream protocol error: invalid exit code value %q", cause.Message)
		}
		return exec.CodeExitError{
			Err:  fmt.Errorf("command terminated with exit code %d", code),
			Code: int(code),
		}
	}
	return fmt.Errorf("error stream protocol error: no %s cause given", remotecommand.ExitCodeCauseType)
}

// forwardResizes sends each size from the queue as JSON on the resize
// stream until the queue returns nil.
func (s *session) forwardResizes() {
	if s.resize == nil || s.opts.TerminalSizeQueue == nil {
		return
	}
	go func() {
		enc := json.NewEncoder(s.resize)
		for size := s.opts.TerminalSizeQueue.Next(); size != nil; size = s.opts.TerminalSizeQueue.Next() {
			if err := enc.Encode(size); err != nil {
				s.logger.V(4).Info("Remote command: sending terminal size failed", "err", err)
			}
		}
	}()
}

// copyStdin copies Stdin to the remote and half-closes the remote stdin when
// Stdin ends (so `echo x | cmd` terminates), or when the server closes its
// end first (so an interactive session ends cleanly).
func (s *session) copyStdin() {
	if s.stdin == nil {
		return
	}
	var once sync.Once
	closeRemote := func() { once.Do(func() { _ = s.stdin.Close() }) }
	go func() {
		defer closeRemote()
		if _, err := io.Copy(s.stdin, onlyReader{s.opts.Stdin}); err != nil {
			s.logger.V(4).Info("Remote command: copying stdin failed", "err", err)
		}
	}()
	go func() {
		defer closeRemote()
		// Nothing is expected on it: this returns when the server closes it.
		_, _ = io.Copy(io.Discard, s.stdin)
	}()
}

// copyOutput copies a remote output stream to dst. Whatever dst refuses is
// still read from the remote, so the connection never stalls on it.
func (s *session) copyOutput(wg *sync.WaitGroup, name string, dst io.Writer, src io.Reader) {
	if dst == nil || src == nil {
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := io.Copy(dst, src); err != nil {
			s.logger.V(4).Info("Remote command: copying output failed", "stream", name, "err", err)
		}
		_, _ = io.Copy(io.Discard, src)
	}()
}

// onlyReader hides any WriterTo of the wrapped reader, so io.Copy reads into
// its own bounded buffer instead of writing a whole bytes.Buffer in one
// oversized frame.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }
