package v1

import (
	"context"

	examplev1beta1 "example.com/api/example/v1beta1"
)

// NudgeExpansion is hand-written: the generator must not declare it again,
// and must add example/v1beta1 (an API package it imports) to the package's
// scheme.
type NudgeExpansion interface {
	Nudge(ctx context.Context, widget *examplev1beta1.Widget) error
}
