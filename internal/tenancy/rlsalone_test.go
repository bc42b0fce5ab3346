//go:build rlsalone

package tenancy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"secretariat/internal/testdb"
)

// In the build tagged rlsalone the data layer's filters are off, and the API isolation suite
// (internal/server, TestIsolation_NoOtherOrganizationOrCompanyIsReachableThroughTheAPI) runs on
// PostgreSQL with row-level security alone. This test proves the switch works: on SQLite, which
// has no row-level security, another organization's companies now show.
func TestLayer1_IsOffInTheRLSAloneBuild(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "sqlite")
	a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
	companies := db.Client.Company.Query().AllX(as(ownerOf(b)))
	assert.Len(t, companies, 4, "without layer 1, SQLite shows both organizations' companies")
	assert.Contains(t, ids(companies), a.companies[0].ID)
}
