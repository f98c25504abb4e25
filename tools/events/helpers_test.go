package events

import (
	"github.com/go-logr/logr"
	"k8s.io/klog/v2"
)

// klogDiscard returns a logger that drops everything.
func klogDiscard() klog.Logger { return logr.Discard() }
