package clientcmd

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	clientauth "github.com/kclient/kclient/tools/auth"
)

// AuthLoader produces auth-file credentials (clientauth.Info) from a path.
type AuthLoader interface {
	// LoadAuth returns the credentials stored at path.
	LoadAuth(path string) (*clientauth.Info, error)
}

// defaultAuthLoader only reads existing auth files.
type defaultAuthLoader struct{}

// LoadAuth reads the auth file at path.
func (*defaultAuthLoader) LoadAuth(path string) (*clientauth.Info, error) {
	return clientauth.LoadFromFile(path)
}

// NewDefaultAuthLoader returns an AuthLoader that reads auth files and
// never prompts.
func NewDefaultAuthLoader() AuthLoader { return &defaultAuthLoader{} }

// PromptingAuthLoader is an AuthLoader that asks for a user name and
// password when the auth file does not exist, and saves the answer there.
type PromptingAuthLoader struct {
	reader io.Reader
}

// NewPromptingAuthLoader returns a PromptingAuthLoader reading answers
// from reader.
func NewPromptingAuthLoader(reader io.Reader) *PromptingAuthLoader {
	return &PromptingAuthLoader{reader: reader}
}

// LoadAuth reads the auth file at path; when it does not exist it prompts
// and writes the answers to path with mode 0600.
func (a *PromptingAuthLoader) LoadAuth(path string) (*clientauth.Info, error) {
	if _, err := os.Stat(path); os.IsNotExist(err) {
		info, err := a.Prompt()
		if err != nil {
			return nil, err
		}
		data, err := json.Marshal(*info)
		if err != nil {
			return info, err
		}
		return info, os.WriteFile(path, data, 0o600)
	}
	return clientauth.LoadFromFile(path)
}

// Prompt asks for a user name and a password on standard output and reads
// both, one per line, from the loader's reader. Without a reader it fails.
func (a *PromptingAuthLoader) Prompt() (*clientauth.Info, error) {
	if a.reader == nil {
		return nil, fmt.Errorf("error reading input for Username: no input available")
	}
	in := bufio.NewReader(a.reader)
	user, err := promptForString("Username", in)
	if err != nil {
		return nil, err
	}
	password, err := promptForString("Password", in)
	if err != nil {
		return nil, err
	}
	return &clientauth.Info{User: user, Password: password}, nil
}

// promptForString prints a prompt for field and reads one whitespace-trimmed line.
func promptForString(field string, in *bufio.Reader) (string, error) {
	fmt.Printf("Please enter %s: ", field)
	line, err := in.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return "", fmt.Errorf("error reading input for %s: %w", field, err)
	}
	return strings.TrimSpace(line), nil
}
