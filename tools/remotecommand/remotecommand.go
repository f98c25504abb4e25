// Package remotecommand runs the standard streams of a command in a
// container (the exec and attach subresources of a Pod) over an upgraded
// connection to the API server.
//
// An Executor is made for one URL (usually built with a RESTClient:
// client.Post().Resource("pods").Name(name).Namespace(ns).SubResource("exec")
// with PodExecOptions as parameters) and streams with StreamWithContext:
//
//   - NewSPDYExecutor speaks SPDY/3.1, offering the channel protocols
//     v5.channel.k8s.io down to channel.k8s.io;
//   - NewWebSocketExecutor speaks WebSocket with v5.channel.k8s.io, which
//     the API server supports since Kubernetes 1.30;
//   - NewFallbackExecutor tries one and falls back to the other, typically
//     WebSocket first and SPDY when the upgrade is refused
//     (httpstream.IsUpgradeFailure).
//
// With protocol v4 and later a command that exits with a non-zero code
// makes StreamWithContext return an exec.CodeExitError (from
// github.com/kclient/kclient/util/exec) carrying the code.
package remotecommand

import (
	"context"
	"io"
	"net/http"

	streamhttp "k8s.io/streaming/pkg/httpstream"
)

// StreamOptions says which standard streams to connect and how. A nil
// Stdin, Stdout or Stderr is not requested from the server at all. With Tty
// the remote side has a terminal that merges stderr into stdout, so Stderr
// is ignored, and TerminalSizeQueue (if set) feeds it size changes.
type StreamOptions struct {
	Stdin             io.Reader
	Stdout            io.Writer
	Stderr            io.Writer
	Tty               bool
	TerminalSizeQueue TerminalSizeQueue
}

// Executor connects the standard streams of a remote command.
type Executor interface {
	// Stream is StreamWithContext with a context that is never cancelled.
	//
	// Deprecated: use StreamWithContext, whose context can end a session
	// that would otherwise keep its connection open forever.
	Stream(options StreamOptions) error

	// StreamWithContext opens the connection, copies the requested streams
	// until the remote command finishes and the output has been written,
	// and returns the command's failure if there was one (an
	// exec.CodeExitError for a non-zero exit code). Cancelling ctx closes
	// the connection and returns ctx.Err(). A copy from options.Stdin that
	// is blocked in Read is not interrupted; it ends when that Read returns.
	StreamWithContext(ctx context.Context, options StreamOptions) error
}

// streamCreator is the part of a multiplexed connection the protocols use.
type streamCreator interface {
	CreateStream(headers http.Header) (streamhttp.Stream, error)
}
