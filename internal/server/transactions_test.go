package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/database"
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

// TestServer_ATokensMemberIsReadInsideTheOperation: a GraphQL request over HTTP with a bearer
// token costs one transaction on PostgreSQL, a query's or a mutation's: the token's member is
// read in it before the operation runs; __typename alone, which needs none, gets one for that
// read. A token refused there (its session ended) is 401 with WWW-Authenticate, in the request's
// language, and a mutation under it keeps nothing; a read that fails is a 500 that keeps nothing
// either.
func TestServer_ATokensMemberIsReadInsideTheOperation(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "postgres")
	e := serve(t, db, kv.NewMemory(), false, nil)
	access := e.signUpAs("sato@example.com", "A")["accessToken"].(string)
	begun := func(request func()) int64 {
		before := db.TransactionsBegun()
		request()
		return db.TransactionsBegun() - before
	}
	assert.EqualValues(t, 1, begun(func() {
		require.Empty(t, e.post(access, `{ viewer { id } organization { name } companies { totalCount } }`, nil).Errors)
	}), "a query")
	assert.EqualValues(t, 1, begun(func() {
		require.Empty(t, e.post(access, `mutation { createCompany(input: {name: "株式会社あおば"}) { id } }`, nil).Errors)
	}), "a mutation")
	assert.EqualValues(t, 1, begun(func() {
		require.Empty(t, e.post(access, `{ __typename }`, nil).Errors)
	}), "__typename")

	require.Empty(t, e.post(access, `mutation { logout }`, nil).Errors)
	companies := func() (n int) {
		require.NoError(t, e.raw.QueryRow(`SELECT count(*) FROM companies`).Scan(&n))
		return n
	}
	before := companies()
	var res response
	assert.EqualValues(t, 1, begun(func() {
		res = e.post(access, `mutation { createCompany(input: {name: "株式会社みどり"}) { id } }`, nil, "Accept-Language", "en")
	}), "the refused mutation's read")
	assert.Equal(t, http.StatusUnauthorized, res.Status)
	assert.Equal(t, `Bearer error="invalid_token"`, res.Header.Get("WWW-Authenticate"))
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "UNAUTHENTICATED", res.code(0))
	assert.Equal(t, "CREDENTIAL_REFUSED", res.Errors[0].Extensions["reason"])
	assert.Equal(t, "invalid credentials", res.Errors[0].Message)
	assert.Nil(t, res.Data, "nothing ran")
	assert.Equal(t, before, companies(), "nothing kept")
	res = e.post(access, `{ __typename }`, nil)
	assert.Equal(t, http.StatusUnauthorized, res.Status, "__typename is refused alike")
	assert.Equal(t, "認証情報が無効です", res.Errors[0].Message, "in Japanese without Accept-Language")

	// A read that fails (here the application role may no longer read memberships) is a 500
	// naming the request id, and the operation does not run.
	other := e.signUpAs("suzuki@example.com", "B")["accessToken"].(string)
	_, err := e.raw.Exec(`REVOKE SELECT ON memberships FROM ` + appRole(t, db))
	require.NoError(t, err)
	before = companies()
	res = e.post(other, `mutation { createCompany(input: {name: "株式会社そら"}) { id } }`, nil)
	assert.Equal(t, http.StatusInternalServerError, res.Status)
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "INTERNAL", res.code(0))
	assert.Nil(t, res.Data)
	assert.Equal(t, before, companies(), "nothing kept")
}

// appRole is the role the server's connections to db use.
func appRole(t *testing.T, db *database.DB) string {
	t.Helper()
	var role string
	require.NoError(t, db.SQL.QueryRow(`SELECT current_user`).Scan(&role))
	return role
}
