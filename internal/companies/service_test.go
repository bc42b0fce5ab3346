package companies_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/company"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/billing"
	"secretariat/internal/companies"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
)

func ptr[T any](v T) *T { return &v }

// ledger stands for billing: it records each change and, when refuse is set, refuses the ones
// that add a unit, as a plan limit would.
type ledger struct {
	mu      sync.Mutex
	changes []billing.Change
	refuse  bool
}

func (l *ledger) UnitsChanged(_ context.Context, c billing.Change) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.refuse && c.Adds {
		return &apperr.Error{Kind: apperr.KindPlanLimit, Text: apperr.Text{EN: "plan limit"}}
	}
	l.changes = append(l.changes, c)
	return nil
}

func (l *ledger) taken() []billing.Change {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.changes
	l.changes = nil
	return out
}

func newService(f *servicetest.Fixture) (*companies.Service, *ledger) {
	l := &ledger{}
	return companies.NewService(f.Client, l, servicetest.Log), l
}

// Administrators add client companies; a company-scoped role would not reach a company it made.
func TestCompanies_CreateCompanyRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s, l := newService(f)
	o := f.Org
	valid := func(mod func(*companies.CreateCompanyInput)) companies.CreateCompanyInput {
		in := companies.CreateCompanyInput{Name: " ひまわり電機 ", Industry: ptr("製造業"), ScopeStatement: ptr("本社における設計・開発"),
			CertificateExpiresOn: ptr(date.New(2027, 3, 31))}
		if mod != nil {
			mod(&in)
		}
		return in
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   companies.CreateCompanyInput
		want servicetest.Want
	}{
		{"the owner adds a company", o.Owner.Ctx, valid(nil), servicetest.OK},
		{"an admin adds a company", o.Admin.Ctx, valid(nil), servicetest.OK},
		{"a blank optional text is stored as null", o.Admin.Ctx, valid(func(in *companies.CreateCompanyInput) { in.Industry = ptr("  ") }), servicetest.OK},
		{"a consultant adds no company", o.Consultant.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"the secretariat adds no company", o.Secretariat.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"a member adds no company", o.Member.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor adds no company", o.Auditor.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"the name is required", o.Owner.Ctx, valid(func(in *companies.CreateCompanyInput) { in.Name = "　 " }), servicetest.Invalid("name", apperr.Required)},
		{"the name has at most 200 characters", o.Owner.Ctx, valid(func(in *companies.CreateCompanyInput) { in.Name = strings.Repeat("社", 201) }), servicetest.Invalid("name", apperr.TooLong)},
		{"the scope statement has at most 5,000 characters", o.Owner.Ctx, valid(func(in *companies.CreateCompanyInput) { in.ScopeStatement = ptr(strings.Repeat("a", 5001)) }), servicetest.Invalid("scopeStatement", apperr.TooLong)},
		{"the certificate number has at most 100 characters", o.Owner.Ctx, valid(func(in *companies.CreateCompanyInput) { in.CertificateNumber = ptr(strings.Repeat("1", 101)) }), servicetest.Invalid("certificateNumber", apperr.TooLong)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			l.taken()
			c, err := s.CreateCompany(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				assert.Empty(t, l.taken(), "billing is not told")
				return
			}
			stored := f.Client.Company.GetX(f.System, c.ID)
			assert.Equal(t, "ひまわり電機", stored.Name)
			assert.Equal(t, o.ID, stored.OrganizationID, "the company is the viewer's organization's")
			if tc.in.Industry != nil && strings.TrimSpace(*tc.in.Industry) == "" {
				assert.Nil(t, stored.Industry)
			}
			assert.Equal(t, []billing.Change{{Unit: billing.CompanyUnit, Adds: true, Reason: "company " + string(c.ID) + " created"}}, l.taken(), "billing counts the company")
		})
	}
}

// A billing limit refuses a new company; inside the mutation's transaction, as the server runs
// it, the company is then not kept.
func TestCompanies_PlanLimitUndoesTheNewCompany(t *testing.T) {
	f := servicetest.SQLite(t)
	s, l := newService(f)
	l.refuse = true
	before := f.Snapshot(t)
	err := f.Mutation(t, f.Org.Owner.Ctx, func(ctx context.Context) error {
		_, err := s.CreateCompany(ctx, companies.CreateCompanyInput{Name: "上限超過"})
		return err
	})
	assert.Equal(t, apperr.KindPlanLimit, apperr.KindOf(err))
	f.Unchanged(t, before)

	err = f.Mutation(t, f.Org.Consultant.Ctx, func(ctx context.Context) error {
		_, err := s.CreateSite(ctx, companies.CreateSiteInput{CompanyID: f.Org.A, Name: "大阪支店"})
		return err
	})
	assert.Equal(t, apperr.KindPlanLimit, apperr.KindOf(err), "sites count too")
	f.Unchanged(t, before)
}

func TestCompanies_UpdateCompanyRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s, _ := newService(f)
	o := f.Org
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		id    pulid.ID
		in    companies.UpdateCompanyInput
		want  servicetest.Want
		check func(t *testing.T, c *ent.Company)
	}{
		{"the secretariat edits its company", o.Secretariat.Ctx, o.A, companies.UpdateCompanyInput{Name: ptr(" さくら精工株式会社 "), NextAuditOn: ptr(date.New(2026, 11, 1))}, servicetest.OK, func(t *testing.T, c *ent.Company) {
			assert.Equal(t, "さくら精工株式会社", c.Name)
			assert.Equal(t, date.New(2026, 11, 1), *c.NextAuditOn)
		}},
		{"a consultant edits a company granted", o.Consultant.Ctx, o.B, companies.UpdateCompanyInput{Industry: ptr("物流")}, servicetest.OK, func(t *testing.T, c *ent.Company) {
			assert.Equal(t, ptr("物流"), c.Industry)
		}},
		{"null and blank clear optional fields", o.Owner.Ctx, o.A, companies.UpdateCompanyInput{Industry: ptr(" "), Null: []string{"nextAuditOn"}}, servicetest.OK, func(t *testing.T, c *ent.Company) {
			assert.Nil(t, c.Industry)
			assert.Nil(t, c.NextAuditOn)
		}},
		{"the name cannot be null", o.Owner.Ctx, o.A, companies.UpdateCompanyInput{Null: []string{"name"}}, servicetest.Invalid("name", apperr.Required), nil},
		{"the name cannot be blank", o.Owner.Ctx, o.A, companies.UpdateCompanyInput{Name: ptr("")}, servicetest.Invalid("name", apperr.Required), nil},
		{"a member edits no company", o.Member.Ctx, o.A, companies.UpdateCompanyInput{Name: ptr("x")}, servicetest.Forbidden(apperr.RoleRequired), nil},
		{"an auditor edits no company", o.Auditor.Ctx, o.A, companies.UpdateCompanyInput{Name: ptr("x")}, servicetest.Forbidden(apperr.RoleRequired), nil},
		{"a company not granted is not found", o.Secretariat.Ctx, o.B, companies.UpdateCompanyInput{Name: ptr("x")}, servicetest.NotFound, nil},
		{"a company of another organization is not found", o.Owner.Ctx, f.Other.A, companies.UpdateCompanyInput{Name: ptr("x")}, servicetest.NotFound, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.ID = tc.id
			before := f.Snapshot(t)
			_, err := s.UpdateCompany(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			tc.check(t, f.Client.Company.GetX(f.System, tc.id))
		})
	}
}

// Companies are archived, never deleted; an archived company takes no new site or department,
// archiving twice keeps the first time, and billing hears of each change.
func TestCompanies_ArchiveRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s, l := newService(f)
	o := f.Org

	before := f.Snapshot(t)
	_, err := s.SetCompanyArchived(o.Member.Ctx, archive.Input{ID: o.A}, true)
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = s.SetCompanyArchived(f.Other.Owner.Ctx, archive.Input{ID: o.A}, true)
	servicetest.Check(t, servicetest.NotFound, err)
	f.Unchanged(t, before)
	assert.Empty(t, l.taken())

	first, err := s.SetCompanyArchived(o.Secretariat.Ctx, archive.Input{ID: o.A}, true)
	require.NoError(t, err, "a structure editor archives its company")
	require.NotNil(t, first.ArchivedAt)
	assert.Equal(t, []billing.Change{{Unit: billing.CompanyUnit, Adds: false, Reason: "company " + string(o.A) + " archived"}}, l.taken())
	again, err := s.SetCompanyArchived(o.Secretariat.Ctx, archive.Input{ID: o.A}, true)
	require.NoError(t, err)
	assert.True(t, first.ArchivedAt.Equal(*again.ArchivedAt), "archiving twice keeps the first time")

	before = f.Snapshot(t)
	_, err = s.CreateSite(o.Secretariat.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "新拠点"})
	servicetest.Check(t, servicetest.Invalid("companyID", apperr.Archived), err)
	_, err = s.CreateDepartment(o.Secretariat.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: "新部署"})
	servicetest.Check(t, servicetest.Invalid("companyID", apperr.Archived), err)
	_, err = s.UpdateCompany(o.Secretariat.Ctx, companies.UpdateCompanyInput{ID: o.A, Name: ptr("改名")})
	servicetest.Check(t, servicetest.Invalid("id", apperr.Archived), err)
	f.Unchanged(t, before)

	restored, err := s.SetCompanyArchived(o.Secretariat.Ctx, archive.Input{ID: o.A}, false)
	require.NoError(t, err)
	assert.Nil(t, restored.ArchivedAt)
	l.taken()
	_, err = s.UpdateCompany(o.Secretariat.Ctx, companies.UpdateCompanyInput{ID: o.A, Name: ptr("改名")})
	assert.NoError(t, err, "a restored company can be changed again")
	_, err = s.CreateSite(o.Secretariat.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "新拠点"})
	assert.NoError(t, err, "a restored company takes sites again")
	assert.Equal(t, 1, f.Client.Company.Query().Where(company.ID(o.A)).CountX(f.System), "nothing is deleted")
}

func TestCompanies_SiteRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s, l := newService(f)
	o := f.Org
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   companies.CreateSiteInput
		want servicetest.Want
	}{
		{"the secretariat adds a site", o.Secretariat.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: " 本社 ", Headcount: ptr(120)}, servicetest.OK},
		{"a consultant adds a site", o.Consultant.Ctx, companies.CreateSiteInput{CompanyID: o.B, Name: "本社", Address: ptr("東京都港区")}, servicetest.OK},
		{"a headcount of zero is allowed", o.Owner.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "本社", Headcount: ptr(0)}, servicetest.OK},
		{"a member adds no site", o.Member.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "本社"}, servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor adds no site", o.Auditor.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "本社"}, servicetest.Forbidden(apperr.RoleRequired)},
		{"the name is required", o.Owner.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: " "}, servicetest.Invalid("name", apperr.Required)},
		{"a negative headcount is refused", o.Owner.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "本社", Headcount: ptr(-1)}, servicetest.Invalid("headcount", apperr.OutOfRange)},
		{"a headcount over ten million is refused", o.Owner.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "本社", Headcount: ptr(10_000_001)}, servicetest.Invalid("headcount", apperr.OutOfRange)},
		{"the address has at most 500 characters", o.Owner.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "本社", Address: ptr(strings.Repeat("町", 501))}, servicetest.Invalid("address", apperr.TooLong)},
		{"a company not granted is unknown", o.Secretariat.Ctx, companies.CreateSiteInput{CompanyID: o.B, Name: "本社"}, servicetest.Invalid("companyID", apperr.UnknownID)},
		{"a company of another organization is unknown", o.Owner.Ctx, companies.CreateSiteInput{CompanyID: f.Other.A, Name: "本社"}, servicetest.Invalid("companyID", apperr.UnknownID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			l.taken()
			site, err := s.CreateSite(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				assert.Empty(t, l.taken(), "billing is not told")
				return
			}
			stored := f.Client.Site.GetX(f.System, site.ID)
			assert.Equal(t, "本社", stored.Name)
			assert.Equal(t, tc.in.CompanyID, stored.CompanyID)
			assert.Equal(t, []billing.Change{{Unit: billing.SiteUnit, Adds: true, Reason: "site " + string(site.ID) + " created"}}, l.taken())
		})
	}

	t.Run("a site's update and archive follow the same roles", func(t *testing.T) {
		site, err := s.CreateSite(o.Secretariat.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "名古屋", Address: ptr("名古屋市"), Headcount: ptr(10)})
		require.NoError(t, err)
		before := f.Snapshot(t)
		_, err = s.UpdateSite(o.Member.Ctx, companies.UpdateSiteInput{ID: site.ID, Name: ptr("x")})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		_, err = s.UpdateSite(o.Secretariat.Ctx, companies.UpdateSiteInput{ID: site.ID, Null: []string{"name"}})
		servicetest.Check(t, servicetest.Invalid("name", apperr.Required), err)
		_, err = s.SetSiteArchived(o.Auditor.Ctx, archive.Input{ID: site.ID}, true)
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		f.Unchanged(t, before)

		got, err := s.UpdateSite(o.Secretariat.Ctx, companies.UpdateSiteInput{ID: site.ID, Address: ptr(" "), Null: []string{"headcount"}})
		require.NoError(t, err)
		assert.Nil(t, got.Address, "a blank address clears it")
		assert.Nil(t, got.Headcount, "null clears the headcount")
		l.taken()
		archived, err := s.SetSiteArchived(o.Secretariat.Ctx, archive.Input{ID: site.ID}, true)
		require.NoError(t, err)
		assert.NotNil(t, archived.ArchivedAt)
		assert.Equal(t, []billing.Change{{Unit: billing.SiteUnit, Adds: false, Reason: "site " + string(site.ID) + " archived"}}, l.taken())
	})
}

// A department's site is one of its company's sites and its head a member of the organization:
// edges never cross companies or organizations.
func TestCompanies_DepartmentRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s, _ := newService(f)
	o := f.Org
	siteA, err := s.CreateSite(o.Owner.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "本社"})
	require.NoError(t, err)
	siteB, err := s.CreateSite(o.Owner.Ctx, companies.CreateSiteInput{CompanyID: o.B, Name: "本社"})
	require.NoError(t, err)
	otherSite, err := s.CreateSite(f.Other.Owner.Ctx, companies.CreateSiteInput{CompanyID: f.Other.A, Name: "本社"})
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   companies.CreateDepartmentInput
		want servicetest.Want
	}{
		{"the secretariat adds a department at a site of its company", o.Secretariat.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: " 情報システム部 ", SiteID: &siteA.ID, HeadID: &o.Member.UserID}, servicetest.OK},
		{"a department needs no site nor head", o.Consultant.Ctx, companies.CreateDepartmentInput{CompanyID: o.B, Name: "総務部"}, servicetest.OK},
		{"a member adds no department", o.Member.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: "総務部"}, servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor adds no department", o.Auditor.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: "総務部"}, servicetest.Forbidden(apperr.RoleRequired)},
		{"the name is required", o.Owner.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: ""}, servicetest.Invalid("name", apperr.Required)},
		{"the site must be of the department's company", o.Owner.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: "総務部", SiteID: &siteB.ID}, servicetest.Invalid("siteID", apperr.InvalidValue)},
		{"a site of a company not granted is unknown", o.Secretariat.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: "総務部", SiteID: &siteB.ID}, servicetest.Invalid("siteID", apperr.UnknownID)},
		{"a site of another organization is unknown", o.Owner.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: "総務部", SiteID: &otherSite.ID}, servicetest.Invalid("siteID", apperr.UnknownID)},
		{"the head must be a member of the organization", o.Owner.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: "総務部", HeadID: &f.Other.Member.UserID}, servicetest.Invalid("headID", apperr.UnknownID)},
		{"a company of another organization is unknown", o.Owner.Ctx, companies.CreateDepartmentInput{CompanyID: f.Other.A, Name: "総務部"}, servicetest.Invalid("companyID", apperr.UnknownID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			d, err := s.CreateDepartment(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			stored := f.Client.Department.GetX(f.System, d.ID)
			assert.Equal(t, strings.TrimSpace(tc.in.Name), stored.Name)
			assert.Equal(t, tc.in.SiteID, stored.SiteID)
			assert.Equal(t, tc.in.HeadID, stored.HeadID)
		})
	}

	t.Run("an update checks the links and null unlinks them", func(t *testing.T) {
		d, err := s.CreateDepartment(o.Secretariat.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: "品質保証部", SiteID: &siteA.ID, HeadID: &o.Member.UserID})
		require.NoError(t, err)
		before := f.Snapshot(t)
		_, err = s.UpdateDepartment(o.Owner.Ctx, companies.UpdateDepartmentInput{ID: d.ID, SiteID: &siteB.ID})
		servicetest.Check(t, servicetest.Invalid("siteID", apperr.InvalidValue), err)
		_, err = s.UpdateDepartment(o.Owner.Ctx, companies.UpdateDepartmentInput{ID: d.ID, Null: []string{"name"}})
		servicetest.Check(t, servicetest.Invalid("name", apperr.Required), err)
		_, err = s.UpdateDepartment(o.Member.Ctx, companies.UpdateDepartmentInput{ID: d.ID, Name: ptr("x")})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		_, err = s.SetDepartmentArchived(o.Member.Ctx, archive.Input{ID: d.ID}, true)
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		_, err = s.UpdateDepartment(f.Other.Owner.Ctx, companies.UpdateDepartmentInput{ID: d.ID, Name: ptr("x")})
		servicetest.Check(t, servicetest.NotFound, err)
		f.Unchanged(t, before)

		got, err := s.UpdateDepartment(o.Secretariat.Ctx, companies.UpdateDepartmentInput{ID: d.ID, Null: []string{"siteID", "headID"}})
		require.NoError(t, err)
		assert.Nil(t, got.SiteID)
		assert.Nil(t, got.HeadID)
		archived, err := s.SetDepartmentArchived(o.Secretariat.Ctx, archive.Input{ID: d.ID}, true)
		require.NoError(t, err)
		assert.NotNil(t, archived.ArchivedAt)
	})
}

// An archived site or department is read-only until restored, as every archived record.
func TestCompanies_ArchivedSitesAndDepartmentsAreReadOnly(t *testing.T) {
	f := servicetest.SQLite(t)
	s, _ := newService(f)
	o := f.Org
	site, err := s.CreateSite(o.Secretariat.Ctx, companies.CreateSiteInput{CompanyID: o.A, Name: "大阪拠点"})
	require.NoError(t, err)
	dept, err := s.CreateDepartment(o.Secretariat.Ctx, companies.CreateDepartmentInput{CompanyID: o.A, Name: "営業部"})
	require.NoError(t, err)
	_, err = s.SetSiteArchived(o.Secretariat.Ctx, archive.Input{ID: site.ID}, true)
	require.NoError(t, err)
	_, err = s.SetDepartmentArchived(o.Secretariat.Ctx, archive.Input{ID: dept.ID}, true)
	require.NoError(t, err)

	before := f.Snapshot(t)
	_, err = s.UpdateSite(o.Secretariat.Ctx, companies.UpdateSiteInput{ID: site.ID, Name: ptr("改名")})
	servicetest.Check(t, servicetest.Invalid("id", apperr.Archived), err)
	_, err = s.UpdateDepartment(o.Secretariat.Ctx, companies.UpdateDepartmentInput{ID: dept.ID, Name: ptr("改名")})
	servicetest.Check(t, servicetest.Invalid("id", apperr.Archived), err)
	f.Unchanged(t, before)

	_, err = s.SetSiteArchived(o.Secretariat.Ctx, archive.Input{ID: site.ID}, false)
	require.NoError(t, err)
	_, err = s.SetDepartmentArchived(o.Secretariat.Ctx, archive.Input{ID: dept.ID}, false)
	require.NoError(t, err)
	got, err := s.UpdateSite(o.Secretariat.Ctx, companies.UpdateSiteInput{ID: site.ID, Name: ptr("大阪支店")})
	require.NoError(t, err)
	assert.Equal(t, "大阪支店", got.Name)
	_, err = s.UpdateDepartment(o.Secretariat.Ctx, companies.UpdateDepartmentInput{ID: dept.ID, Name: ptr("営業本部")})
	require.NoError(t, err)
}
