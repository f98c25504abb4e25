package remotecommand

// TerminalSize is a terminal's size in character cells.
type TerminalSize struct {
	Width  uint16
	Height uint16
}

// TerminalSizeQueue delivers terminal size changes to a TTY session.
type TerminalSizeQueue interface {
	// Next blocks until the terminal's size changes and returns the new
	// size, or returns nil once no more changes will come (which ends the
	// forwarding of sizes for the session).
	Next() *TerminalSize
}
