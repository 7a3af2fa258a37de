package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

const (
	// superuser is the role initdb creates; FerretDB and the app's index tuning
	// connect as it (trust authentication, over a socket only its owner can reach).
	superuser = "ferretdb"
	// database is the PostgreSQL database FerretDB keeps every MongoDB database in,
	// one schema each.
	database = "ferretdb"

	readyTimeout = 2 * time.Minute // crash recovery replays the WAL before accepting connections
	stopTimeout  = time.Minute
)

// settings are passed on the postgres command line rather than written to
// postgresql.conf, so that a changed setting applies to existing clusters too.
var settings = []string{
	"listen_addresses=", // Unix socket only
	// FerretDB's pool holds up to 50 connections; the rest are for the app's index
	// tuning and an operator's psql.
	"max_connections=64",
	"shared_buffers=128MB",
	// FerretDB prepares each query once per connection with the field name as a
	// parameter (`_jsonb->$1 @> $2`), and an expression index on `_jsonb->'f'` only
	// matches a plan made for the actual values. By default PostgreSQL switches a
	// prepared statement to a value-independent generic plan after five executions
	// when that looks no dearer than the custom plans so far, as it does while a
	// table is small, and keeps it as the table grows. Re-planning costs tens of
	// microseconds per query; a sequential scan of a large collection far more.
	"plan_cache_mode=force_custom_plan",
	// JIT compiles the plans of expensive queries (FerretDB's full scans of a large
	// collection) for tens of milliseconds each time: a loss for short queries.
	"jit=off",
	"random_page_cost=1.1", // solid-state storage
}

type cluster struct {
	dataDir   string
	socketDir string
	binDir    string
	// cred is the user PostgreSQL runs as when this process is root; nil otherwise.
	cred     *syscall.Credential
	userName string
}

func newCluster(dataDir, binDir, runAs string) (*cluster, error) {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, err
	}
	c := &cluster{dataDir: abs, socketDir: filepath.Join(abs, "socket"), binDir: binDir}

	// The socket file is socketDir/.s.PGSQL.5432, and a Unix socket path holds at most 107 bytes.
	if len(c.socketDir)+len("/.s.PGSQL.5432") > 107 {
		return nil, fmt.Errorf("the PostgreSQL socket path under %s would be too long for a Unix socket: use a shorter data directory", abs)
	}

	if os.Geteuid() != 0 {
		return c, nil
	}
	if runAs == "" {
		return nil, errors.New("PostgreSQL refuses to run as root: pass -run-as with an unprivileged user")
	}
	u, err := user.Lookup(runAs)
	if err != nil {
		return nil, fmt.Errorf("-run-as: %w", err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, err
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, err
	}
	c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	c.userName = runAs
	return c, nil
}

// command prepares a PostgreSQL program, run as c.cred and killed with this process.
func (c *cluster) command(program string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.binDir, program), args...)
	cmd.Dir = c.dataDir
	// SIGQUIT is PostgreSQL's immediate shutdown: the postmaster ends its backends
	// and exits; the next start replays the WAL, so committed data is kept.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred, Pdeathsig: syscall.SIGQUIT}
	return cmd
}

// mkdirOwned creates dir (mode 0700) for the user PostgreSQL runs as.
func (c *cluster) mkdirOwned(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if c.cred == nil {
		return nil
	}
	return os.Chown(dir, int(c.cred.Uid), int(c.cred.Gid))
}

// checkReachable fails early, with the remedy, when the PostgreSQL user cannot
// enter a directory above the cluster; PostgreSQL's own error names no directory.
func (c *cluster) checkReachable() error {
	if c.cred == nil {
		return nil
	}
	for dir := filepath.Dir(c.dataDir); ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err != nil {
			return err
		}
		st := info.Sys().(*syscall.Stat_t)
		mode := info.Mode().Perm()
		ok := mode&0o001 != 0 ||
			(st.Gid == c.cred.Gid && mode&0o010 != 0) ||
			(st.Uid == c.cred.Uid && mode&0o100 != 0)
		if !ok {
			return fmt.Errorf("PostgreSQL runs as %s, which cannot enter %s (mode %o): "+
				"make it searchable (chmod o+x) or keep the data in a directory that user can reach", c.userName, dir, mode)
		}
		if dir == filepath.Dir(dir) {
			return nil
		}
	}
}

func (c *cluster) initdbIfNeeded() error {
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); err == nil {
		return nil
	}
	// FerretDB requires UTF8 and accepts the C locale, which also compares fastest.
	cmd := c.command("initdb", "-D", c.dataDir, "-U", superuser, "--auth=trust",
		"--encoding=UTF8", "--locale=C", "--no-instructions")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb failed: %w\n%s", err, bytes.TrimSpace(out))
	}
	return nil
}

type postgres struct {
	process *os.Process
	exited  chan struct{}
	exitErr error // set before exited is closed
}

// start initialises the cluster on first use, starts the postmaster and returns
// once FerretDB's database exists and accepts connections.
func (c *cluster) start(ctx context.Context) (*postgres, error) {
	if err := c.checkReachable(); err != nil {
		return nil, err
	}
	if err := c.mkdirOwned(c.dataDir); err != nil {
		return nil, err
	}
	if err := c.initdbIfNeeded(); err != nil {
		return nil, err
	}
	if err := c.mkdirOwned(c.socketDir); err != nil {
		return nil, err
	}
	if err := c.clearStaleLock(); err != nil {
		return nil, err
	}

	// A comma would split the list; quoting keeps paths with spaces or commas whole.
	args := []string{"-D", c.dataDir, "-c", `unix_socket_directories="` + c.socketDir + `"`}
	for _, s := range settings {
		args = append(args, "-c", s)
	}
	cmd := c.command("postgres", args...)
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr

	p := &postgres{exited: make(chan struct{})}
	started := make(chan error)
	go func() {
		// The kernel sends Pdeathsig when the thread that forked the child ends, not
		// the process: keep this goroutine, and so its thread, until the child exits.
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		p.process = cmd.Process
		started <- nil
		p.exitErr = cmd.Wait()
		close(p.exited)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("starting postgres: %w", err)
	}

	if err := c.waitReady(ctx, p); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// url addresses dbName over the socket, in the URL form that FerretDB requires.
func (c *cluster) url(dbName string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(superuser),
		Path:     "/" + dbName,
		RawQuery: url.Values{"host": {c.socketDir}}.Encode(),
	}
	return u.String()
}

// waitReady waits until PostgreSQL accepts connections (after any crash
// recovery), then creates FerretDB's database if it is missing.
func (c *cluster) waitReady(ctx context.Context, p *postgres) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	for {
		conn, err := pgx.Connect(ctx, c.url("postgres"))
		if err == nil {
			defer conn.Close(context.Background())
			return ensureDatabase(ctx, conn)
		}
		select {
		case <-p.exited:
			return fmt.Errorf("postgres exited during start-up: %v", p.exitErr)
		case <-ctx.Done():
			return fmt.Errorf("PostgreSQL did not accept connections: %w", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func ensureDatabase(ctx context.Context, conn *pgx.Conn) error {
	var exists bool
	err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, database).Scan(&exists)
	if err != nil || exists {
		return err
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{database}.Sanitize())
	return err
}

// stop shuts PostgreSQL down the fast way (SIGINT: end sessions, checkpoint, exit)
// and waits for it, escalating to an immediate shutdown if that takes too long.
func (p *postgres) stop() {
	_ = p.process.Signal(syscall.SIGINT)
	select {
	case <-p.exited:
	case <-time.After(stopTimeout):
		_ = p.process.Signal(syscall.SIGQUIT)
		<-p.exited
	}
}

// lockFiles are the lock files PostgreSQL leaves when it does not shut down
// cleanly: postmaster.pid in the data directory, and one beside each Unix socket
// (it listens on the default port, so its socket is .s.PGSQL.5432). Both hold the
// postmaster's pid on their first line, and PostgreSQL refuses to start while
// either names a live process.
func (c *cluster) lockFiles() []string {
	return []string{
		filepath.Join(c.dataDir, "postmaster.pid"),
		filepath.Join(c.socketDir, ".s.PGSQL.5432.lock"),
	}
}

// clearStaleLock deals with the lock files left by an earlier run (lockFiles).
// PostgreSQL itself ignores one whose process is dead, but refuses to start while
// its pid belongs to any live process: a postmaster of this cluster that outlived
// its wrapper (or is still finishing the shutdown that the wrapper's death
// triggered), or an unrelated process that got the number after a reboot. The
// first is stopped; a lock naming the second is removed.
func (c *cluster) clearStaleLock() error {
	for _, lockFile := range c.lockFiles() {
		if err := c.clearStaleLockFile(lockFile); err != nil {
			return err
		}
	}
	return nil
}

func (c *cluster) clearStaleLockFile(lockFile string) error {
	content, err := os.ReadFile(lockFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(content), "\n", 2)[0]))
	if err != nil || pid <= 0 || !alive(pid) {
		return nil
	}
	// A postmaster runs in its data directory; any other process holds a reused pid.
	if cwd, _ := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid)); comm(pid) != "postgres" || cwd != c.dataDir {
		return os.Remove(lockFile)
	}
	if parent := parentPid(pid); parent != os.Getpid() && comm(parent) == comm(os.Getpid()) {
		return fmt.Errorf("the PostgreSQL cluster in %s is in use by another engine (process %d)", c.dataDir, parent)
	}

	for _, step := range []struct {
		signal  syscall.Signal
		timeout time.Duration
	}{{syscall.SIGINT, stopTimeout}, {syscall.SIGQUIT, 10 * time.Second}, {syscall.SIGKILL, 5 * time.Second}} {
		_ = syscall.Kill(pid, step.signal)
		for deadline := time.Now().Add(step.timeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if !alive(pid) {
				return nil
			}
		}
	}
	return fmt.Errorf("an earlier postgres (process %d) of %s does not stop", pid, c.dataDir)
}

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func comm(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	return strings.TrimSpace(string(b))
}

// parentPid reads the fourth field of /proc/PID/stat, after the parenthesised command name.
func parentPid(pid int) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	fields := strings.Fields(string(b[i+1:]))
	if len(fields) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(fields[1])
	return ppid
}
