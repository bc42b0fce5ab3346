// Layer 1: the filters and stamps that the ent schema's interceptors and hooks apply to every
// query, traversal and write of a tenant-owned entity (see doc.go for the three layers).

package tenancy

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// Filterable is a query or a mutation that takes raw predicates; every generated ent query and
// mutation is one.
type Filterable interface {
	WhereP(...func(*sql.Selector))
}

// ErrNoViewer is returned for tenant data asked for without a viewer: the data layer fails
// closed.
var ErrNoViewer = apperr.Unauthenticated("authentication required", "ログインしてください")

// OrganizationColumn is the tenant column of every tenant-owned table.
const OrganizationColumn = "organization_id"

// CompanyColumn is the company column of every company-owned table.
const CompanyColumn = "company_id"

// Asker is the one asking for data, as the three layers see it: the system context (sign-up,
// login, token checks, seeding, background work; viewer.System logs each with its reason), a
// viewer, or nobody.
type Asker struct {
	System bool
	// Member narrows a system context, for row-level security only, to one member's
	// organization (viewer.SystemOfMember); nil otherwise.
	Member *viewer.Member
	Viewer *viewer.Viewer // nil for the system context and for nobody
}

// Who works out who is asking in ctx: the one place every layer reads it from (the filters
// here, the privacy rules of package authz, the row-level security settings of package rls).
func Who(ctx context.Context) Asker {
	if viewer.IsSystem(ctx) {
		a := Asker{System: true}
		if m, ok := viewer.MemberOf(ctx); ok {
			a.Member = &m
		}
		return a
	}
	return Asker{Viewer: viewer.FromContext(ctx)}
}

// viewerOf returns the viewer, nil for the system context, or ErrNoViewer.
func viewerOf(ctx context.Context) (*viewer.Viewer, error) {
	who := Who(ctx)
	if !who.System && who.Viewer == nil {
		return nil, ErrNoViewer
	}
	return who.Viewer, nil
}

// RestrictToOrganization limits f to rows whose column holds the viewer's organization.
func RestrictToOrganization(ctx context.Context, f Filterable, column string) error {
	v, err := viewerOf(ctx)
	if v == nil {
		return err
	}
	f.WhereP(sql.FieldEQ(column, v.OrganizationID))
	return nil
}

// RestrictToCompanies limits f to rows whose column holds a company the viewer reaches. It does
// not check the organization: pair it with RestrictToOrganization.
func RestrictToCompanies(ctx context.Context, f Filterable, column string) error {
	v, err := viewerOf(ctx)
	if v == nil || v.AllCompanies() {
		return err
	}
	if len(v.CompanyIDs) == 0 {
		f.WhereP(func(s *sql.Selector) { s.Where(sql.False()) })
		return nil
	}
	f.WhereP(sql.FieldIn(column, v.CompanyIDs...))
	return nil
}

// StampOrganization sets a new row's organization to the viewer's and refuses any other, so a
// tenant is never taken from client input. In the system context the caller must have set it.
func StampOrganization(ctx context.Context, m ent.Mutation) error {
	v, err := viewerOf(ctx)
	if err != nil {
		return err
	}
	value, set := m.Field(OrganizationColumn)
	if v == nil {
		if !set {
			return fmt.Errorf("tenancy: system write to %s without an organization", m.Type())
		}
		return nil
	}
	if !set {
		return m.SetField(OrganizationColumn, v.OrganizationID)
	}
	if id, _ := value.(pulid.ID); id != v.OrganizationID {
		return apperr.NotFound("organization", "組織")
	}
	return nil
}

// CheckCompanyAccess refuses a new row for a company the viewer does not reach. That the
// company exists in the row's organization is checked by the caller against the database.
func CheckCompanyAccess(ctx context.Context, companyID pulid.ID) error {
	v, err := viewerOf(ctx)
	if v == nil {
		return err
	}
	if !v.CanSeeCompany(companyID) {
		return apperr.NotFound("company", "会社")
	}
	return nil
}
