// Package homedir finds the current user's home directory the way kubectl
// and client-go do, including the Windows rules for choosing between
// %HOME%, %HOMEDRIVE%%HOMEPATH% and %USERPROFILE%.
package homedir

import (
	"os"
	"path/filepath"
	"runtime"
)

// HomeDir returns the current user's home directory, or "" when none can be
// determined. It never fails and is safe for concurrent use.
//
// On non-Windows systems it is $HOME. On Windows the first rule that yields
// a directory wins:
//  1. the first of %HOME%, %HOMEDRIVE%%HOMEPATH%, %USERPROFILE% that holds a
//     .kube\config file;
//  2. the first of %HOME%, %USERPROFILE%, %HOMEDRIVE%%HOMEPATH% that exists
//     and is writable;
//  3. the first of those that exists;
//  4. the first of those that is set.
func HomeDir() string {
	if runtime.GOOS != "windows" {
		return os.Getenv("HOME")
	}
	return windowsHomeDir(os.Getenv)
}

// windowsHomeDir applies the Windows rules with env as the environment, so
// the rules can be tested on any platform.
func windowsHomeDir(env func(string) string) string {
	home := env("HOME")
	userProfile := env("USERPROFILE")
	drivePath := ""
	if drive, path := env("HOMEDRIVE"), env("HOMEPATH"); drive != "" && path != "" {
		drivePath = drive + path
	}

	for _, dir := range []string{home, drivePath, userProfile} {
		if dir == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, ".kube", "config")); err == nil {
			return dir
		}
	}

	firstSet, firstExisting := "", ""
	for _, dir := range []string{home, userProfile, drivePath} {
		if dir == "" {
			continue
		}
		if firstSet == "" {
			firstSet = dir
		}
		info, err := os.Stat(dir)
		if err != nil {
			continue
		}
		if firstExisting == "" {
			firstExisting = dir
		}
		// Owner-write bit set on a directory: treat it as writable.
		if info.IsDir() && info.Mode().Perm()&0o200 != 0 {
			return dir
		}
	}
	if firstExisting != "" {
		return firstExisting
	}
	return firstSet
}
