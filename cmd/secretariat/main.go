// Command secretariat is the one binary of the ISMS secretariat API: serve, migrate, seed,
// version. Every setting is an environment variable with a flag twin; `secretariat help` lists
// them.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "secretariat:", err)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stderr)
	case "seed":
		return seedCommand(ctx, rest, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "secretariat", version)
		return nil
	case "help", "-h", "--help":
		usage(stdout)
		return nil
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n", cmd)
		usage(stderr)
		return errUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Secretariat: the GraphQL API of the ISMS secretariat.

Usage:
  secretariat serve [flags]              serve the API (GraphiQL at /, GraphQL at /graphql)
  secretariat migrate [flags]            apply pending PostgreSQL migrations
  secretariat seed --demo [--companies N] [flags]
                                         create a demo consultancy with client companies
  secretariat seed --scale [--companies N] [--sites N] [--risks N] [--tasks N]
                   [--documents N] [--orgs N] [flags]
                                         create the large deterministic dataset for benchmarks
  secretariat version                    print the version

Settings (environment variable, flag twin, meaning):
`)
	configUsage(w)
}

// newLogger returns the process logger: text for people, JSON for log pipelines.
func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
