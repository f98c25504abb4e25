package util

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestValidateEventType(t *testing.T) {
	for typ, want := range map[string]bool{"Normal": true, "Warning": true, "normal": false, "": false, "Error": false} {
		assert.Equal(t, want, ValidateEventType(typ), typ)
	}
}

func TestIsKeyNotFoundError(t *testing.T) {
	gr := schema.GroupResource{Resource: "events"}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain", errors.New("x"), false},
		{"not found", apierrors.NewNotFound(gr, "e"), true},
		{"wrapped not found", fmt.Errorf("patch: %w", apierrors.NewNotFound(gr, "e")), true},
		{"conflict", apierrors.NewConflict(gr, "e", errors.New("x")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, IsKeyNotFoundError(tt.err)) })
	}
}

func TestGenerateEventName(t *testing.T) {
	tests := []struct {
		name, ref  string
		wantPrefix string
	}{
		{"valid name kept", "web-0", "web-0."},
		{"invalid characters replaced", "system:node:worker", ""},
		{"too long replaced", strings.Repeat("a", 260), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := GenerateEventName(tt.ref, 255)
			assert.True(t, strings.HasSuffix(got, ".ff"), got)
			if tt.wantPrefix != "" {
				assert.Equal(t, tt.wantPrefix+"ff", got)
			} else {
				assert.NotContains(t, got, tt.ref)
				assert.Len(t, got, 36+3)
			}
		})
	}
}
