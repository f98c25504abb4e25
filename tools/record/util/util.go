// Package util has small helpers shared by the event recorders.
package util

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/validation"
)

// ValidateEventType reports whether eventtype is one the API accepts:
// v1.EventTypeNormal or v1.EventTypeWarning.
func ValidateEventType(eventtype string) bool {
	return eventtype == v1.EventTypeNormal || eventtype == v1.EventTypeWarning
}

// IsKeyNotFoundError reports whether err is (or wraps) an API status error
// with HTTP code 404.
func IsKeyNotFoundError(err error) bool {
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		return false
	}
	return status.Status().Code == http.StatusNotFound
}

// GenerateEventName returns a unique Event name "<refName>.<hex unixNano>".
// When refName would make that an invalid object name (too long, or not a
// DNS subdomain), a random UUID takes refName's place.
func GenerateEventName(refName string, unixNano int64) string {
	suffix := fmt.Sprintf(".%x", unixNano)
	if name := refName + suffix; len(validation.NameIsDNSSubdomain(name, false)) == 0 {
		return name
	}
	return randomUUID() + suffix
}

// randomUUID returns a random (version 4) UUID in its canonical text form.
func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
