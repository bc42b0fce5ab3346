package seed_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/auditevent"
	"secretariat/ent/companyaccess"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/membership"
	"secretariat/ent/risk"
	"secretariat/internal/auth/password"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/seed"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// small is a scale dataset a test can afford.
func small() seed.ScaleOptions {
	return seed.ScaleOptions{Companies: 3, Sites: 10, Risks: 50, Tasks: 30, Documents: 20, Orgs: 4}
}

func ownerOf(org, owner pulid.ID) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{UserID: owner, OrganizationID: org, Role: viewer.RoleOwner})
}

func TestScale_CreatesExactlyTheSizesAsked(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		opts := small()
		var progress bytes.Buffer
		opts.Progress = &progress
		res, err := seed.Scale(context.Background(), db.Client, slog.New(slog.DiscardHandler), opts)
		require.NoError(t, err)

		c := res.Consultancy
		assert.Equal(t, []int{1, 2, 3, 10, 50, 30, 20}, []int{c.Organizations, c.Users, c.Companies, c.Sites, c.Risks, c.Tasks, c.Documents},
			"the consultancy: itself, its owner and one consultant, and exactly the sizes asked")
		assert.GreaterOrEqual(t, c.Departments, 2*opts.Sites)
		assert.LessOrEqual(t, c.Departments, 3*opts.Sites)
		assert.GreaterOrEqual(t, c.Versions, opts.Documents)
		assert.LessOrEqual(t, c.Versions, 3*opts.Documents)

		// The owner sees exactly that through the tenant filters.
		ctx := ownerOf(res.Organization.ID, res.Owner.ID)
		assert.Equal(t, 3, db.Client.Company.Query().CountX(ctx))
		assert.Equal(t, 10, db.Client.Site.Query().CountX(ctx))
		assert.Equal(t, c.Departments, db.Client.Department.Query().CountX(ctx))
		assert.Equal(t, 50, db.Client.Risk.Query().CountX(ctx))
		assert.Equal(t, 30, db.Client.Task.Query().CountX(ctx))
		assert.Equal(t, 20, db.Client.Document.Query().CountX(ctx))
		assert.Equal(t, c.Versions, db.Client.DocumentVersion.Query().CountX(ctx))
		assert.Zero(t, db.Client.Document.Query().Where(document.CurrentVersionIDIsNil()).CountX(ctx), "every document has a current version")
		assert.Equal(t, 20, db.Client.Document.Query().Where(document.HasCurrentVersionWith(documentversion.StatusEQ(documentversion.StatusAPPROVED))).CountX(ctx),
			"the current version is the approved one")
		assert.Equal(t, 20, db.Client.DocumentVersion.Query().Where(documentversion.StatusEQ(documentversion.StatusAPPROVED)).CountX(ctx), "one approved version each")
		assert.Equal(t, 50, db.Client.AuditEvent.Query().Where(auditevent.EntityType("Risk"), auditevent.ActorID(res.Owner.ID)).CountX(ctx),
			"every risk was written as the owner, through the audit trail")

		// The consultant was granted every company (one consultant per ten).
		require.Len(t, res.Consultants, 1)
		granted := db.Client.CompanyAccess.Query().Where(companyaccess.HasMembershipWith(membership.UserID(res.Consultants[0]))).CountX(ctx)
		assert.Equal(t, 3, granted)

		// The owner signs in with the password shown.
		stored := db.Client.User.GetX(viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test"), res.Owner.ID).PasswordHash
		ok, _, err := password.Verify(stored, res.OwnerPassword)
		require.NoError(t, err)
		assert.True(t, ok)
		assert.True(t, strings.HasSuffix(res.Owner.Email, "@scale.secretariat.example"), res.Owner.Email)

		// The small organizations.
		require.Len(t, res.Orgs, 4)
		o := res.Others
		assert.Equal(t, []int{4, 4, 4, 8, 20, 20, 12}, []int{o.Organizations, o.Users, o.Companies, o.Sites, o.Risks, o.Tasks, o.Documents})
		for _, org := range res.Orgs {
			ctx := ownerOf(org.OrganizationID, org.OwnerID)
			assert.Equal(t, []int{1, 2, 5, 5, 3}, []int{
				db.Client.Company.Query().CountX(ctx), db.Client.Site.Query().CountX(ctx), db.Client.Risk.Query().CountX(ctx),
				db.Client.Task.Query().CountX(ctx), db.Client.Document.Query().CountX(ctx),
			})
		}

		// Every row of the database is one of those, and belongs to a company of its own
		// organization.
		raw := testdb.Raw(t, db)
		for table, want := range map[string]int{
			"sites": c.Sites + o.Sites, "departments": c.Departments + o.Departments, "risks": c.Risks + o.Risks,
			"tasks": c.Tasks + o.Tasks, "documents": c.Documents + o.Documents, "document_versions": c.Versions + o.Versions,
		} {
			var all, own int
			require.NoError(t, raw.QueryRow("SELECT count(*) FROM "+table).Scan(&all))
			require.NoError(t, raw.QueryRow("SELECT count(*) FROM "+table+" r JOIN companies c ON c.id = r.company_id AND c.organization_id = r.organization_id").Scan(&own))
			assert.Equal(t, want, all, table)
			assert.Equal(t, all, own, "every row of %s is of a company of its organization", table)
		}

		out := progress.String()
		assert.Contains(t, out, "consultancy: companies 3/3, sites 10/10, risks 50/50, tasks 30/30, documents 20/20")
		assert.Contains(t, out, "other organizations: 4/4")
	})
}

// contents lists what a viewer sees, in order: the names, titles and states of the records,
// not their IDs.
func contents(t *testing.T, client *ent.Client, ctx context.Context) []string {
	t.Helper()
	var out []string
	for _, c := range client.Company.Query().AllX(ctx) {
		out = append(out, "company "+c.Name+" "+*c.AlternateName+" "+*c.Industry)
	}
	for _, s := range client.Site.Query().AllX(ctx) {
		out = append(out, fmt.Sprintf("site %s %d", s.Name, *s.Headcount))
	}
	for _, d := range client.Department.Query().AllX(ctx) {
		out = append(out, "department "+d.Name)
	}
	for _, r := range client.Risk.Query().AllX(ctx) {
		out = append(out, fmt.Sprintf("risk %s %s %d×%d %s %s", r.Code, r.Title, r.Likelihood, r.Impact, r.Level, r.Status))
	}
	for _, tk := range client.Task.Query().AllX(ctx) {
		out = append(out, fmt.Sprintf("task %s %s %s", tk.Title, tk.Status, tk.Priority))
	}
	for _, d := range client.Document.Query().WithCurrentVersion().AllX(ctx) {
		out = append(out, fmt.Sprintf("document %s %s %s current %d.%d", d.Code, d.Title, d.Kind, d.Edges.CurrentVersion.Major, d.Edges.CurrentVersion.Minor))
	}
	for _, v := range client.DocumentVersion.Query().AllX(ctx) {
		out = append(out, fmt.Sprintf("version %d.%d %s", v.Major, v.Minor, v.Status))
	}
	slices.Sort(out)
	return out
}

// The same options give the same dataset, and it can be seeded again on the same database.
func TestScale_IsDeterministicAndSeedsAgain(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		quiet := slog.New(slog.DiscardHandler)
		first, err := seed.Scale(context.Background(), db.Client, quiet, small())
		require.NoError(t, err)
		second, err := seed.Scale(context.Background(), db.Client, quiet, small())
		require.NoError(t, err, "a second seed on the same database")

		assert.NotEqual(t, first.Owner.Email, second.Owner.Email)
		assert.Equal(t, first.Consultancy, second.Consultancy)
		assert.Equal(t, first.Others, second.Others)
		a := contents(t, db.Client, ownerOf(first.Organization.ID, first.Owner.ID))
		b := contents(t, db.Client, ownerOf(second.Organization.ID, second.Owner.ID))
		assert.Len(t, a, 3+10+first.Consultancy.Departments+50+30+20+first.Consultancy.Versions)
		assert.Equal(t, a, b, "the consultancy")
		for i := range first.Orgs {
			a := contents(t, db.Client, ownerOf(first.Orgs[i].OrganizationID, first.Orgs[i].OwnerID))
			b := contents(t, db.Client, ownerOf(second.Orgs[i].OrganizationID, second.Orgs[i].OwnerID))
			assert.NotEmpty(t, a)
			assert.Equal(t, a, b, "organization %d", i+1)
		}
		sys := viewer.System(context.Background(), quiet, "test")
		assert.Equal(t, 2*(1+4), db.Client.Organization.Query().CountX(sys))
	})
}

// Another organization's viewer finds none of the consultancy's records, by list, by company or
// by ID; on PostgreSQL row-level security agrees.
func TestScale_AnotherOrganizationSeesNone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		res, err := seed.Scale(context.Background(), db.Client, slog.New(slog.DiscardHandler), small())
		require.NoError(t, err)
		owner := ownerOf(res.Organization.ID, res.Owner.ID)
		companies := db.Client.Company.Query().IDsX(owner)
		riskIDs := db.Client.Risk.Query().IDsX(owner)
		require.Len(t, riskIDs, 50)

		other := res.Orgs[0]
		for _, ctx := range []context.Context{
			ownerOf(other.OrganizationID, other.OwnerID),
			// A viewer of another organization that names the consultancy's companies.
			viewer.NewContext(context.Background(), &viewer.Viewer{UserID: other.OwnerID, OrganizationID: other.OrganizationID, Role: viewer.RoleConsultant, CompanyIDs: companies}),
		} {
			assert.Zero(t, db.Client.Risk.Query().Where(risk.CompanyIDIn(companies...)).CountX(ctx))
			assert.Zero(t, db.Client.Risk.Query().Where(risk.IDIn(riskIDs...)).CountX(ctx))
			assert.Zero(t, db.Client.Document.Query().Where(document.CompanyIDIn(companies...)).CountX(ctx))
			_, err := db.Client.Risk.Get(ctx, riskIDs[0])
			assert.True(t, ent.IsNotFound(err), "a risk of the consultancy by ID: %v", err)
		}
		assert.Equal(t, 5, db.Client.Risk.Query().CountX(ownerOf(other.OrganizationID, other.OwnerID)), "its own risks only")
	})
}

func TestScale_RefusesSizesItCannotSeed(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*seed.ScaleOptions)
		want string
	}{
		{"no company", func(o *seed.ScaleOptions) { o.Companies = 0 }, "companies must be at least 1, not 0"},
		{"fewer sites than companies", func(o *seed.ScaleOptions) { o.Sites = 2 }, "sites must be at least the number of companies (3"},
		{"negative risks", func(o *seed.ScaleOptions) { o.Risks = -1 }, "risks must not be negative"},
		{"negative tasks", func(o *seed.ScaleOptions) { o.Tasks = -1 }, "tasks must not be negative"},
		{"negative documents", func(o *seed.ScaleOptions) { o.Documents = -1 }, "documents must not be negative"},
		{"negative organizations", func(o *seed.ScaleOptions) { o.Orgs = -1 }, "orgs must not be negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := small()
			tc.edit(&o)
			assert.ErrorContains(t, o.Validate(), tc.want)
		})
	}
	assert.NoError(t, seed.DefaultScaleOptions().Validate())
	o := small()
	o.Risks, o.Tasks = -1, -2
	err := o.Validate()
	assert.ErrorContains(t, err, "risks")
	assert.ErrorContains(t, err, "tasks", "every problem at once")

	db := testdb.Open(t, "sqlite")
	_, err = seed.Scale(context.Background(), db.Client, slog.New(slog.DiscardHandler), o)
	require.Error(t, err)
	sys := viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test")
	assert.Zero(t, db.Client.Organization.Query().CountX(sys), "nothing written")
}
