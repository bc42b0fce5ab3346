package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"secretariat/internal/seed"
)

// seedCommand takes its own flags (--demo, --companies) before the settings shared with serve.
func seedCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "create the demo consultancy")
	companies := fs.Int("companies", 3, "number of client companies")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*demo {
		return errors.New("seed: say what to seed: --demo")
	}
	rt, err := open(ctx, "seed", fs.Args(), getenv, stderr, false)
	if err != nil {
		return err
	}
	defer rt.db.Close()
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
