package testdb

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"secretariat/ent/migrate"
)

// Snapshot reads every row of every table through raw (a handle past row-level security, see
// Raw), one line per row, sorted, so that tests can check that a refused operation changed
// nothing. It fails the test when the database holds no organization at all: a snapshot that
// reads nothing would prove nothing.
func Snapshot(t testing.TB, raw *sql.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range migrate.Tables {
		lines, err := tableLines(raw, table.Name)
		if err != nil {
			t.Fatalf("snapshot %s: %v", table.Name, err)
		}
		out[table.Name] = strings.Join(lines, "\n")
	}
	if out[migrate.OrganizationsTable.Name] == "" {
		t.Fatal("snapshot: no organization is visible; is the handle bound by row-level security?")
	}
	return out
}

func tableLines(raw *sql.DB, table string) ([]string, error) {
	rows, err := raw.Query("SELECT * FROM " + table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var lines []string
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range values {
			if b, ok := v.([]byte); ok {
				values[i] = string(b)
			}
		}
		lines = append(lines, fmt.Sprint(values))
	}
	slices.Sort(lines)
	return lines, rows.Err()
}
