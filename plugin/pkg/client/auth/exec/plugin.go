package exec

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/klog/v2"
	"sigs.k8s.io/yaml"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	clientauthenticationv1 "github.com/kclient/kclient/pkg/apis/clientauthentication/v1"
)

// execInfoEnv is the environment variable that carries the request
// ExecCredential to the plugin.
const execInfoEnv = "KUBERNETES_EXEC_INFO"

// execCredentialKind is the kind the plugin must print.
const execCredentialKind = "ExecCredential"

// installHintVerboseHelp follows "executable not found" errors (rate
// limited), before the config's own install hint.
const installHintVerboseHelp = `

It looks like you are trying to use a client-go credential plugin that is not installed.

To learn more about this feature, consult the documentation available at:
      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins`

// runPlugin runs the plugin once and returns the credentials it printed and
// their expiration time (zero for none). It does not touch the cache.
func (a *Authenticator) runPlugin() (*credentials, time.Time, error) {
	interactive, err := a.interactive()
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("exec plugin cannot support interactive mode: %w", err)
	}
	info, err := a.execInfo(interactive)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("encode ExecCredentials: %w", err)
	}

	var stdout bytes.Buffer
	cmd := exec.Command(a.cmd, a.args...)
	cmd.Env = append(append(a.environ(), a.env...), execInfoEnv+"="+string(info))
	cmd.Stdout = &stdout
	cmd.Stderr = a.stderr
	if interactive {
		cmd.Stdin = a.stdin
	}

	err = a.checkPolicy(cmd)
	recordPolicyCall(err)
	if err != nil {
		return nil, time.Time{}, err
	}

	klog.V(4).InfoS("Running exec credential plugin", "command", a.cmd, "interactive", interactive)
	err = cmd.Run()
	recordPluginCall(err)
	if err != nil {
		return nil, time.Time{}, a.runError(err)
	}

	status, err := a.decodeOutput(stdout.Bytes())
	if err != nil {
		return nil, time.Time{}, err
	}
	creds, err := credentialsFrom(status)
	if err != nil {
		return nil, time.Time{}, err
	}
	var exp time.Time
	if status.ExpirationTimestamp != nil {
		exp = status.ExpirationTimestamp.Time
	}
	return creds, exp, nil
}

// execInfo encodes the ExecCredential request put into KUBERNETES_EXEC_INFO,
// in the configured API version.
func (a *Authenticator) execInfo(interactive bool) ([]byte, error) {
	in := &clientauthentication.ExecCredential{
		Spec: clientauthentication.ExecCredentialSpec{Interactive: interactive},
	}
	if a.provideClusterInfo {
		in.Spec.Cluster = a.cluster
	}
	// v1 and v1beta1 have the same shape; only apiVersion differs.
	out := &clientauthenticationv1.ExecCredential{}
	if err := clientauthenticationv1.Convert_clientauthentication_ExecCredential_To_v1_ExecCredential(in, out, nil); err != nil {
		return nil, err
	}
	out.APIVersion = a.apiVersion
	out.Kind = execCredentialKind
	return json.Marshal(out)
}

// decodeOutput parses what the plugin printed (JSON, or YAML as the
// universal decoder also accepts) and checks its kind and apiVersion. Errors
// never quote the output, which holds secrets.
func (a *Authenticator) decodeOutput(out []byte) (*clientauthentication.ExecCredentialStatus, error) {
	data := out
	if !json.Valid(out) {
		var err error
		if data, err = yaml.YAMLToJSON(out); err != nil {
			return nil, errors.New("decoding stdout: exec plugin output is neither JSON nor YAML")
		}
	}
	var typed clientauthenticationv1.ExecCredential
	if err := json.Unmarshal(data, &typed); err != nil {
		return nil, fmt.Errorf("decoding stdout: %s", describeJSONError(err))
	}
	switch {
	case typed.Kind == "":
		return nil, errors.New("decoding stdout: exec plugin output has no kind; want kind ExecCredential")
	case typed.APIVersion == "":
		return nil, errors.New("decoding stdout: exec plugin output has no apiVersion")
	}
	got, err := schema.ParseGroupVersion(typed.APIVersion)
	if err != nil {
		return nil, fmt.Errorf("decoding stdout: exec plugin returned an invalid apiVersion: %w", err)
	}
	want, _ := schema.ParseGroupVersion(a.apiVersion)
	if got != want {
		return nil, fmt.Errorf("exec plugin is configured to use API version %s, plugin returned version %s", want, got)
	}
	if typed.Kind != execCredentialKind {
		return nil, fmt.Errorf("decoding stdout: exec plugin returned kind %q, want %q", typed.Kind, execCredentialKind)
	}

	var cred clientauthentication.ExecCredential
	if err := clientauthenticationv1.Convert_v1_ExecCredential_To_clientauthentication_ExecCredential(&typed, &cred, nil); err != nil {
		return nil, fmt.Errorf("decoding stdout: %w", err)
	}
	if cred.Status == nil {
		return nil, errors.New("exec plugin didn't return a status field")
	}
	return cred.Status, nil
}

// describeJSONError says where and why the output failed to unmarshal
// without repeating any of its values.
func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("exec plugin output is not valid JSON (offset %d)", syntax.Offset)
	case errors.As(err, &typ):
		kind, _, _ := strings.Cut(typ.Value, " ")
		return fmt.Sprintf("exec plugin output has a %s where %s is expected at field %q", kind, typ.Type, typ.Field)
	default:
		// Other errors come from fields such as expirationTimestamp and may
		// quote them; those are not secret.
		return fmt.Sprintf("exec plugin output is not a valid ExecCredential: %v", err)
	}
}

// credentialsFrom validates status and turns it into credentials, parsing
// the client certificate if there is one.
func credentialsFrom(status *clientauthentication.ExecCredentialStatus) (*credentials, error) {
	hasCert, hasKey := status.ClientCertificateData != "", status.ClientKeyData != ""
	switch {
	case status.Token == "" && !hasCert && !hasKey:
		return nil, errors.New("exec plugin didn't return a token or cert/key pair")
	case hasCert != hasKey:
		return nil, errors.New("exec plugin returned only certificate or key, not both")
	}
	creds := &credentials{token: status.Token}
	if !hasCert {
		return creds, nil
	}
	cert, err := tls.X509KeyPair([]byte(status.ClientCertificateData), []byte(status.ClientKeyData))
	if err != nil {
		return nil, fmt.Errorf("failed parsing client key/certificate: %w", err)
	}
	// Leaf gives quick access to NotBefore/NotAfter for rotation metrics.
	if cert.Leaf == nil {
		if cert.Leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return nil, fmt.Errorf("failed parsing client leaf certificate: %w", err)
		}
	}
	creds.cert = &cert
	return creds, nil
}

// runError turns a failed cmd.Run into the error reported to callers. A
// missing executable gets the install hint (at most a few times an hour).
func (a *Authenticator) runError(err error) error {
	var notFound *exec.Error
	var exit *exec.ExitError
	switch {
	// A bare name missing from PATH gives *exec.Error; a path that does not
	// exist fails in fork/exec with fs.ErrNotExist. Both deserve the hint.
	case errors.As(err, &notFound), errors.Is(err, fs.ErrNotExist):
		var b strings.Builder
		fmt.Fprintf(&b, "exec: executable %s not found", a.cmd)
		a.hintLimiter.do(func() {
			b.WriteString(installHintVerboseHelp)
			if a.installHint != "" {
				fmt.Fprintf(&b, "\n\n%s", a.installHint)
			}
		})
		return errors.New(b.String())
	case errors.As(err, &exit):
		return fmt.Errorf("exec: executable %s failed with exit code %d", a.cmd, exit.ExitCode())
	default:
		return fmt.Errorf("exec: %w", err)
	}
}
