package csaupgrade

// Option adjusts an upgrade.
type Option func(*options)

// Subresource limits the upgrade to managed fields entries recorded for the
// named subresource (for example "status"); by default only entries for the
// main resource ("") are touched.
func Subresource(s string) Option {
	return func(o *options) { o.subresource = s }
}

type options struct {
	subresource string
}

func newOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}
