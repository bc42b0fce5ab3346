package portfolio_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/finding"
	"secretariat/ent/incident"
	"secretariat/ent/organization"
	"secretariat/ent/secretariatassignment"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/portfolio"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// benchClients is the size of the consultancy the benchmark reads the portfolio of.
const benchClients = 200

// consultancy writes an organization with benchClients client companies, each with a working
// ISMS's worth of records (20 tasks, 10 documents, 5 findings, 93 SoA rows, 20 training
// assignments, 3 incidents, 3 secretariat assignments), and returns its owner's context.
func consultancy(b *testing.B, c *ent.Client) context.Context {
	b.Helper()
	sys := viewer.System(context.Background(), slog.New(slog.DiscardHandler), "benchmark fixture")
	org := c.Organization.Create().SetName("ベンチ コンサルティング").SetKind(organization.KindCONSULTANCY).SaveX(sys)
	owner := c.User.Create().SetEmail("bench@example.com").SetName("bench").SaveX(sys)
	c.Membership.Create().SetOrganizationID(org.ID).SetUserID(owner.ID).SetRole(viewer.RoleOwner).SaveX(sys)
	for i := range benchClients {
		co := c.Company.Create().SetOrganizationID(org.ID).SetName(fmt.Sprintf("顧客 %03d", i)).SetCertificateExpiresOn(date.New(2027, 1, 1).AddDays(i)).SaveX(sys)
		tasks := make([]*ent.TaskCreate, 20)
		for j := range tasks {
			tasks[j] = c.Task.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetTitle("作業").SetDueDate(date.New(2026, 11, 1).AddDays(3 * j))
		}
		c.Task.CreateBulk(tasks...).ExecX(sys)
		docs := make([]*ent.DocumentCreate, 10)
		for j := range docs {
			docs[j] = c.Document.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetCode(fmt.Sprintf("ISMS-P-%03d", j)).SetTitle("規程").SetKind("POLICY").
				SetNextReviewOn(date.New(2026, 10, 1).AddMonths(j))
		}
		c.Document.CreateBulk(docs...).ExecX(sys)
		findings := make([]*ent.FindingCreate, 5)
		for j := range findings {
			findings[j] = c.Finding.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetSource(finding.SourceDIRECT).
				SetGrade([]finding.Grade{finding.GradeMAJOR, finding.GradeMINOR, finding.GradeOBSERVATION}[j%3]).SetStatement("不適合")
		}
		c.Finding.CreateBulk(findings...).ExecX(sys)
		controls := make([]*ent.ControlImplementationCreate, 93)
		for j := range controls {
			controls[j] = c.ControlImplementation.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetControlRef(fmt.Sprint("A.", j)).
				SetImplementationStatus(controlimplementation.ImplementationStatusIMPLEMENTED).SetApplicable(j%10 != 0).SetJustification("理由")
		}
		c.ControlImplementation.CreateBulk(controls...).ExecX(sys)
		course := c.TrainingCourse.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetTitle("研修").SetKind(trainingcourse.KindALL_STAFF).SaveX(sys)
		assignments := make([]*ent.TrainingAssignmentCreate, 20)
		for j := range assignments {
			assignments[j] = c.TrainingAssignment.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetCourseID(course.ID).SetUserID(owner.ID).
				SetDueOn(date.New(2026, 11, 1).AddDays(3 * j))
		}
		c.TrainingAssignment.CreateBulk(assignments...).ExecX(sys)
		for j := range 3 {
			c.Incident.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetNumber(j + 1).SetTitle("誤送信").SetCategory(incident.CategoryMISDELIVERY).
				SetDiscoveredAt(now.AddDate(0, -2*j, 0)).SetReporterID(owner.ID).SetRouting(incident.RoutingVIA_SECRETARIAT).ExecX(sys)
		}
		for _, r := range []secretariatassignment.Responsibility{secretariatassignment.ResponsibilityLEADER, secretariatassignment.ResponsibilityDOCUMENT_CONTROL, secretariatassignment.ResponsibilityTRAINING} {
			c.SecretariatAssignment.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetUserID(owner.ID).SetResponsibility(r).ExecX(sys)
		}
	}
	return viewer.NewContext(context.Background(), &viewer.Viewer{UserID: owner.ID, OrganizationID: org.ID, Role: viewer.RoleOwner})
}

// BenchmarkPortfolio reads the first page (100 rows) of the portfolio of 200 clients on each
// database, with the figures read (a new day each time, so that no cached figure applies: what
// every read would cost without the cache) and cached (in process, and in Redis), in the same
// run. Each cached case reports its speed-up over the read case just before it (run them
// together: `make bench-portfolio`) and its hit rate.
func BenchmarkPortfolio(b *testing.B) {
	for _, dialect := range testdb.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := testdb.Open(b, dialect)
			ctx := consultancy(b, db.Client)
			// A page of 100 rows, the most the API gives at once, ranked among the 200.
			page := 100
			// Each read runs in a read-only operation, as a GraphQL query does.
			read := func(s *portfolio.Service) {
				ctx, op, err := db.BeginOperation(ctx, true)
				require.NoError(b, err)
				p, err := s.Portfolio(ctx, portfolio.Input{}, nil, &page)
				require.NoError(b, op.Commit())
				require.NoError(b, err)
				require.Equal(b, benchClients, p.TotalCount)
				require.Len(b, p.Edges, page)
			}
			caches := map[string]kv.Cache{"memory": kv.NewMemory().Cache}
			if store := benchRedis(b); store != nil {
				caches["redis"] = store.Cache
			}
			var uncached time.Duration
			b.Run("read", func(b *testing.B) {
				day := now
				s := portfolio.NewService(db.Client, kv.NewMemory().Cache, slog.New(slog.DiscardHandler), portfolio.WithClock(func() time.Time { return day }))
				start := time.Now()
				for b.Loop() {
					day = day.Add(24 * time.Hour)
					read(s)
				}
				uncached = time.Since(start) / time.Duration(b.N)
			})
			for _, name := range []string{"memory", "redis"} {
				cache, ok := caches[name]
				if !ok {
					continue
				}
				b.Run("cached-"+name, func(b *testing.B) {
					s := portfolio.NewService(db.Client, cache, slog.New(slog.DiscardHandler), portfolio.WithClock(func() time.Time { return now }))
					read(s) // fills the cache
					start := time.Now()
					for b.Loop() {
						read(s)
					}
					cached := time.Since(start) / time.Duration(b.N)
					hits, misses := s.CacheStats()
					b.ReportMetric(float64(uncached)/float64(cached), "x-faster")
					b.ReportMetric(100*float64(hits)/float64(hits+misses), "%hits")
				})
			}
		})
	}
}

// benchRedis is a Redis backend with keys of its own, or nil when Redis is not reachable.
func benchRedis(b *testing.B) *kv.Backend {
	opts, err := kv.ParseRedisURL(testdb.RedisURL())
	require.NoError(b, err)
	store := kv.NewRedis(kv.NewRedisClient(opts), "portfoliobench:"+string(pulid.New("RT"))+":")
	if err := store.Ping(context.Background()); err != nil {
		_ = store.Close()
		b.Logf("Redis is not reachable at %s: the cached case runs in process only", opts.Addrs)
		return nil
	}
	b.Cleanup(func() { _ = store.Close() })
	return store
}
