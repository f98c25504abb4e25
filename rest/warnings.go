package rest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"

	"k8s.io/apimachinery/pkg/util/net"
	"k8s.io/klog/v2"
)

// WarningHandler receives the "Warning" headers (RFC 7234) of API
// responses. Implementations may be called from many goroutines at once.
type WarningHandler interface {
	// HandleWarningHeader gets one parsed warning: its code (299 for API
	// deprecation and policy warnings), the agent that added it, and its
	// text.
	HandleWarningHeader(code int, agent string, text string)
}

// WarningHandlerWithContext is WarningHandler for handlers that want the
// request's context, for example to log with klog.FromContext.
type WarningHandlerWithContext interface {
	// HandleWarningHeaderWithContext gets one parsed warning, as
	// HandleWarningHeader does, plus the context of the request it came
	// with.
	HandleWarningHeaderWithContext(ctx context.Context, code int, agent string, text string)
}

// withoutContext adapts a WarningHandler to WarningHandlerWithContext.
type withoutContext struct{ h WarningHandler }

func (w withoutContext) HandleWarningHeaderWithContext(_ context.Context, code int, agent, text string) {
	w.h.HandleWarningHeader(code, agent, text)
}

// contextHandler returns h as a WarningHandlerWithContext, or nil.
func contextHandler(h WarningHandler) WarningHandlerWithContext {
	if h == nil {
		return nil
	}
	if hc, ok := h.(WarningHandlerWithContext); ok {
		return hc
	}
	return withoutContext{h}
}

// defaultWarnings holds the process-wide default handler.
var defaultWarnings = struct {
	sync.RWMutex
	h WarningHandlerWithContext
}{h: WarningLogger{}}

// SetDefaultWarningHandler installs the process-wide handler for warnings
// of clients that have none of their own; initially that is WarningLogger.
// The package offers NoWarnings to drop them, WarningLogger to log them, and
// NewWarningWriter to print them to an io.Writer.
//
// The default applies to every client that has no handler of its own, also
// to clients created earlier. Setting nil restores nothing: warnings are then
// dropped.
func SetDefaultWarningHandler(l WarningHandler) {
	setDefaultWarningHandler(contextHandler(l))
}

// SetDefaultWarningHandlerWithContext is SetDefaultWarningHandler for a
// handler that receives each request's context.
func SetDefaultWarningHandlerWithContext(l WarningHandlerWithContext) {
	setDefaultWarningHandler(l)
}

func setDefaultWarningHandler(l WarningHandlerWithContext) {
	defaultWarnings.Lock()
	defer defaultWarnings.Unlock()
	defaultWarnings.h = l
}

func getDefaultWarningHandler() WarningHandlerWithContext {
	defaultWarnings.RLock()
	defer defaultWarnings.RUnlock()
	return defaultWarnings.h
}

// NoWarnings drops every warning. It implements both WarningHandler and
// WarningHandlerWithContext.
type NoWarnings struct{}

// HandleWarningHeader ignores the warning.
func (NoWarnings) HandleWarningHeader(code int, agent string, message string) {}

// HandleWarningHeaderWithContext ignores the warning.
func (NoWarnings) HandleWarningHeaderWithContext(ctx context.Context, code int, agent string, message string) {
}

// WarningLogger logs the text of code-299 warnings and ignores other codes.
// It implements both WarningHandler and WarningHandlerWithContext.
type WarningLogger struct{}

// HandleWarningHeader logs a code 299 warning at klog's warning severity.
func (w WarningLogger) HandleWarningHeader(code int, agent string, message string) {
	if code != 299 || message == "" {
		return
	}
	klog.Warning(message)
}

// HandleWarningHeaderWithContext logs a code 299 warning with the logger from ctx.
func (WarningLogger) HandleWarningHeaderWithContext(ctx context.Context, code int, agent string, message string) {
	if code != 299 || message == "" {
		return
	}
	klog.FromContext(ctx).Info("Warning: " + message)
}

// WarningWriterOptions tunes the handler returned by NewWarningWriter.
type WarningWriterOptions struct {
	// Deduplicate prints each distinct message only the first time. The
	// messages seen are remembered for the handler's lifetime, so memory
	// grows with the number of distinct warnings.
	Deduplicate bool
	// Color highlights the "Warning:" prefix with ANSI escape codes.
	Color bool
}

// warningWriter writes code 299 warnings to a writer, one per line.
type warningWriter struct {
	mu      sync.Mutex
	out     io.Writer
	opts    WarningWriterOptions
	count   int
	written map[string]struct{}
}

// NewWarningWriter returns a handler that prints each code-299 warning to
// out as a "Warning: <text>" line, as kubectl does. It is safe for
// concurrent use; WarningCount tells how many lines it has written.
func NewWarningWriter(out io.Writer, opts WarningWriterOptions) *warningWriter {
	w := &warningWriter{out: out, opts: opts}
	if opts.Deduplicate {
		w.written = map[string]struct{}{}
	}
	return w
}

// HandleWarningHeader writes "Warning: <message>" for code 299 warnings.
func (w *warningWriter) HandleWarningHeader(code int, agent string, message string) {
	if code != 299 || message == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.opts.Deduplicate {
		if _, seen := w.written[message]; seen {
			return
		}
		w.written[message] = struct{}{}
	}
	w.count++
	if w.opts.Color {
		fmt.Fprintf(w.out, "\x1b[33;1mWarning:\x1b[0m %s\n", message)
	} else {
		fmt.Fprintf(w.out, "Warning: %s\n", message)
	}
}

// HandleWarningHeaderWithContext is HandleWarningHeader; the writer needs no context.
func (w *warningWriter) HandleWarningHeaderWithContext(_ context.Context, code int, agent string, message string) {
	w.HandleWarningHeader(code, agent, message)
}

// WarningCount returns how many warnings were written.
func (w *warningWriter) WarningCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.count
}

// handleWarnings parses the Warning headers of a response, hands each to h
// (or the default handler when h is nil) and returns them.
func handleWarnings(ctx context.Context, header http.Header, h WarningHandlerWithContext) []net.WarningHeader {
	values := header["Warning"]
	if len(values) == 0 {
		return nil
	}
	if h == nil {
		h = getDefaultWarningHandler()
	}
	warnings, _ := net.ParseWarningHeaders(values)
	if h != nil {
		for _, w := range warnings {
			h.HandleWarningHeaderWithContext(ctx, w.Code, w.Agent, w.Text)
		}
	}
	return warnings
}
