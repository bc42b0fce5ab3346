package ent_test

import (
	"testing"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/department"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
)

// A read scans all its rows into one set of holders (ent/template/scanholders.tmpl): each row
// must still read its own values, a NULL after a value included, and a column ent does not know
// must still be kept per row.
func TestRead_EachRowReadsItsOwnValuesFromReusedHolders(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		client, ctx, org, co := f.Client, f.System, f.Org.ID, f.Org.A
		site := client.Site.Create().SetOrganizationID(org).SetCompanyID(co).SetName("本社").SaveX(ctx)
		head := f.Org.Member.UserID

		// Nullable columns alternate between a value and NULL, row after row.
		type want struct {
			name       string
			site, head *pulid.ID
		}
		wants := []want{
			{name: "総務部", site: &site.ID, head: &head},
			{name: "情報システム部"},
			{name: "営業部", head: &head},
			{name: "品質保証部", site: &site.ID},
		}
		for _, w := range wants {
			create := client.Department.Create().SetOrganizationID(org).SetCompanyID(co).SetName(w.name)
			if w.site != nil {
				create.SetSiteID(*w.site)
			}
			if w.head != nil {
				create.SetHeadID(*w.head)
			}
			create.SaveX(ctx)
		}

		got, err := client.Department.Query().Where(department.CompanyID(co)).Order(department.ByCreatedAt(), department.ByID()).All(ctx)
		require.NoError(t, err)
		require.Len(t, got, len(wants))
		seen := map[pulid.ID]bool{}
		for i, w := range wants {
			assert.Equal(t, w.name, got[i].Name, "row %d", i)
			assert.Equal(t, w.site, got[i].SiteID, "row %d: site", i)
			assert.Equal(t, w.head, got[i].HeadID, "row %d: head", i)
			assert.False(t, seen[got[i].ID], "row %d: an ID of its own", i)
			seen[got[i].ID] = true
		}
		// Each row's nullable values are its own copies, not the holders.
		require.NotNil(t, got[0].SiteID)
		assert.NotSame(t, got[0].SiteID, got[3].SiteID)

		// A column ent does not know is scanned into a holder the row keeps: each row keeps
		// its own.
		labelled, err := client.Department.Query().Where(department.CompanyID(co)).Order(department.ByCreatedAt(), department.ByID()).
			Modify(func(s *entsql.Selector) { s.AppendSelectAs(s.C(department.FieldName), "label") }).All(ctx)
		require.NoError(t, err)
		require.Len(t, labelled, len(wants))
		for i, w := range wants {
			label, err := labelled[i].Value("label")
			require.NoError(t, err, "row %d", i)
			assert.Equal(t, w.name, asString(label), "row %d: the label read with it", i)
		}
	})
}

// asString reads a column scanned into sql.UnknownType, which each driver fills in its way.
func asString(v any) string {
	switch v := v.(type) {
	case *any:
		return asString(*v)
	case *string:
		return *v
	case *entsql.NullString:
		return v.String
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}
