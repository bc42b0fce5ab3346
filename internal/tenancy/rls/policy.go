package rls

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql/schema"
	"github.com/jackc/pgx/v5"

	"secretariat/ent/migrate"
)

// The policies: every table of the ent schema gets row-level
// security, enabled and forced (so the owner is subject to it too), with one policy named
// tenant_isolation derived here from the table's tenant columns. The policies are written once,
// below, and `migrate` applies them to every table after the versioned migrations, so a new
// entity is covered by construction; a table this file cannot classify stops the migration.
//
// The policies read the transaction-local settings of settings.go, which internal/database sets
// for each statement.

const policyName = "tenant_isolation"

const (
	sysScope     = `current_setting('app.system', true) = 'on'`
	orgSetting   = `current_setting('app.organization_id', true)`
	companyScope = `(current_setting('app.company_ids', true) = '*' OR %s = ANY (string_to_array(current_setting('app.company_ids', true), ',')))`
)

// policyExpression is the condition a row of table t must meet to be seen or written.
func policyExpression(t *schema.Table) (string, error) {
	has := func(name string) bool {
		return slices.ContainsFunc(t.Columns, func(c *schema.Column) bool { return c.Name == name })
	}
	var cond string
	switch {
	case t.Name == "organizations":
		cond = "id = " + orgSetting
	case t.Name == "companies":
		cond = "organization_id = " + orgSetting + " AND " + fmt.Sprintf(companyScope, "id")
	case t.Name == "users":
		// Users are global: a viewer sees itself and the members of its organization.
		cond = "id = current_setting('app.user_id', true) OR app_is_colleague(id)"
	case has("organization_id") && has("company_id"):
		cond = "organization_id = " + orgSetting + " AND " + fmt.Sprintf(companyScope, "company_id")
	case has("organization_id"):
		cond = "organization_id = " + orgSetting
	default:
		return "", fmt.Errorf("table %s has no organization_id: give it a row-level security policy in internal/tenancy/rls/policy.go", t.Name)
	}
	return sysScope + " OR (" + cond + ")", nil
}

// functions are created before the policies. A function body is not a dependency of the policy
// that calls it, so the users policy does not keep the memberships table from being dropped by a
// down migration.
const functions = `CREATE OR REPLACE FUNCTION app_is_colleague(uid character varying) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM memberships m
                 WHERE m.user_id = uid AND m.organization_id = current_setting('app.organization_id', true))
$$`

// policyMarker names a policy's version, stored as the policy's comment, so that an unchanged
// policy is left alone and a stale one is found.
func policyMarker(expr string) string {
	sum := sha256.Sum256([]byte(functions + expr))
	return "secretariat:" + hex.EncodeToString(sum[:8])
}

// Digest names the policies of the whole schema, for caches of migrated databases.
func Digest() string {
	h := sha256.New()
	h.Write([]byte(functions))
	// The grants are part of what a migrated database holds, too.
	h.Write([]byte("append-only\x00" + strings.Join(appendOnly, ",") + "\x00"))
	for _, t := range migrate.Tables {
		expr, err := policyExpression(t)
		if err != nil {
			expr = err.Error()
		}
		h.Write([]byte(t.Name + "\x00" + expr + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

type tableState struct {
	secured bool // row-level security enabled and forced
	owned   bool // the current role owns the table or may act as its owner
	marker  string
}

func tableStates(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[string]tableState, error) {
	rows, err := q.QueryContext(ctx, `
SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity, pg_has_role(c.relowner, 'MEMBER'),
       coalesce(obj_description(p.oid, 'pg_policy'), '')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
LEFT JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = $1
WHERE c.relkind = 'r'`, policyName)
	if err != nil {
		return nil, fmt.Errorf("read row-level security: %w", err)
	}
	defer rows.Close()
	states := map[string]tableState{}
	for rows.Next() {
		var name string
		var s tableState
		if err := rows.Scan(&name, &s.secured, &s.owned, &s.marker); err != nil {
			return nil, fmt.Errorf("read row-level security: %w", err)
		}
		states[name] = s
	}
	return states, rows.Err()
}

// Apply enables and forces row-level security on every table of the schema and creates
// or replaces its policy where the stored one differs. It runs as the tables' owner.
func Apply(ctx context.Context, db *sql.DB) (changed int, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	states, err := tableStates(ctx, tx)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, functions); err != nil {
		return 0, fmt.Errorf("policy functions: %w", err)
	}
	for _, t := range migrate.Tables {
		expr, err := policyExpression(t)
		if err != nil {
			return 0, err
		}
		marker := policyMarker(expr)
		if s := states[t.Name]; s.secured && s.marker == marker {
			continue
		}
		table := pgx.Identifier{t.Name}.Sanitize()
		for _, stmt := range []string{
			"ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY",
			"ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY",
			"DROP POLICY IF EXISTS " + policyName + " ON " + table,
			"CREATE POLICY " + policyName + " ON " + table + " USING (" + expr + ") WITH CHECK (" + expr + ")",
			"COMMENT ON POLICY " + policyName + " ON " + table + " IS '" + marker + "'",
		} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return 0, fmt.Errorf("row-level security of %s: %w", t.Name, err)
			}
		}
		changed++
	}
	return changed, tx.Commit()
}

// appendOnly are the tables whose rows, once written, nobody changes: the audit trail. The
// application role may read and add rows there, never update, delete or truncate them, so even
// a compromised server cannot rewrite the trail; only the owner role could, and the chain's
// hashes show it.
var appendOnly = []string{migrate.AuditEventsTable.Name}

// Grant gives the application role what it needs and nothing more: rows of the
// schema's tables (under their policies), only reads and inserts on the append-only tables (with
// any broader grant of an earlier version revoked), and a read of the migration version.
func Grant(ctx context.Context, db *sql.DB, role string) error {
	r := pgx.Identifier{role}.Sanitize()
	var names, appendNames []string
	for _, t := range migrate.Tables {
		name := pgx.Identifier{t.Name}.Sanitize()
		if slices.Contains(appendOnly, t.Name) {
			appendNames = append(appendNames, name)
		} else {
			names = append(names, name)
		}
	}
	stmts := []string{
		"GRANT USAGE ON SCHEMA public TO " + r,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON " + strings.Join(names, ", ") + " TO " + r,
	}
	if len(appendNames) > 0 {
		list := strings.Join(appendNames, ", ")
		stmts = append(stmts,
			"REVOKE UPDATE, DELETE, TRUNCATE ON "+list+" FROM "+r,
			"GRANT SELECT, INSERT ON "+list+" TO "+r)
	}
	stmts = append(stmts, "GRANT SELECT ON goose_db_version TO "+r)
	for _, stmt := range stmts {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("grant to %s: %w", role, err)
		}
	}
	return nil
}

// rewritableAppendOnly lists the append-only tables whose rows the connection's role may update,
// delete or truncate (a missing table is reported by CheckIsolation as missing).
func rewritableAppendOnly(ctx context.Context, db *sql.DB) ([]string, error) {
	var out []string
	for _, table := range appendOnly {
		var rewritable bool
		err := db.QueryRowContext(ctx, `
SELECT coalesce(bool_or(has_table_privilege(c.oid, p.priv)), false)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
CROSS JOIN unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) AS p(priv)
WHERE c.relname = $1 AND c.relkind = 'r'`, table).Scan(&rewritable)
		if err != nil {
			return nil, fmt.Errorf("read privileges on %s: %w", table, err)
		}
		if rewritable {
			out = append(out, table)
		}
	}
	return out, nil
}

// ErrIsolation is returned when the server's PostgreSQL role could see past row-level security or
// rewrite the audit trail: it is a superuser, has BYPASSRLS or owns the tables, a table lacks its
// current policy, or the role may update or delete rows of an append-only table.
var ErrIsolation = errors.New("row-level security does not hold for this connection")

// CheckIsolation verifies that the connection's role is subject to row-level security on every
// table of the schema and cannot rewrite an append-only table, so the server never runs with the
// last wall down.
func CheckIsolation(ctx context.Context, db *sql.DB) error {
	var user string
	var super, bypass bool
	err := db.QueryRowContext(ctx,
		`SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).
		Scan(&user, &super, &bypass)
	if err != nil {
		return fmt.Errorf("read role: %w", err)
	}
	var problems []string
	if super {
		problems = append(problems, "role "+user+" is a superuser")
	}
	if bypass {
		problems = append(problems, "role "+user+" has BYPASSRLS")
	}
	states, err := tableStates(ctx, db)
	if err != nil {
		return err
	}
	rewritable, err := rewritableAppendOnly(ctx, db)
	if err != nil {
		return err
	}
	for _, table := range rewritable {
		problems = append(problems, "role "+user+" may update or delete rows of the append-only table "+table)
	}
	for _, t := range migrate.Tables {
		expr, err := policyExpression(t)
		if err != nil {
			return err
		}
		s, ok := states[t.Name]
		switch {
		case !ok:
			problems = append(problems, "table "+t.Name+" is missing")
		case s.owned:
			problems = append(problems, "role "+user+" owns table "+t.Name)
		case !s.secured || s.marker != policyMarker(expr):
			problems = append(problems, "table "+t.Name+" lacks its current policy")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s; connect as the application role and run `secretariat migrate` "+
			"as the owner role (see README, \"PostgreSQL roles\")", ErrIsolation, strings.Join(problems, "; "))
	}
	return nil
}
