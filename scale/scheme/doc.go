// Package scheme holds the internal Scale type that the scale client
// converts every external Scale version through (autoscaling/v1,
// extensions/v1beta1, apps/v1beta1, apps/v1beta2), registered as
// autoscaling/__internal. Its subpackages register the external versions
// with their conversions, and the internal type under the apps and
// extensions groups.
package scheme
