package remotecommand

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/remotecommand"
	streamhttp "k8s.io/streaming/pkg/httpstream"
	streamspdy "k8s.io/streaming/pkg/httpstream/spdy"
	"k8s.io/streaming/pkg/httpstream/wsstream"
)

// This file is the server side for the tests: handlers that upgrade with
// k8s.io/streaming's SPDY upgrader or its WebSocket channel server (the same
// code kubelet and the API server run) and then play a small command.
//
// The command is steered by the query, like a real exec URL: stdin, stdout,
// stderr and tty say which streams the client opens; exit is the exit code.
// It reads stdin to its end and writes it upper-cased to stdout, writes
// "stderr:<n bytes>" to stderr, and with a TTY first reads `resizes`
// terminal sizes and writes them to stdout as "WxH ".

// serverIO is the command's view of the streams.
type serverIO struct {
	stdin          io.Reader
	stdout, stderr io.WriteCloser
	errorStream    io.WriteCloser
	resize         io.Reader
}

type execRequest struct {
	stdin, stdout, stderr, tty bool
	exit                       int
	resizes                    int
	// hang makes the command block until the connection goes away.
	hang bool
	// drop makes the server close the connection shortly after the streams
	// exist, without reporting an exit status.
	drop bool
}

func parseExecRequest(r *http.Request) execRequest {
	q := r.URL.Query()
	// kubelet's names for the streams (as the API server forwards them)
	// count as well as the test's own.
	for ours, kubelets := range map[string]string{"stdin": "input", "stdout": "output", "stderr": "error"} {
		if q.Get(kubelets) != "" {
			q.Set(ours, q.Get(kubelets))
		}
	}
	// A command `exit N` exits with N; `resize N` reads N terminal sizes.
	if cmd := q["command"]; len(cmd) == 2 && (cmd[0] == "exit" || cmd[0] == "resize") {
		q.Set(map[string]string{"exit": "exit", "resize": "resizes"}[cmd[0]], cmd[1])
	}
	flag := func(name string) bool { return q.Get(name) == "1" || q.Get(name) == "true" }
	exit, _ := strconv.Atoi(q.Get("exit"))
	resizes, _ := strconv.Atoi(q.Get("resizes"))
	return execRequest{
		stdin: flag("stdin"), stdout: flag("stdout"), stderr: flag("stderr"), tty: flag("tty"),
		exit: exit, resizes: resizes, hang: flag("hang"), drop: flag("drop"),
	}
}

// runCommand plays the command and reports its end on the error stream the
// way kubelet does for the negotiated protocol.
func runCommand(protocol string, req execRequest, sio serverIO) {
	if protocolVersion(protocol) == 1 && req.exit != 0 {
		// v1 clients stop at the first error text: send it first and hold
		// the output back, so the test does not depend on timing.
		writeExit(protocol, req.exit, sio.errorStream)
		_ = sio.errorStream.Close()
		time.Sleep(50 * time.Millisecond)
	}
	// Streams are read concurrently, as a real server does: a multiplexer
	// may hold one stream's data until another stream is read.
	sizes := make(chan string, 1)
	go func() {
		var text strings.Builder
		if req.tty && sio.resize != nil {
			dec := json.NewDecoder(sio.resize)
			for i := 0; i < req.resizes; i++ {
				var size TerminalSize
				if err := dec.Decode(&size); err != nil {
					break
				}
				fmt.Fprintf(&text, "%dx%d ", size.Width, size.Height)
			}
		}
		sizes <- text.String()
	}()
	var n int
	var input string
	if req.stdin && sio.stdin != nil {
		data, _ := io.ReadAll(sio.stdin)
		n = len(data)
		input = strings.ToUpper(string(data))
	}
	var out strings.Builder
	out.WriteString(<-sizes)
	out.WriteString(input)
	if sio.stdout != nil {
		_, _ = io.WriteString(sio.stdout, out.String())
		_ = sio.stdout.Close()
	}
	if sio.stderr != nil && !req.tty {
		fmt.Fprintf(sio.stderr, "stderr:%d", n)
		_ = sio.stderr.Close()
	}
	if protocolVersion(protocol) > 1 || req.exit == 0 {
		writeExit(protocol, req.exit, sio.errorStream)
		_ = sio.errorStream.Close()
	}
}

func writeExit(protocol string, code int, w io.Writer) {
	v := protocolVersion(protocol)
	if v < 4 {
		if code != 0 {
			fmt.Fprintf(w, "command terminated with exit code %d", code)
		}
		return
	}
	status := metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusSuccess}
	if code != 0 {
		status = metav1.Status{
			TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
			Status:   metav1.StatusFailure,
			Reason:   remotecommand.NonZeroExitCodeReason,
			Message:  fmt.Sprintf("command terminated with non-zero exit code: exit status %d", code),
			Details: &metav1.StatusDetails{Causes: []metav1.StatusCause{
				{Type: remotecommand.ExitCodeCauseType, Message: strconv.Itoa(code)},
			}},
		}
	}
	_ = json.NewEncoder(w).Encode(status)
}

// recorder remembers what the handlers saw, for assertions on headers.
type recorder struct {
	mu            sync.Mutex
	authorization []string
	protocols     []string
}

func (r *recorder) record(req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.authorization = append(r.authorization, req.Header.Get("Authorization"))
	r.protocols = append(r.protocols, req.Header.Get(wsstream.WebSocketProtocolHeader))
}

func (r *recorder) lastAuthorization() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.authorization) == 0 {
		return ""
	}
	return r.authorization[len(r.authorization)-1]
}

// spdyExecHandler serves exec over SPDY with the given protocols.
func spdyExecHandler(t *testing.T, rec *recorder, protocols ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if rec != nil {
			rec.record(r)
		}
		protocol, err := streamhttp.Handshake(r, w, protocols)
		if err != nil {
			return // Handshake answered already
		}
		req := parseExecRequest(r)
		streams := make(chan streamhttp.Stream, 8)
		conn := streamspdy.NewResponseUpgrader().UpgradeResponse(w, r, func(s streamhttp.Stream, _ <-chan struct{}) error {
			streams <- s
			return nil
		})
		if conn == nil {
			return
		}
		defer conn.Close()

		want := 1 // error
		for _, on := range []bool{req.stdin, req.stdout, req.stderr && !req.tty, req.tty && protocolVersion(protocol) >= 3} {
			if on {
				want++
			}
		}
		byType := map[string]streamhttp.Stream{}
		timeout := time.After(5 * time.Second)
		for len(byType) < want {
			select {
			case s := <-streams:
				byType[s.Headers().Get(corev1.StreamType)] = s
			case <-timeout:
				t.Errorf("server: got %d of %d streams", len(byType), want)
				return
			}
		}
		if req.hang {
			<-conn.CloseChan()
			return
		}
		if req.drop {
			time.Sleep(100 * time.Millisecond)
			return // the deferred Close drops the connection
		}
		sio := serverIO{errorStream: byType[corev1.StreamTypeError]}
		if s, ok := byType[corev1.StreamTypeStdin]; ok {
			sio.stdin = s
		}
		if s, ok := byType[corev1.StreamTypeStdout]; ok {
			sio.stdout = s
		}
		if s, ok := byType[corev1.StreamTypeStderr]; ok {
			sio.stderr = s
		}
		if s, ok := byType[corev1.StreamTypeResize]; ok {
			sio.resize = s
		}
		runCommand(protocol, req, sio)
		// Let the client finish reading before the connection goes.
		select {
		case <-conn.CloseChan():
		case <-time.After(5 * time.Second):
		}
	}
}

// wsExecHandler serves exec over WebSocket with the given protocols, using
// the channel server of k8s.io/streaming.
func wsExecHandler(rec *recorder, protocols ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if rec != nil {
			rec.record(r)
		}
		channels := []wsstream.ChannelType{
			wsstream.ReadChannel,  // stdin
			wsstream.WriteChannel, // stdout
			wsstream.WriteChannel, // stderr
			wsstream.WriteChannel, // error
			wsstream.ReadChannel,  // resize
		}
		configs := map[string]wsstream.ChannelProtocolConfig{}
		for _, p := range protocols {
			configs[p] = wsstream.ChannelProtocolConfig{Binary: true, Channels: channels}
		}
		conn := wsstream.NewConn(configs)
		protocol, rwc, err := conn.Open(w, r)
		if err != nil {
			return
		}
		defer conn.Close()
		req := parseExecRequest(r)
		if req.drop {
			time.Sleep(100 * time.Millisecond)
			return // the deferred Close drops the connection
		}
		if req.hang {
			// Blocks until the client goes away.
			_, _ = io.Copy(io.Discard, rwc[remotecommand.StreamStdIn])
			return
		}
		sio := serverIO{errorStream: nopCloser{rwc[remotecommand.StreamErr]}, resize: rwc[remotecommand.StreamResize]}
		if req.stdin {
			sio.stdin = rwc[remotecommand.StreamStdIn]
		}
		if req.stdout {
			sio.stdout = nopCloser{rwc[remotecommand.StreamStdOut]}
		}
		if req.stderr {
			sio.stderr = nopCloser{rwc[remotecommand.StreamStdErr]}
		}
		runCommand(protocol, req, sio)
	}
}

// nopCloser keeps the command from closing a WebSocket channel: output
// channels end when the connection closes.
type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func jsonEncode(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }
