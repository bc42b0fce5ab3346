package server_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

// portfolioQuery is what a consultant's dashboard asks for: every client company with its
// organization, sites, their departments and heads, and counts.
const portfolioQuery = `{ companies(first: 100) { totalCount edges { node {
	id name organization { name }
	sites { totalCount edges { node { name departments { edges { node { name head { name } } } } } } }
	departments { totalCount }
} } } }`

func TestServer_AListCostsTheSameStatementsForOneItemOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			one, _ := e.tenant("one", 1)
			many, _ := e.tenant("many", 60)

			statements := func(token string, companies int) int {
				counter.Reset()
				res := e.post(token, portfolioQuery, nil)
				require.Empty(t, res.Errors)
				edges := res.Data["companies"].(map[string]any)["edges"].([]any)
				require.Len(t, edges, companies)
				return counter.Count()
			}
			forOne, forMany := statements(one, 1), statements(many, 60)
			t.Logf("%s: %d statements for 1 company, %d for 60", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the page")
		})
	}
}

// BenchmarkPortfolio compares the time of the portfolio query for 1 and for 100 client
// companies on the same run; report the ratio, not the absolute figures.
func BenchmarkPortfolio(b *testing.B) {
	for _, dialect := range testdb.Dialects {
		e := newEnv(b, dialect, kv.NewMemory())
		one, _ := e.tenant("one", 1)
		hundred, _ := e.tenant("hundred", 100)
		for _, c := range []struct {
			name, token string
		}{{"1company", one}, {"100companies", hundred}} {
			b.Run(dialect+"/"+c.name, func(b *testing.B) {
				for b.Loop() {
					if res := e.post(c.token, portfolioQuery, nil); len(res.Errors) > 0 {
						b.Fatalf("errors: %v", res.Errors)
					}
				}
			})
		}
	}
}

// BenchmarkTypename is the floor: the cost of the HTTP and GraphQL machinery alone.
func BenchmarkTypename(b *testing.B) {
	e := newEnv(b, "sqlite", kv.NewMemory())
	for b.Loop() {
		e.post("", "{ __typename }", nil)
	}
}
