package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"secretariat/internal/seed"
)

// seedCommand takes its own flags (--demo or --scale, and the sizes) before the settings shared
// with serve.
func seedCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := seed.DefaultScaleOptions()
	demo := fs.Bool("demo", false, "create the demo consultancy")
	scale := fs.Bool("scale", false, "create the large deterministic dataset for benchmarks")
	companies := fs.Int("companies", 0, "number of client companies (default 3 with --demo, 200 with --scale)")
	sites := fs.Int("sites", def.Sites, "with --scale: sites spread over the companies, at least one each")
	risks := fs.Int("risks", def.Risks, "with --scale: the consultancy's risks")
	tasks := fs.Int("tasks", def.Tasks, "with --scale: the consultancy's tasks")
	documents := fs.Int("documents", def.Documents, "with --scale: the consultancy's documents, each with 1 to 3 versions")
	orgs := fs.Int("orgs", def.Orgs, "with --scale: small organizations around the consultancy")
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case *demo && *scale:
		return errors.New("seed: --demo and --scale are two datasets: choose one")
	case *demo:
		for _, name := range []string{"sites", "risks", "tasks", "documents", "orgs"} {
			if set[name] {
				return fmt.Errorf("seed: --%s goes with --scale, not --demo", name)
			}
		}
		if !set["companies"] {
			*companies = 3
		}
	case *scale:
		if !set["companies"] {
			*companies = def.Companies
		}
	default:
		return errors.New("seed: say what to seed: --demo or --scale")
	}
	var opts seed.ScaleOptions
	if *scale {
		opts = seed.ScaleOptions{Companies: *companies, Sites: *sites, Risks: *risks, Tasks: *tasks, Documents: *documents, Orgs: *orgs, Progress: stdout}
		if err := opts.Validate(); err != nil {
			return fmt.Errorf("seed --scale: %w", err)
		}
	}
	rt, err := open(ctx, "seed", fs.Args(), getenv, stderr, false)
	if err != nil {
		return err
	}
	defer rt.db.Close()
	if *scale {
		res, err := seed.Scale(ctx, rt.db.Client, rt.log, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Created %q (%s) in %s: %s.\n",
			res.Organization.Name, res.Organization.ID, res.Elapsed.Round(time.Second), res.Consultancy)
		fmt.Fprintf(stdout, "Around it: %s.\n", res.Others)
		fmt.Fprintf(stdout, "Its owner %s (%s) signs in with the password %s (shown this once).\n",
			res.Owner.Email, res.Owner.ID, res.OwnerPassword)
		return nil
	}
	res, err := seed.Demo(ctx, rt.db.Client, rt.log, seed.Options{Companies: *companies, Progress: stdout, DataDir: rt.cfg.DataDir})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %q (%s) with %d client companies, %d sites and %d departments.\n",
		res.Organization.Name, res.Organization.ID, res.Companies, res.Sites, res.Departments)
	fmt.Fprintf(stdout, "Its owner %s (%s) signs in with the password %s (shown this once).\n",
		res.Owner.Email, res.Owner.ID, res.OwnerPassword)
	return nil
}
