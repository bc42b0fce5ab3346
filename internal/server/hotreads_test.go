package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/tenancy/rls"
	"secretariat/internal/testdb"
)

// The hot reads of a consultancy's screens, with the number of SQL statements each costs. A
// change that adds a statement to one of them fails here: make the change keep the count, or
// change the figure here with the reason in the commit.
var hotReads = []struct {
	name, query string
	statements  int
	answers     string // a part of the answer that shows the read found its records
}{
	{"the portfolio", portfolioQuery, 7, `"totalCount":3`},
	{"a company's documents with their current version and owner", `query($c: ID!) { node(id: $c) { ... on Company {
		documents(first: 100) { totalCount nodes { code title currentVersion { number status updatedAt } owner { name } } } } } }`, 4, `"totalCount":9`},
	{"my tasks across the clients", `{ myTasks(first: 100) { totalCount nodes { title dueDate status company { name } assignee { name } } } }`, 4, `"totalCount":9`},
}

func TestServer_HotReadsKeepTheirStatementCount(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			token, companies := e.tenant("hot", 3)
			me := e.ok(token, `{ viewer { id } }`, nil, "viewer", "id")
			for i, c := range companies {
				for j := range 3 {
					e.ok(token, `mutation($i: CreateDocumentInput!) { createDocument(input: $i) { id } }`, map[string]any{"i": map[string]any{
						"companyID": companies[0], "title": "規程", "kind": "POLICY", "ownerID": me, "body": "# 規程", "changeSummary": "初版"}}, "createDocument", "id")
					e.ok(token, createTaskMutation, map[string]any{"input": map[string]any{
						"companyID": c, "title": "棚卸し", "dueDate": "2027-04-0" + string(rune('1'+i+j)), "assigneeID": me}}, "createTask", "id")
				}
			}
			if dialect == "postgres" {
				// The check finds what it looks for: a filter on a column no index covers.
				unindexed := testdb.Statement{Query: "SELECT id FROM companies WHERE updated_at > $1", Args: []any{"2020-01-01"}}
				require.Equal(t, []string{"companies"}, sequentialScans(t, e, unindexed))
			}
			for _, r := range hotReads {
				counter.Reset()
				res := e.post(token, r.query, map[string]any{"c": companies[0]})
				require.Empty(t, res.Errors, r.name)
				require.Contains(t, string(res.Raw["data"]), r.answers, r.name)
				t.Logf("%s: %s: %d statements", dialect, r.name, counter.Count())
				assert.Equal(t, r.statements, counter.Count(), "%s: the statement count", r.name)
				if dialect == "postgres" {
					require.Len(t, counter.Statements(), r.statements)
					for _, st := range counter.Statements() {
						assert.Empty(t, sequentialScans(t, e, st), "%s: a table read whole, no index serves: %s", r.name, st.Query)
					}
				}
			}
		})
	}
}

// sequentialScans explains a statement as the server ran it (the application role, the same
// row-level security scope and arguments) with sequential scans priced out, and returns the
// tables its plan still reads whole: those no index can serve. On a test database a few rows
// long the planner would rightly scan every table; with enable_seqscan off it scans one only
// when it has no other way, which is what stops scaling with the number of tenants.
func sequentialScans(t *testing.T, e *env, st testdb.Statement) []string {
	t.Helper()
	ctx := context.Background()
	tx, err := e.db.SQL.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	require.NoError(t, err)
	defer func() { _ = tx.Rollback() }()
	_, err = tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off")
	require.NoError(t, err)
	_, err = tx.ExecContext(ctx, rls.SetStatement, st.Scope.Args()...)
	require.NoError(t, err)
	var plan []byte
	require.NoError(t, tx.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+st.Query, st.Args...).Scan(&plan))
	var explained []struct{ Plan planNode }
	require.NoError(t, json.Unmarshal(plan, &explained))
	var seq []string
	var walk func(planNode)
	walk = func(n planNode) {
		if n.NodeType == "Seq Scan" {
			seq = append(seq, n.Relation)
		}
		for _, c := range n.Plans {
			walk(c)
		}
	}
	for _, x := range explained {
		walk(x.Plan)
	}
	return seq
}

type planNode struct {
	NodeType string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Plans    []planNode `json:"Plans"`
}
