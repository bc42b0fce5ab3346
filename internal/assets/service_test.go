package assets_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/assets"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
)

func ptr[T any](v T) *T { return &v }

// place is a site and a department of each company, plus archived ones in company A.
type place struct {
	siteA, siteB, archivedSite, deptA, deptB, archivedDept pulid.ID
}

func newPlaces(f *servicetest.Fixture) place {
	c, sys, o := f.Client, f.System, f.Org
	site := func(company pulid.ID, archived bool) pulid.ID {
		cr := c.Site.Create().SetOrganizationID(o.ID).SetCompanyID(company).SetName("拠点")
		if archived {
			cr.SetArchivedAt(time.Now())
		}
		return cr.SaveX(sys).ID
	}
	dept := func(company pulid.ID, archived bool) pulid.ID {
		cr := c.Department.Create().SetOrganizationID(o.ID).SetCompanyID(company).SetName("部署")
		if archived {
			cr.SetArchivedAt(time.Now())
		}
		return cr.SaveX(sys).ID
	}
	return place{site(o.A, false), site(o.B, false), site(o.A, true), dept(o.A, false), dept(o.B, false), dept(o.A, true)}
}

func TestAssets_CreateRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := assets.NewService(f.Client, servicetest.Log)
	o := f.Org
	p := newPlaces(f)
	_, err := s.Create(o.Owner.Ctx, assets.CreateAssetInput{CompanyID: o.A, Name: "顧客名簿", Type: asset.TypeINFORMATION})
	require.NoError(t, err)
	f.Client.Company.UpdateOneID(o.B).SetArchivedAt(time.Now()).ExecX(f.System)
	valid := func(mod func(*assets.CreateAssetInput)) assets.CreateAssetInput {
		in := assets.CreateAssetInput{CompanyID: o.A, Name: " 基幹サーバ ", Type: asset.TypeHARDWARE, SiteID: &p.siteA, DepartmentID: &p.deptA,
			OwnerID: &o.Member.UserID, Confidentiality: ptr(3)}
		if mod != nil {
			mod(&in)
		}
		return in
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   assets.CreateAssetInput
		want servicetest.Want
	}{
		{"the secretariat adds an asset", o.Secretariat.Ctx, valid(nil), servicetest.OK},
		{"a consultant adds an asset", o.Consultant.Ctx, valid(nil), servicetest.OK},
		{"an admin may own an asset", o.Admin.Ctx, valid(func(in *assets.CreateAssetInput) { in.OwnerID = &o.Admin.UserID }), servicetest.OK},
		{"a member adds no asset", o.Member.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor adds no asset", o.Auditor.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"the name is required", o.Secretariat.Ctx, valid(func(in *assets.CreateAssetInput) { in.Name = " " }), servicetest.Invalid("name", apperr.Required)},
		{"the name has at most 300 characters", o.Secretariat.Ctx, valid(func(in *assets.CreateAssetInput) { in.Name = strings.Repeat("資", 301) }), servicetest.Invalid("name", apperr.TooLong)},
		{"the name is unique in the company", o.Secretariat.Ctx, valid(func(in *assets.CreateAssetInput) { in.Name = "顧客名簿" }), servicetest.Conflict(apperr.Duplicate)},
		{"an unknown type is refused", o.Secretariat.Ctx, valid(func(in *assets.CreateAssetInput) { in.Type = "VEHICLE" }), servicetest.Invalid("type", apperr.InvalidValue)},
		{"a rating below 1 is refused", o.Secretariat.Ctx, valid(func(in *assets.CreateAssetInput) { in.Integrity = ptr(0) }), servicetest.Invalid("integrity", apperr.OutOfRange)},
		{"a rating above 3 is refused", o.Secretariat.Ctx, valid(func(in *assets.CreateAssetInput) { in.Availability = ptr(4) }), servicetest.Invalid("availability", apperr.OutOfRange)},
		{"the notes have at most 10,000 characters", o.Secretariat.Ctx, valid(func(in *assets.CreateAssetInput) { in.Notes = ptr(strings.Repeat("a", 10_001)) }), servicetest.Invalid("notes", apperr.TooLong)},
		{"the site is of the asset's company", o.Owner.Ctx, valid(func(in *assets.CreateAssetInput) { in.SiteID = &p.siteB }), servicetest.Invalid("siteID", apperr.InvalidValue)},
		{"an archived site takes no asset", o.Owner.Ctx, valid(func(in *assets.CreateAssetInput) { in.SiteID = &p.archivedSite }), servicetest.Invalid("siteID", apperr.Archived)},
		{"a site not reached is unknown", o.Secretariat.Ctx, valid(func(in *assets.CreateAssetInput) { in.SiteID = &p.siteB }), servicetest.Invalid("siteID", apperr.UnknownID)},
		{"the department is of the asset's company", o.Owner.Ctx, valid(func(in *assets.CreateAssetInput) { in.DepartmentID = &p.deptB }), servicetest.Invalid("departmentID", apperr.InvalidValue)},
		{"an archived department takes no asset", o.Owner.Ctx, valid(func(in *assets.CreateAssetInput) { in.DepartmentID = &p.archivedDept }), servicetest.Invalid("departmentID", apperr.Archived)},
		{"the owner works in the company", o.Owner.Ctx, valid(func(in *assets.CreateAssetInput) { in.OwnerID = &f.Other.Member.UserID }), servicetest.Invalid("ownerID", apperr.InvalidValue)},
		{"an auditor cannot own an asset", o.Owner.Ctx, valid(func(in *assets.CreateAssetInput) { in.OwnerID = &o.Auditor.UserID }), servicetest.Invalid("ownerID", apperr.RoleRequired)},
		{"a company not granted is unknown", o.Secretariat.Ctx, valid(func(in *assets.CreateAssetInput) { in.CompanyID = o.B; in.SiteID, in.DepartmentID = nil, nil }), servicetest.Invalid("companyID", apperr.UnknownID)},
		{"an archived company takes no asset", o.Owner.Ctx, valid(func(in *assets.CreateAssetInput) { in.CompanyID = o.B; in.SiteID, in.DepartmentID = nil, nil }), servicetest.Invalid("companyID", apperr.Archived)},
		{"a company of another organization is unknown", o.Owner.Ctx, valid(func(in *assets.CreateAssetInput) { in.CompanyID = f.Other.A; in.SiteID, in.DepartmentID = nil, nil }), servicetest.Invalid("companyID", apperr.UnknownID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			a, err := s.Create(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			stored := f.Client.Asset.GetX(f.System, a.ID)
			assert.Equal(t, "基幹サーバ", stored.Name, "the name is trimmed")
			assert.Equal(t, 3, stored.Confidentiality)
			assert.Equal(t, 2, stored.Integrity, "a rating left out is 2 (medium)")
			assert.Equal(t, 2, stored.Availability, "a rating left out is 2 (medium)")
			assert.Equal(t, tc.in.OwnerID, stored.OwnerID)
			f.Client.Asset.UpdateOne(stored).SetName(string(stored.ID)).ExecX(f.System) // free the name for the next case
		})
	}
	t.Run("another company may use the same name", func(t *testing.T) {
		f.Client.Company.UpdateOneID(o.B).ClearArchivedAt().ExecX(f.System)
		_, err := s.Create(o.Consultant.Ctx, assets.CreateAssetInput{CompanyID: o.B, Name: "顧客名簿", Type: asset.TypeINFORMATION})
		assert.NoError(t, err)
	})
}

func TestAssets_UpdateRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := assets.NewService(f.Client, servicetest.Log)
	o := f.Org
	p := newPlaces(f)
	_, err := s.Create(o.Owner.Ctx, assets.CreateAssetInput{CompanyID: o.A, Name: "顧客名簿", Type: asset.TypeINFORMATION})
	require.NoError(t, err)
	n := 0
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		in    assets.UpdateAssetInput
		want  servicetest.Want
		check func(t *testing.T, a *ent.Asset)
	}{
		{"the fields set change, the others stay", o.Secretariat.Ctx, assets.UpdateAssetInput{Integrity: ptr(1), Location: ptr(" データセンター ")}, servicetest.OK, func(t *testing.T, a *ent.Asset) {
			assert.Equal(t, 1, a.Integrity)
			assert.Equal(t, ptr("データセンター"), a.Location)
			assert.Equal(t, &p.siteA, a.SiteID)
			assert.Equal(t, &o.Member.UserID, a.OwnerID)
		}},
		{"null clears the links and a blank text clears it", o.Secretariat.Ctx, assets.UpdateAssetInput{Notes: ptr(" "), Null: []string{"siteID", "departmentID", "ownerID"}}, servicetest.OK, func(t *testing.T, a *ent.Asset) {
			assert.Nil(t, a.SiteID)
			assert.Nil(t, a.DepartmentID)
			assert.Nil(t, a.OwnerID)
			assert.Nil(t, a.Notes)
		}},
		{"renaming to its own name is no conflict", o.Secretariat.Ctx, assets.UpdateAssetInput{Name: ptr(" 資産 ")}, servicetest.OK, func(t *testing.T, a *ent.Asset) {
			assert.True(t, strings.HasPrefix(a.Name, "資産"))
		}},
		{"the name of another asset is refused", o.Secretariat.Ctx, assets.UpdateAssetInput{Name: ptr("顧客名簿")}, servicetest.Conflict(apperr.Duplicate), nil},
		{"the name cannot be null", o.Secretariat.Ctx, assets.UpdateAssetInput{Null: []string{"name"}}, servicetest.Invalid("name", apperr.Required), nil},
		{"the type cannot be null", o.Secretariat.Ctx, assets.UpdateAssetInput{Null: []string{"type"}}, servicetest.Invalid("type", apperr.Required), nil},
		{"a rating cannot be null", o.Secretariat.Ctx, assets.UpdateAssetInput{Null: []string{"confidentiality"}}, servicetest.Invalid("confidentiality", apperr.Required), nil},
		{"a rating stays within 1 to 3", o.Secretariat.Ctx, assets.UpdateAssetInput{Confidentiality: ptr(5)}, servicetest.Invalid("confidentiality", apperr.OutOfRange), nil},
		{"the owner cannot become an auditor", o.Secretariat.Ctx, assets.UpdateAssetInput{OwnerID: &o.Auditor.UserID}, servicetest.Invalid("ownerID", apperr.RoleRequired), nil},
		{"the site cannot move to another company", o.Owner.Ctx, assets.UpdateAssetInput{SiteID: &p.siteB}, servicetest.Invalid("siteID", apperr.InvalidValue), nil},
		{"a member changes no asset", o.Member.Ctx, assets.UpdateAssetInput{Integrity: ptr(1)}, servicetest.Forbidden(apperr.RoleRequired), nil},
		{"another organization does not find the asset", f.Other.Owner.Ctx, assets.UpdateAssetInput{Integrity: ptr(1)}, servicetest.NotFound, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n++
			name := "資産" + strings.Repeat("+", n)
			a, err := s.Create(o.Owner.Ctx, assets.CreateAssetInput{CompanyID: o.A, Name: name, Type: asset.TypeHARDWARE,
				SiteID: &p.siteA, DepartmentID: &p.deptA, OwnerID: &o.Member.UserID, Notes: ptr("メモ")})
			require.NoError(t, err)
			if tc.in.Name != nil && *tc.in.Name == " 資産 " {
				tc.in.Name = ptr(" " + name + " ")
			}
			tc.in.ID = a.ID
			before := f.Snapshot(t)
			_, err = s.Update(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			tc.check(t, f.Client.Asset.GetX(f.System, a.ID))
		})
	}
}

// Assets are archived, never deleted; an archived asset takes no change until restored.
func TestAssets_ArchiveRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := assets.NewService(f.Client, servicetest.Log)
	o := f.Org
	a, err := s.Create(o.Secretariat.Ctx, assets.CreateAssetInput{CompanyID: o.A, Name: "ノートPC", Type: asset.TypeHARDWARE})
	require.NoError(t, err)

	before := f.Snapshot(t)
	_, err = s.SetArchived(o.Member.Ctx, archive.Input{ID: a.ID}, true)
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = s.SetArchived(f.Other.Admin.Ctx, archive.Input{ID: a.ID}, true)
	servicetest.Check(t, servicetest.NotFound, err)
	f.Unchanged(t, before)

	first, err := s.SetArchived(o.Secretariat.Ctx, archive.Input{ID: a.ID}, true)
	require.NoError(t, err)
	require.NotNil(t, first.ArchivedAt)
	before = f.Snapshot(t)
	again, err := s.SetArchived(o.Secretariat.Ctx, archive.Input{ID: a.ID}, true)
	require.NoError(t, err)
	assert.True(t, first.ArchivedAt.Equal(*again.ArchivedAt), "archiving twice keeps the first time")
	_, err = s.Update(o.Secretariat.Ctx, assets.UpdateAssetInput{ID: a.ID, Integrity: ptr(3)})
	servicetest.Check(t, servicetest.Invalid("id", apperr.Archived), err)
	_, err = s.Create(o.Secretariat.Ctx, assets.CreateAssetInput{CompanyID: o.A, Name: "ノートPC", Type: asset.TypeHARDWARE})
	servicetest.Check(t, servicetest.Conflict(apperr.Duplicate), err)
	f.Unchanged(t, before)

	_, err = s.SetArchived(o.Secretariat.Ctx, archive.Input{ID: a.ID}, false)
	require.NoError(t, err)
	got, err := s.Update(o.Secretariat.Ctx, assets.UpdateAssetInput{ID: a.ID, Integrity: ptr(3)})
	require.NoError(t, err, "a restored asset changes again")
	assert.Equal(t, 3, got.Integrity)
}

// Names are unique in a company even when two creates race: the unique index refuses the second,
// answered as the same CONFLICT.
func TestAssets_ConcurrentCreatesKeepNamesUnique(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		s := assets.NewService(f.Client, servicetest.Log)
		people := []servicetest.Person{f.Org.Owner, f.Org.Admin, f.Org.Consultant, f.Org.Secretariat}
		var wg sync.WaitGroup
		errs := make([]error, len(people))
		for i, p := range people {
			wg.Go(func() {
				_, errs[i] = s.Create(p.Ctx, assets.CreateAssetInput{CompanyID: f.Org.A, Name: "ファイルサーバ", Type: asset.TypeHARDWARE})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			servicetest.Check(t, servicetest.Conflict(apperr.Duplicate), err)
		}
		assert.Equal(t, 1, ok)
		assert.Equal(t, 1, f.Client.Asset.Query().Where(asset.Name("ファイルサーバ")).CountX(f.System))
	})
}
