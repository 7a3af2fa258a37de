// Command ferretdb runs the app's embedded database as one process: a private
// PostgreSQL cluster (see postgres.go) and FerretDB with its postgresql handler
// on top of it. The Node process that starts it supervises a single child.
//
// FerretDB listens on loopback TCP only; PostgreSQL on a Unix socket inside its
// data directory only. Both stop on SIGINT or SIGTERM, or when standard input
// closes, so that they never outlive the Node process, even when that process is
// killed outright; PostgreSQL also dies when this process is killed outright, and
// this process exits at once (status 1) when PostgreSQL dies.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address FerretDB listens on")
	pgdata := flag.String("pgdata", "data/db/pg", "PostgreSQL cluster directory, initialised on first start")
	pgbin := flag.String("pgbin", "/usr/lib/postgresql/15/bin", "directory of the PostgreSQL 15 programs")
	runAs := flag.String("run-as", "", "user that runs PostgreSQL; required when running as root")
	watchStdin := flag.Bool("watch-stdin", false, "stop when standard input closes")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if err := run(*listen, *pgdata, *pgbin, *runAs, *watchStdin, *logLevel); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(listen, pgdata, pgbin, runAs string, watchStdin bool, logLevel string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level %q: %w", logLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	c, err := newCluster(pgdata, pgbin, runAs)
	if err != nil {
		return err
	}
	pg, err := c.start(ctx)
	if err != nil {
		return err
	}
	// Runs after FerretDB has closed its connections: PostgreSQL's fast shutdown
	// would otherwise end them mid-query.
	defer pg.stop()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: listen},
		Logger:        logger,
		Handler:       "postgresql",
		PostgreSQLURL: c.url(database),
	})
	if err != nil {
		return err
	}

	// PostgreSQL is supervised here: if it dies, FerretDB could only answer every command
	// with a backend connection error while its listener winds down (seconds). Exiting at
	// once shows the app the outage as it is (its supervisor hears the exit and restarts
	// the engine, which replays PostgreSQL's log), and clients see a closed connection.
	// Closed before the deferred pg.stop runs: PostgreSQL stopping then is expected.
	stopping := make(chan struct{})
	defer close(stopping)
	go func() {
		select {
		case <-pg.exited:
			fmt.Fprintln(os.Stderr, "ferretdb: PostgreSQL exited unexpectedly, exiting at once:", pg.exitErr)
			os.Exit(1)
		case <-ctx.Done():
		case <-stopping:
		}
	}()

	return f.Run(ctx)
}
