package localcluster

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// stopGrace is how long Stop waits after SIGTERM before sending SIGKILL.
const stopGrace = 15 * time.Second

// process is one running child (etcd or kube-apiserver).
//
// A process is either owned (started by this Go process; cmd is set and a
// goroutine waits for it) or adopted (found in cluster.json by Load; only the
// pid is known).
type process struct {
	name    string
	pid     int
	logPath string
	marker  string // a string its command line must contain (the cluster dir)

	cmd  *exec.Cmd
	done chan struct{} // closed when an owned process has exited
	err  error         // exit status of an owned process, valid after done
}

// launchOptions says how to start a child.
type launchOptions struct {
	detach  bool      // own session, survives this process
	spawner *spawner  // non-detached children are started from it
	logs    io.Writer // optional extra copy of the output (not when detached)
}

// launch starts binary with args, appending its output to logPath.
func launch(name, binary string, args []string, logPath, marker string, lo launchOptions) (*process, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening %s log: %w", name, err)
	}

	cmd := exec.Command(binary, args...)
	cmd.Dir = filepath.Dir(logPath)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	if lo.logs != nil && !lo.detach {
		// exec copies through a pipe in a goroutine; a failing copy would close
		// the pipe and kill the child with SIGPIPE, so the copy never fails.
		w := &teeWriter{file: logFile, extra: prefixWriter(lo.logs, name)}
		cmd.Stdout, cmd.Stderr = w, w
	}
	p := &process{name: name, logPath: logPath, marker: marker, cmd: cmd, done: make(chan struct{})}
	if lo.detach {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		err = cmd.Start()
	} else {
		err = lo.spawner.start(cmd)
	}
	if err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("starting %s (%s): %w", name, binary, err)
	}
	p.pid = cmd.Process.Pid
	go func() {
		p.err = cmd.Wait() // also waits for the output copy to finish
		_ = logFile.Close()
		close(p.done)
	}()
	return p, nil
}

// exited reports whether the process has exited.
func (p *process) exited() bool {
	if p.cmd != nil {
		select {
		case <-p.done:
			return true
		default:
			return false
		}
	}
	return !p.aliveAdopted()
}

// aliveAdopted reports whether an adopted pid still runs and is ours: a live,
// non-zombie process whose command line mentions the cluster directory.
func (p *process) aliveAdopted() bool {
	if p.pid <= 0 {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(p.pid) + "/stat")
	if err != nil {
		return false
	}
	// Format: pid (comm) state ...; comm may contain spaces or parentheses.
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
		return false
	}
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(p.pid) + "/cmdline")
	if err != nil {
		return false
	}
	return p.marker == "" || bytes.Contains(cmdline, []byte(p.marker))
}

// signal sends sig to the process if it still runs.
func (p *process) signal(sig syscall.Signal) error {
	if p.exited() {
		return nil
	}
	if err := syscall.Kill(p.pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signalling %s (pid %d): %w", p.name, p.pid, err)
	}
	return nil
}

// wait blocks until the process exits or timeout passes, and reports whether it exited.
func (p *process) wait(timeout time.Duration) bool {
	if p.cmd != nil {
		select {
		case <-p.done:
			return true
		case <-time.After(timeout):
			return false
		}
	}
	deadline := time.Now().Add(timeout)
	for p.aliveAdopted() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

// stop sends SIGTERM, then SIGKILL after grace, and waits for the exit.
func (p *process) stop(grace time.Duration) error {
	if err := p.signal(syscall.SIGTERM); err != nil {
		return err
	}
	if p.wait(grace) {
		return nil
	}
	if err := p.signal(syscall.SIGKILL); err != nil {
		return err
	}
	if !p.wait(10 * time.Second) {
		return fmt.Errorf("%s (pid %d) did not exit after SIGKILL", p.name, p.pid)
	}
	return nil
}

// exitStatus describes how an exited owned process ended.
func (p *process) exitStatus() string {
	if p.cmd == nil {
		return "exited"
	}
	if p.err == nil {
		return "exited with status 0"
	}
	return p.err.Error()
}

// teeWriter writes to a log file and, best effort, to an extra writer. Its
// Write fails only if the log file fails; errors of extra are ignored.
type teeWriter struct {
	file  io.Writer
	extra io.Writer
}

// Write implements io.Writer.
func (t *teeWriter) Write(b []byte) (int, error) {
	_, _ = t.extra.Write(b)
	return t.file.Write(b)
}

// prefixWriter returns a writer that forwards to w, starting every line with
// "[name] ". It is not safe for concurrent use; exec.Cmd writes from one
// goroutine when Stdout and Stderr are the same writer.
func prefixWriter(w io.Writer, name string) io.Writer {
	return &prefixed{w: w, prefix: []byte("[" + name + "] ")}
}

// prefixed prepends a prefix to every line written through it.
type prefixed struct {
	w       io.Writer
	prefix  []byte
	midLine bool
}

// Write implements io.Writer.
func (p *prefixed) Write(b []byte) (int, error) {
	var out bytes.Buffer
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !p.midLine {
			out.Write(p.prefix)
		}
		out.Write(line)
		p.midLine = line[len(line)-1] != '\n'
	}
	if _, err := p.w.Write(out.Bytes()); err != nil {
		return 0, err
	}
	return len(b), nil
}
