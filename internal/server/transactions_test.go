package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

// TestServer_RequestsThatReadNoTableBeginNoTransaction: liveness, an anonymous request and an
// operation of __typename and introspection alone read no table, so they begin no transaction
// (on PostgreSQL every transaction is a BEGIN, a set_config and a COMMIT or ROLLBACK, and a
// liveness probe must not depend on the database). A request that reads begins its own.
func TestServer_RequestsThatReadNoTableBeginNoTransaction(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "postgres")
	e := newEnvOn(t, db, kv.NewMemory())
	token, _ := e.tenant("quiet", 1)
	begun := func(request func()) int64 {
		before := db.TransactionsBegun()
		request()
		return db.TransactionsBegun() - before
	}
	for _, c := range []struct {
		name    string
		request func()
	}{
		{"GET /healthz", func() {
			res := e.do(http.MethodGet, "/healthz", "", nil)
			require.Equal(t, http.StatusOK, res.Status)
		}},
		{"an anonymous { __typename }", func() {
			require.Empty(t, e.post("", `{ __typename }`, nil).Errors)
		}},
		{"an anonymous introspection", func() {
			require.Empty(t, e.post("", `{ __schema { queryType { name } } __type(name: "Task") { name } }`, nil).Errors)
		}},
	} {
		assert.Zero(t, begun(c.request), "%s begins no transaction", c.name)
	}
	assert.Positive(t, begun(func() {
		require.Empty(t, e.post(token, `{ companies { totalCount } }`, nil).Errors)
	}), "a request that reads a table begins its transaction")
}
