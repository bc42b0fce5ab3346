package server_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/database"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

const companiesWhere = `query($where: CompanyWhereInput, $first: Int, $last: Int, $after: Cursor) {
	companies(where: $where, first: $first, last: $last, after: $after) { totalCount edges { node { name } } } }`

// nested wraps a filter in `not` n times.
func nested(n int) map[string]any {
	var w map[string]any = map[string]any{"name": "x"}
	for range n {
		w = map[string]any{"not": w}
	}
	return w
}

func TestInputs_ClientMistakesAreBadUserInputOnTheirFieldBeforeAnySQL(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		counted, statements := testdb.Counting(db)
		e := newEnvOn(t, counted, kv.NewMemory())
		owner, _ := e.tenant("a", 1)

		ors := make([]any, 40000)
		for i := range ors {
			ors[i] = map[string]any{"name": "x"}
		}
		// Filters that coercing the variables to CompanyWhereInput would refuse field by field:
		// the bound is checked on the variables as sent, before that costly walk.
		bogus := make([]any, 40000)
		for i := range bogus {
			bogus[i] = map[string]any{"noSuchField": i}
		}
		names := make([]any, 70000)
		for i := range names {
			names[i] = "n"
		}
		for name, c := range map[string]struct {
			vars  map[string]any
			field string
		}{
			"first with last":                            {map[string]any{"first": 5, "last": 5}, "last"},
			"page too large":                             {map[string]any{"first": 101}, "first"},
			"malformed cursor":                           {map[string]any{"after": "bm90IGEgY3Vyc29y"}, "after"},
			"cursor of garbage":                          {map[string]any{"after": "!!!"}, "after"},
			"not nested 1,000 deep":                      {map[string]any{"where": nested(1000)}, "where"},
			"or of 40,000 filters":                       {map[string]any{"where": map[string]any{"or": ors}}, "where.or"},
			"or of 40,000 filters before their coercion": {map[string]any{"where": map[string]any{"or": bogus}}, "where.or"},
			"an undeclared variable of 40,000 filters":   {map[string]any{"where": nil, "filters": ors}, "filters"},
			"nameIn of 70,000 values":                    {map[string]any{"where": map[string]any{"nameIn": names}}, "where.nameIn"},
			"NUL in a filter":                            {map[string]any{"where": map[string]any{"nameContains": "a\x00b"}}, "where.nameContains"},
			"escape in a filter":                         {map[string]any{"where": map[string]any{"nameContains": "a\x1bb"}}, "where.nameContains"},
		} {
			statements.Reset()
			res := e.post(owner, companiesWhere, c.vars)
			require.Len(t, res.Errors, 1, name)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0), "%s: %s", name, res.Errors[0].Message)
			assert.Equal(t, c.field, res.Errors[0].Extensions["field"], name)
			assert.Zero(t, statements.Count(), "%s: refused before any SQL", name)
		}

		statements.Reset()
		res := e.post(owner, companiesWhere, map[string]any{"where": nested(5), "first": 5})
		require.Empty(t, res.Errors, "a reasonable filter runs")
		assert.NotZero(t, statements.Count())
	})
}

func TestInputs_TextWithControlCharactersIsRefusedOnBothDatabasesAlike(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		e := newEnvOn(t, db, kv.NewMemory())
		owner, companies := e.tenant("a", 1)
		before := e.count("companies")
		for _, name := range []string{"株式会社\x00あおば", "bell\x07", "\x1b[31mred", "lone\rreturn", "del\x7f", "c1\u0085next line"} {
			res := e.post(owner, `mutation($n: String!) { createCompany(input: {name: $n}) { id } }`, map[string]any{"n": name})
			require.Len(t, res.Errors, 1, "%q", name)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0), "%q", name)
			assert.Equal(t, "name", res.Errors[0].Extensions["field"], "%q", name)
		}
		assert.Equal(t, before, e.count("companies"), "nothing was created")

		body := "# 方針\r\n\t一、情報資産を守る。\n二、法令を守る。"
		res := e.post(owner, `mutation($c: ID!, $b: String!) { createDocument(input: {companyID: $c, title: "方針", kind: POLICY, body: $b}) { id } }`,
			map[string]any{"c": companies[0], "b": body})
		assert.Empty(t, res.Errors, "tabs and line ends are text")
	})
}

func TestInputs_BoundsAreSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.GraphQL.MaxInputDepth = 3; c.GraphQL.MaxListLength = 2 })
	owner, _ := e.tenant("a", 1)
	assert.Empty(t, e.post(owner, companiesWhere, map[string]any{"where": nested(2)}).Errors)
	assert.Equal(t, "BAD_USER_INPUT", e.post(owner, companiesWhere, map[string]any{"where": nested(3)}).code(0))
	assert.Empty(t, e.post(owner, companiesWhere, map[string]any{"where": map[string]any{"nameIn": []string{"a", "b"}}}).Errors)
	res := e.post(owner, companiesWhere, map[string]any{"where": map[string]any{"nameIn": []string{"a", "b", "c"}}})
	assert.Equal(t, "BAD_USER_INPUT", res.code(0))
	assert.True(t, strings.Contains(res.Errors[0].Message, "at most 2"), res.Errors[0].Message)
}
