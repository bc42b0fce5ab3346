package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"

	"secretariat/internal/auth/token"
	"secretariat/internal/config"
	"secretariat/internal/database"
	"secretariat/internal/gcpace"
	"secretariat/internal/kv"
	"secretariat/internal/server"
)

func configUsage(w io.Writer) { config.Usage(w) }

// runtime is what every command that touches data opens: configuration, logger, database.
type runtime struct {
	cfg config.Config
	log *slog.Logger
	db  *database.DB
}

func open(ctx context.Context, name string, args []string, getenv func(string) string, stderr io.Writer, migrate bool) (*runtime, error) {
	cfg, err := config.Load(name, args, getenv, stderr)
	if err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}
	level, _ := cfg.SlogLevel()
	log := newLogger(stderr, cfg.LogFormat, level)
	db, err := database.Open(ctx, database.Options{
		URL:          cfg.DatabaseURL,
		DataDir:      cfg.DataDir,
		MaxOpenConns: cfg.DatabaseMaxConns,
		Migrate:      migrate || cfg.Migrate,
		MigrationURL: cfg.MigrationDatabaseURL,
	}, log)
	if err != nil {
		return nil, err
	}
	return &runtime{cfg: cfg, log: log, db: db}, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	rt, err := open(ctx, "serve", args, getenv, stderr, false)
	if err != nil {
		return err
	}
	defer rt.db.Close()
	defer gcpace.FromConfig(rt.cfg.GCHeapTarget, getenv, rt.log)()

	store, err := openKV(ctx, rt.cfg, rt.log)
	if err != nil {
		return err
	}
	defer store.Close()
	if !rt.cfg.BillingEnabled() {
		rt.log.Info("billing off: no STRIPE_SECRET_KEY")
	}

	keys, err := token.LoadKeySet(rt.cfg.SigningKeyFile, rt.cfg.PreviousSigningKeyFiles, rt.cfg.DataDir)
	if err != nil {
		return err
	}
	rt.log.Info("access-token keys ready", "kid", keys.ActiveKID())

	l, err := net.Listen("tcp", rt.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", rt.cfg.Addr, err)
	}
	deps := server.Deps{Config: rt.cfg, DB: rt.db, KV: store, Log: rt.log, Keys: keys}
	deps.Billing = server.Billing(deps)
	if deps.Billing.Enabled() {
		// The outbox worker stops with the server; what it has not delivered waits in the
		// database for the next start or another replica.
		syncCtx, stopSync := context.WithCancel(ctx)
		defer stopSync()
		go deps.Billing.RunSync(syncCtx, rt.cfg.BillingSyncInterval)
		rt.log.Info("billing on", "sync_interval", rt.cfg.BillingSyncInterval)
	}
	srv, err := server.New(deps)
	if err != nil {
		_ = l.Close()
		return fmt.Errorf("build server: %w", err)
	}
	// The background jobs stop with the server; what they have not done waits in the database.
	jobsCtx, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	go srv.RunJobs(jobsCtx)
	if rt.cfg.MetricsAddr != "" {
		// Prometheus scrapes a port of its own that the load balancer does not expose.
		ml, err := net.Listen("tcp", rt.cfg.MetricsAddr)
		if err != nil {
			_ = l.Close()
			return fmt.Errorf("listen on %s: %w", rt.cfg.MetricsAddr, err)
		}
		go func() {
			if err := srv.ServeMetrics(ctx, ml); err != nil {
				rt.log.Error("metrics", "error", err)
			}
		}()
	}
	if rt.cfg.PprofAddr != "" {
		// The profiler, on loopback only (config refuses another address): reach it on the
		// machine or through a port forward.
		pl, err := net.Listen("tcp", rt.cfg.PprofAddr)
		if err != nil {
			_ = l.Close()
			return fmt.Errorf("listen on %s: %w", rt.cfg.PprofAddr, err)
		}
		go func() {
			if err := srv.ServeProfiler(ctx, pl); err != nil {
				rt.log.Error("profiler", "error", err)
			}
		}()
	}
	return srv.Serve(ctx, l)
}

// openKV connects to Redis when REDIS_URL is set, or returns the in-process backend.
func openKV(ctx context.Context, cfg config.Config, log *slog.Logger) (*kv.Backend, error) {
	if cfg.RedisURL == "" {
		log.Info("cache ready", "backend", "in-process")
		return kv.NewMemory(), nil
	}
	opts, err := kv.ParseRedisURL(cfg.RedisURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	kv.BoundTimeouts(opts, cfg.RedisTimeout)
	store := kv.NewRedis(kv.NewRedisClient(opts), "secretariat:")
	if err := store.Ping(ctx); err != nil {
		// Redis is not required to serve (see server.New): a replica restarting while Redis is
		// down starts degraded instead of crash-looping, and /readyz says so.
		log.Error("redis unreachable at start: rate limits and persisted queries run in process until it answers",
			"addrs", opts.Addrs, "error", err)
		return store, nil
	}
	log.Info("cache ready", "backend", "redis", "addrs", opts.Addrs)
	return store, nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := config.Load("migrate", args, getenv, stderr)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	if cfg.DatabaseURL == "" || cfg.MigrationDatabaseURL == "" {
		return fmt.Errorf("migrate applies PostgreSQL migrations as the role that owns the tables: set " +
			"MIGRATION_DATABASE_URL to it and DATABASE_URL to the application role, which is granted the rows " +
			"(the embedded SQLite database creates its schema on start)")
	}
	rt, err := open(ctx, "migrate", args, getenv, stderr, true)
	if err != nil {
		return err
	}
	return rt.db.Close()
}
