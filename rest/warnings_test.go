package rest

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type recordingHandler struct {
	mu   sync.Mutex
	msgs []string
}

func (h *recordingHandler) HandleWarningHeader(code int, agent, text string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.msgs = append(h.msgs, text)
}

func TestWarningHandlers(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Warning", `299 - "first"`)
		w.Header().Add("Warning", `299 - "second"`)
		writeJSON(w, 200, configMapJSON)
	})
	ctx := context.Background()

	// per config
	h := &recordingHandler{}
	cfg := testConfig(s.URL)
	cfg.WarningHandler = h
	c, err := RESTClientFor(cfg)
	require.NoError(t, err)
	require.NoError(t, c.Get().Resource("x").Do(ctx).Error())
	assert.Equal(t, []string{"first", "second"}, h.msgs)

	// per request wins over the config
	h2 := &recordingHandler{}
	require.NoError(t, c.Get().Resource("x").WarningHandler(h2).Do(ctx).Error())
	assert.Equal(t, []string{"first", "second"}, h2.msgs)
	assert.Len(t, h.msgs, 2)

	// the process default applies to clients without their own handler
	def := &recordingHandler{}
	SetDefaultWarningHandler(def)
	t.Cleanup(func() { SetDefaultWarningHandler(WarningLogger{}) })
	plain := newTestClient(t, s)
	require.NoError(t, plain.Get().Resource("x").Do(ctx).Error())
	assert.Equal(t, []string{"first", "second"}, def.msgs)
	SetDefaultWarningHandlerWithContext(NoWarnings{})
	require.NoError(t, plain.Get().Resource("x").Do(ctx).Error())
	assert.Len(t, def.msgs, 2)
}

func TestWarningWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWarningWriter(&buf, WarningWriterOptions{Deduplicate: true})
	w.HandleWarningHeader(299, "", "a")
	w.HandleWarningHeader(299, "", "a")
	w.HandleWarningHeader(199, "", "ignored: not 299")
	w.HandleWarningHeaderWithContext(context.Background(), 299, "", "b")
	assert.Equal(t, "Warning: a\nWarning: b\n", buf.String())
	assert.Equal(t, 2, w.WarningCount())

	buf.Reset()
	colored := NewWarningWriter(&buf, WarningWriterOptions{Color: true})
	colored.HandleWarningHeader(299, "", "c")
	colored.HandleWarningHeader(299, "", "c")
	assert.Equal(t, "\x1b[33;1mWarning:\x1b[0m c\n\x1b[33;1mWarning:\x1b[0m c\n", buf.String())

	// loggers and no-ops accept anything without panicking
	WarningLogger{}.HandleWarningHeader(299, "", "logged")
	WarningLogger{}.HandleWarningHeaderWithContext(context.Background(), 299, "", "logged")
	NoWarnings{}.HandleWarningHeader(299, "", "x")
}
