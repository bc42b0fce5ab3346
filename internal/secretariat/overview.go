package secretariat

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"entgo.io/ent/dialect/sql"

	"secretariat/ent"
	"secretariat/ent/committeemember"
	"secretariat/ent/department"
	"secretariat/ent/departmentrepresentative"
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/language"
	"secretariat/internal/pulid"
)

// Overview answers who runs a company's ISMS and where the gaps are. Each part is loaded when it
// is selected, with entgql field collection, so the people, departments and other edges a client
// selects are loaded with it: a part costs the same few statements however many rows it lists.
type Overview struct {
	db        *ent.Client
	companyID pulid.ID
	language  language.Request

	// coverage is shared by byResponsibility and uncoveredResponsibilities.
	coverage lazy[[]*ent.SecretariatAssignment]
}

// Overview returns the overview of a company the viewer has already reached.
func (s *Service) Overview(company *ent.Company, lang language.Request) *Overview {
	return &Overview{db: s.db, companyID: company.ID, language: lang}
}

// Coverage is who holds one responsibility of the secretariat.
type Coverage struct {
	Responsibility secretariatassignment.Responsibility
	// Label names the responsibility in the viewer's locale.
	Label   string
	Primary *ent.SecretariatAssignment
	Backups []*ent.SecretariatAssignment
}

// Committee lists the committee: the chair, the vice-chairs, then the members, each group in
// the order they were seated.
func (o *Overview) Committee(ctx context.Context) ([]*ent.CommitteeMember, error) {
	q, err := o.db.CommitteeMember.Query().
		Where(committeemember.CompanyID(o.companyID)).
		Order(inOrder(committeemember.FieldRole, committeemember.RoleCHAIR, committeemember.RoleVICE_CHAIR, committeemember.RoleMEMBER),
			committeemember.ByCreatedAt(), committeemember.ByID()).
		CollectFields(ctx)
	if err != nil {
		return nil, fmt.Errorf("committee: %w", err)
	}
	return q.All(ctx)
}

// Chair is the committee's chair, if it has one.
func (o *Overview) Chair(ctx context.Context) (*ent.CommitteeMember, error) {
	q, err := o.db.CommitteeMember.Query().
		Where(committeemember.CompanyID(o.companyID), committeemember.RoleEQ(committeemember.RoleCHAIR)).
		CollectFields(ctx)
	if err != nil {
		return nil, fmt.Errorf("chair: %w", err)
	}
	chair, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return chair, err
}

// Assignments lists the secretariat's assignments by responsibility, the PRIMARY holder first,
// then the backups in the order they were named.
func (o *Overview) Assignments(ctx context.Context) ([]*ent.SecretariatAssignment, error) {
	q, err := o.assignments().CollectFields(ctx)
	if err != nil {
		return nil, fmt.Errorf("assignments: %w", err)
	}
	return q.All(ctx)
}

func (o *Overview) assignments() *ent.SecretariatAssignmentQuery {
	order := make([]secretariatassignment.Responsibility, len(responsibilities))
	for i, r := range responsibilities {
		order[i] = r.responsibility
	}
	return o.db.SecretariatAssignment.Query().
		Where(secretariatassignment.CompanyID(o.companyID)).
		Order(inOrder(secretariatassignment.FieldResponsibility, order...),
			inOrder(secretariatassignment.FieldPosition, secretariatassignment.PositionPRIMARY, secretariatassignment.PositionBACKUP),
			secretariatassignment.ByCreatedAt(), secretariatassignment.ByID())
}

// ByResponsibility lists every responsibility, held or not, with its label and holders.
func (o *Overview) ByResponsibility(ctx context.Context) ([]*Coverage, error) {
	as, err := o.coverage.get(ctx, o.loadCoverage)
	if err != nil {
		return nil, err
	}
	loc, err := language.Resolve(ctx, o.db, o.language)
	if err != nil {
		return nil, fmt.Errorf("locale of labels: %w", err)
	}
	out := make([]*Coverage, len(responsibilities))
	byResponsibility := map[secretariatassignment.Responsibility]*Coverage{}
	for i, r := range responsibilities {
		out[i] = &Coverage{Responsibility: r.responsibility, Label: r.labels[loc], Backups: []*ent.SecretariatAssignment{}}
		byResponsibility[r.responsibility] = out[i]
	}
	for _, a := range as {
		c := byResponsibility[a.Responsibility]
		switch {
		case c == nil:
		case a.Position == secretariatassignment.PositionPRIMARY:
			c.Primary = a
		default:
			c.Backups = append(c.Backups, a)
		}
	}
	return out, nil
}

// UncoveredResponsibilities lists the responsibilities without a PRIMARY holder, backups or not.
func (o *Overview) UncoveredResponsibilities(ctx context.Context) ([]secretariatassignment.Responsibility, error) {
	as, err := o.coverage.get(ctx, o.loadCoverage)
	if err != nil {
		return nil, err
	}
	covered := map[secretariatassignment.Responsibility]bool{}
	for _, a := range as {
		if a.Position == secretariatassignment.PositionPRIMARY {
			covered[a.Responsibility] = true
		}
	}
	out := []secretariatassignment.Responsibility{}
	for _, r := range responsibilities {
		if !covered[r.responsibility] {
			out = append(out, r.responsibility)
		}
	}
	return out, nil
}

// loadCoverage loads every assignment with its holder: the coverage shows who holds what, and
// its selection (on ResponsibilityCoverage) is not one field collection reads.
func (o *Overview) loadCoverage(ctx context.Context) ([]*ent.SecretariatAssignment, error) {
	as, err := o.assignments().WithUser().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	return as, nil
}

// Representatives lists the department representatives by department name, then in the order
// they were named.
func (o *Overview) Representatives(ctx context.Context) ([]*ent.DepartmentRepresentative, error) {
	q, err := o.db.DepartmentRepresentative.Query().
		Where(departmentrepresentative.CompanyID(o.companyID)).
		Order(departmentrepresentative.ByDepartmentField(department.FieldName),
			departmentrepresentative.ByCreatedAt(), departmentrepresentative.ByID()).
		CollectFields(ctx)
	if err != nil {
		return nil, fmt.Errorf("representatives: %w", err)
	}
	return q.All(ctx)
}

// DepartmentsWithoutRepresentative lists the company's departments in use (not archived) that
// nobody represents, by name.
func (o *Overview) DepartmentsWithoutRepresentative(ctx context.Context) ([]*ent.Department, error) {
	represented, err := o.db.DepartmentRepresentative.Query().
		Where(departmentrepresentative.CompanyID(o.companyID)).
		QueryDepartment().
		IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("represented departments: %w", err)
	}
	q, err := o.db.Department.Query().
		Where(department.CompanyID(o.companyID), department.ArchivedAtIsNil(), department.IDNotIn(represented...)).
		Order(department.ByName(), department.ByID()).
		CollectFields(ctx)
	if err != nil {
		return nil, fmt.Errorf("departments without representative: %w", err)
	}
	return q.All(ctx)
}

// inOrder sorts by an enum column in the order of the values given (their rank, not the
// alphabet), in SQL, whatever columns field collection selects. The values are the schema's enum
// constants, never input, so they are written into the statement.
func inOrder[E ~string](column string, values ...E) func(*sql.Selector) {
	return func(s *sql.Selector) {
		var b strings.Builder
		b.WriteString("CASE " + s.C(column))
		for i, v := range values {
			fmt.Fprintf(&b, " WHEN '%s' THEN %d", strings.ReplaceAll(string(v), "'", "''"), i)
		}
		fmt.Fprintf(&b, " ELSE %d END", len(values))
		s.OrderExpr(sql.Expr(b.String()))
	}
}

// lazy loads a value once, for whichever field resolver asks first; gqlgen resolves the fields
// of one object concurrently.
type lazy[T any] struct {
	mu   sync.Mutex
	done bool
	v    T
	err  error
}

func (l *lazy[T]) get(ctx context.Context, load func(context.Context) (T, error)) (T, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.v, l.err = load(ctx)
		l.done = true
	}
	return l.v, l.err
}
