package localcluster

import (
	"os/exec"
	"runtime"
	"syscall"
)

// spawner starts child processes from one goroutine locked to its OS thread.
//
// Children started for a test get SysProcAttr.Pdeathsig = SIGKILL so that they
// die with the test process. Linux delivers that signal when the *thread* that
// forked the child exits, not the process; the Go runtime may retire threads, so
// every child is started from this dedicated, locked thread, which lives until
// close is called after all children have exited.
type spawner struct {
	reqs chan spawnRequest
	done chan struct{}
}

// spawnRequest asks the spawner goroutine to start cmd and reply with the result.
type spawnRequest struct {
	cmd   *exec.Cmd
	reply chan error
}

// newSpawner starts the spawner goroutine; the caller owns it and must call close.
func newSpawner() *spawner {
	s := &spawner{reqs: make(chan spawnRequest), done: make(chan struct{})}
	go s.loop()
	return s
}

// loop serves start requests until close. It never unlocks the thread, so the
// thread exits with the goroutine (by then no child depends on it).
func (s *spawner) loop() {
	runtime.LockOSThread()
	defer close(s.done)
	for req := range s.reqs {
		req.reply <- req.cmd.Start()
	}
}

// start starts cmd on the spawner thread with Pdeathsig set to SIGKILL.
func (s *spawner) start(cmd *exec.Cmd) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	setPdeathsig(cmd.SysProcAttr)
	reply := make(chan error, 1)
	s.reqs <- spawnRequest{cmd: cmd, reply: reply}
	return <-reply
}

// close stops the spawner goroutine and waits for it. Call it only after every
// child it started has exited: its thread's exit kills them.
func (s *spawner) close() {
	close(s.reqs)
	<-s.done
}
