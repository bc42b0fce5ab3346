package gqlhttp

import (
	"testing"

	"github.com/99designs/gqlgen/graphql/handler/testserver"

	"secretariat/internal/server/gqlhttp/gqlaudit"
)

// TestAudit_GraphQLOverHTTP runs the graphql-http audit suite against the transports over
// gqlgen's small test schema; internal/server runs it against the real server.
func TestAudit_GraphQLOverHTTP(t *testing.T) {
	gqlaudit.Run(t, newServer(t, testserver.New(), POST{}))
}
