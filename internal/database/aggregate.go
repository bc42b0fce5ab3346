package database

import (
	"fmt"

	"entgo.io/ent/dialect/sql"

	"secretariat/ent"
)

// CountWhere is an aggregate of a grouped ent query: how many rows of each group meet cond, as
// alias (SUM(CASE WHEN cond THEN 1 ELSE 0 END), the same on SQLite and PostgreSQL). cond is SQL
// the caller writes from column names and schema values, never from input.
func CountWhere(alias string, cond func(*sql.Selector) string) ent.AggregateFunc {
	return func(s *sql.Selector) string {
		return sql.As(fmt.Sprintf("SUM(CASE WHEN %s THEN 1 ELSE 0 END)", cond(s)), alias)
	}
}
