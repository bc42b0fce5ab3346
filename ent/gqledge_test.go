package ent_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/department"
	"secretariat/internal/servicetest"
)

// An optional edge to one record that field collection loaded is answered from the record
// (ent/entgqltemplate/gql_edge.tmpl): no query, even when it is empty, and no allocation; one
// not loaded is still queried.
func TestEdge_ALoadedOptionalEdgeIsAnsweredFromTheRecord(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		client, ctx, org, co := f.Client, f.System, f.Org.ID, f.Org.A
		head := f.Org.Member.UserID
		client.Department.Create().SetOrganizationID(org).SetCompanyID(co).SetName("総務部").SetHeadID(head).SaveX(ctx)
		client.Department.Create().SetOrganizationID(org).SetCompanyID(co).SetName("営業部").SaveX(ctx)

		loaded, err := client.Department.Query().Where(department.CompanyID(co)).WithHead().Order(department.ByName()).All(ctx)
		require.NoError(t, err)
		require.Len(t, loaded, 2)
		withHead, without := loaded[1], loaded[0] // 営業部 sorts before 総務部
		require.Equal(t, "総務部", withHead.Name)

		// A cancelled context makes any query fail: the loaded edge must not need one.
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		got, err := withHead.Head(cancelled)
		require.NoError(t, err)
		require.NotNil(t, got)
		assert.Equal(t, head, got.ID)
		got, err = without.Head(cancelled)
		require.NoError(t, err, "a loaded edge with no record is no head, not an error")
		assert.Nil(t, got)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = without.Head(cancelled) }),
			"an empty loaded edge is answered without allocating an error")

		// Not loaded: the edge is queried, and no record is still no head.
		plain, err := client.Department.Query().Where(department.CompanyID(co)).Order(department.ByName()).All(ctx)
		require.NoError(t, err)
		_, err = plain[1].Head(cancelled)
		require.Error(t, err, "an edge not loaded is queried")
		got, err = plain[1].Head(ctx)
		require.NoError(t, err)
		require.NotNil(t, got)
		assert.Equal(t, head, got.ID)
		got, err = plain[0].Head(ctx)
		require.NoError(t, err)
		assert.Nil(t, got)
	})
}
