package api

import "fmt"

const redactedMark = "--- REDACTED ---"

// String prints the plugin name and hides the settings, which often hold
// secrets, so the value is safe to log.
func (c AuthProviderConfig) String() string {
	settings := "<nil>"
	if c.Config != nil {
		settings = redactedMark
	}
	return fmt.Sprintf("api.AuthProviderConfig{Name: %q, Config: map[string]string{%s}}", c.Name, settings)
}

// GoString is String, so %#v is as safe to log as %v.
func (c AuthProviderConfig) GoString() string { return c.String() }

// String prints the command and non-secret settings; arguments, environment
// and plugin config are replaced by a redaction mark, so the value is safe
// to log.
func (c ExecConfig) String() string {
	var args []string
	if len(c.Args) > 0 {
		args = []string{redactedMark}
	}
	env := "[]ExecEnvVar(nil)"
	if len(c.Env) > 0 {
		env = "[]ExecEnvVar{" + redactedMark + "}"
	}
	cfg := "runtime.Object(nil)"
	if c.Config != nil {
		cfg = "runtime.Object(" + redactedMark + ")"
	}
	return fmt.Sprintf("api.ExecConfig{Command: %q, Args: %#v, Env: %s, APIVersion: %q, ProvideClusterInfo: %t, Config: %s, StdinUnavailable: %t}",
		c.Command, args, env, c.APIVersion, c.ProvideClusterInfo, cfg, c.StdinUnavailable)
}

// GoString is String, so %#v is as safe to log as %v.
func (c ExecConfig) GoString() string { return c.String() }
