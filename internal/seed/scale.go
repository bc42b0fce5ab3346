package seed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"secretariat/ent"
	"secretariat/ent/department"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/organization"
	"secretariat/ent/risk"
	"secretariat/ent/site"
	"secretariat/ent/task"
	"secretariat/internal/auth/password"
	"secretariat/internal/date"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
	"secretariat/internal/secret"
	"secretariat/internal/viewer"
)

// The scale dataset (seed --scale) is for measuring: a consultancy with many client companies
// and a large ISMS record, among many small organizations so that the tenant count is realistic.
//
// Every tenant's row is written through the ent client as that organization's OWNER (a viewer
// context, not the system context), so the tenancy hooks stamp and check it, the privacy
// policies allow it, the audit trail records it and, on PostgreSQL, row-level security admits
// it. Only what sign-up and accepting an invitation do in the system context is done there:
// creating an organization, its owner (users are global) and the owner's membership, and the
// consultants' accounts and memberships. The consultants' access to their companies is granted
// by the owner. Rows go in with CreateBulk, in batches under both databases' limits on the
// parameters of one statement.
//
// The contents are deterministic: the same options give the same names, titles, counts and
// distribution (a math/rand/v2 PCG with fixed seeds, one stream per company and per
// organization); IDs and timestamps differ, and dates are offsets from the day of the seed.
//
// Transactions: each small organization is written in one transaction, so an interrupted seed
// leaves only whole ones. The consultancy commits its organization, owner and consultants first,
// then one transaction per client company (the company with its sites, departments, risks, tasks
// and documents): an interrupted seed leaves the consultancy with whole companies only.

// ScaleOptions size the scale dataset. DefaultScaleOptions gives the sizes benchmarks expect.
type ScaleOptions struct {
	// Companies is the number of the consultancy's client companies (at least 1).
	Companies int
	// Sites is the number of sites spread over the companies (at least one each), each with two
	// or three departments.
	Sites int
	// Risks, Tasks and Documents are the consultancy's records, spread over its companies. Each
	// document has one to three versions, and an approved current one.
	Risks, Tasks, Documents int
	// Orgs is the number of small organizations around the consultancy, each with an owner, one
	// company, two sites and a few risks, tasks and documents.
	Orgs int
	// Progress receives a line every so often; nil for none.
	Progress io.Writer
}

// DefaultScaleOptions are the sizes of seed --scale without flags.
func DefaultScaleOptions() ScaleOptions {
	return ScaleOptions{Companies: 200, Sites: 2000, Risks: 100_000, Tasks: 50_000, Documents: 10_000, Orgs: 1000}
}

// Validate reports every size that cannot be seeded, at once.
func (o ScaleOptions) Validate() error {
	var errs []error
	if o.Companies < 1 {
		errs = append(errs, fmt.Errorf("companies must be at least 1, not %d", o.Companies))
	}
	if o.Sites < o.Companies {
		errs = append(errs, fmt.Errorf("sites must be at least the number of companies (%d: each company has a site), not %d", o.Companies, o.Sites))
	}
	for _, n := range []struct {
		name string
		v    int
	}{{"risks", o.Risks}, {"tasks", o.Tasks}, {"documents", o.Documents}, {"orgs", o.Orgs}} {
		if n.v < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative, not %d", n.name, n.v))
		}
	}
	return errors.Join(errs...)
}

// ScaleCounts are the rows of one part of the dataset.
type ScaleCounts struct {
	Organizations, Users, Companies, Sites, Departments int
	Risks, Tasks, Documents, Versions                   int
}

func (c *ScaleCounts) add(o ScaleCounts) {
	c.Organizations += o.Organizations
	c.Users += o.Users
	c.Companies += o.Companies
	c.Sites += o.Sites
	c.Departments += o.Departments
	c.Risks += o.Risks
	c.Tasks += o.Tasks
	c.Documents += o.Documents
	c.Versions += o.Versions
}

// String lists the counts: "1 organization, 21 users, 200 companies, …".
func (c ScaleCounts) String() string {
	return strings.Join([]string{
		count(c.Organizations, "organization", "organizations"), count(c.Users, "user", "users"),
		count(c.Companies, "company", "companies"), count(c.Sites, "site", "sites"),
		count(c.Departments, "department", "departments"), count(c.Risks, "risk", "risks"),
		count(c.Tasks, "task", "tasks"), count(c.Documents, "document", "documents") + " with " + count(c.Versions, "version", "versions"),
	}, ", ")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// ScaleOrg names one of the small organizations and its owner.
type ScaleOrg struct {
	OrganizationID, OwnerID pulid.ID
}

// ScaleResult names what Scale created.
type ScaleResult struct {
	// Organization is the consultancy; Owner signs in with OwnerPassword (shown once, stored
	// hashed only).
	Organization  *ent.Organization
	Owner         *ent.User
	OwnerPassword string
	// Consultants are the consultancy's CONSULTANT members, each granted some of its companies.
	Consultants []pulid.ID
	// Consultancy counts the consultancy's rows; Others those of the small organizations.
	Consultancy, Others ScaleCounts
	// Orgs are the small organizations, in the order they were made.
	Orgs    []ScaleOrg
	Elapsed time.Duration
}

// scaleDomain is the mail domain of the scale dataset's users; each address names its
// organization's ID, so the dataset can be seeded again on the same database.
const scaleDomain = "scale.secretariat.example"

// scaleSeed is the fixed seed of every random stream of the dataset.
const scaleSeed = 0x5ec1e7a1

// Sizes of each small organization.
const (
	otherSites     = 2
	otherRisks     = 5
	otherTasks     = 5
	otherDocuments = 3
)

// consultantsPer is how many client companies one consultant of the consultancy looks after.
const consultantsPer = 10

// maxParams bounds the parameters of one INSERT: SQLite's default limit is 32,766 and
// PostgreSQL's 65,535. maxBatch bounds a batch even for narrow rows: ent runs each row's hooks
// nested in the previous row's, so a batch is also a call depth.
const (
	maxParams = 30_000
	maxBatch  = 500
)

// batchSize is the number of rows of a table with the given columns one INSERT may carry.
func batchSize(columns []string) int {
	return max(1, min(maxBatch, maxParams/len(columns)))
}

// Scale creates the scale dataset. It refuses options that Validate refuses.
func Scale(ctx context.Context, client *ent.Client, log *slog.Logger, opts ScaleOptions) (*ScaleResult, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	start := time.Now()
	p := newProgress(opts.Progress, start)
	sys := viewer.System(ctx, log, "seed scale data: organizations, their owners and users")
	pw, err := secret.New()
	if err != nil {
		return nil, fmt.Errorf("seed owner password: %w", err)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, fmt.Errorf("seed owner password: %w", err)
	}
	res := &ScaleResult{OwnerPassword: pw}
	g := newScalePlan(opts)

	// The consultancy, its owner and its consultants commit first.
	membershipOf := map[pulid.ID]pulid.ID{}
	err = inTx(ctx, client, func(tx *ent.Client) error {
		org, owner, err := signUp(sys, tx, "スケール・コンサルティング株式会社", organization.KindCONSULTANCY, "スケール 管理者", hash)
		if err != nil {
			return err
		}
		res.Organization, res.Owner = org, owner
		for k := range g.consultants {
			u, err := tx.User.Create().
				SetEmail(fmt.Sprintf("consultant%03d-%s@%s", k+1, lower(org.ID), scaleDomain)).
				SetName(fmt.Sprintf("コンサルタント %03d", k+1)).
				SetLocale(locale.Japanese).
				Save(sys)
			if err != nil {
				return fmt.Errorf("seed consultant: %w", err)
			}
			// As accepting an invitation does: the user is nobody's colleague until then.
			m, err := tx.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(viewer.RoleConsultant).Save(sys)
			if err != nil {
				return fmt.Errorf("seed consultant: %w", err)
			}
			res.Consultants = append(res.Consultants, u.ID)
			membershipOf[u.ID] = m.ID
		}
		res.Consultancy.Organizations, res.Consultancy.Users = 1, 1+g.consultants
		return nil
	})
	if err != nil {
		return nil, err
	}

	// One transaction per client company.
	as := asOwner(ctx, res.Organization.ID, res.Owner.ID)
	for i := range opts.Companies {
		consultant := res.Consultants[i%len(res.Consultants)]
		w := &writer{
			ctx: as, rng: rand.New(rand.NewPCG(scaleSeed, uint64(i+1))), today: g.today,
			people: []pulid.ID{res.Owner.ID, consultant}, approver: res.Owner.ID,
		}
		var counts ScaleCounts
		err := inTx(ctx, client, func(tx *ent.Client) error {
			w.tx, w.counts = tx, &counts
			co, err := w.company(clientName(i), fmt.Sprintf("Client %04d Co., Ltd.", i+1), i)
			if err != nil {
				return err
			}
			if err := tx.CompanyAccess.Create().SetMembershipID(membershipOf[consultant]).SetCompanyID(co).Exec(as); err != nil {
				return fmt.Errorf("seed company access: %w", err)
			}
			return w.records(co, g.sites[i], g.risks[i], g.tasks[i], g.documents[i])
		})
		if err != nil {
			return nil, fmt.Errorf("seed client company %d: %w", i+1, err)
		}
		res.Consultancy.add(counts)
		p.consultancy(i+1, opts, res.Consultancy)
	}

	// The small organizations, one transaction each.
	for i := range opts.Orgs {
		var counts ScaleCounts
		var ref ScaleOrg
		err := inTx(ctx, client, func(tx *ent.Client) error {
			name, kind := otherName(i)
			org, owner, err := signUp(sys, tx, name, kind, fmt.Sprintf("管理者 %04d", i+1), "")
			if err != nil {
				return err
			}
			ref = ScaleOrg{OrganizationID: org.ID, OwnerID: owner.ID}
			counts.Organizations, counts.Users = 1, 1
			w := &writer{
				tx: tx, ctx: asOwner(ctx, org.ID, owner.ID), rng: rand.New(rand.NewPCG(scaleSeed+1, uint64(i+1))), today: g.today,
				people: []pulid.ID{owner.ID}, approver: owner.ID, counts: &counts,
			}
			coName := name
			if kind == organization.KindCONSULTANCY {
				coName = clientName(opts.Companies + i)
			}
			co, err := w.company(coName, fmt.Sprintf("Organization %04d", i+1), i)
			if err != nil {
				return err
			}
			return w.records(co, otherSites, otherRisks, otherTasks, otherDocuments)
		})
		if err != nil {
			return nil, fmt.Errorf("seed organization %d: %w", i+1, err)
		}
		res.Orgs = append(res.Orgs, ref)
		res.Others.add(counts)
		p.others(i+1, opts.Orgs)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// scalePlan is the distribution of the consultancy's records over its companies.
type scalePlan struct {
	today                          date.Date
	consultants                    int
	sites, risks, tasks, documents []int
}

func newScalePlan(o ScaleOptions) *scalePlan {
	rng := rand.New(rand.NewPCG(scaleSeed, 0))
	g := &scalePlan{today: date.Today(time.Now()), consultants: (o.Companies + consultantsPer - 1) / consultantsPer}
	spread := func(total, floor int) []int {
		per := make([]int, o.Companies)
		for i := range per {
			per[i] = floor
		}
		// A client's size is uneven: a third of the companies draw twice as often.
		for range total - floor*o.Companies {
			c := rng.IntN(o.Companies + o.Companies/3)
			if c >= o.Companies {
				c = rng.IntN(max(1, o.Companies/3))
			}
			per[c]++
		}
		return per
	}
	g.sites = spread(o.Sites, 1)
	g.risks = spread(o.Risks, 0)
	g.tasks = spread(o.Tasks, 0)
	g.documents = spread(o.Documents, 0)
	return g
}

// signUp creates an organization with its owner and the owner's membership, as sign-up does, in
// the system context sys. An empty hash makes an owner without a password.
func signUp(sys context.Context, tx *ent.Client, name string, kind organization.Kind, ownerName, hash string) (*ent.Organization, *ent.User, error) {
	org, err := tx.Organization.Create().SetName(name).SetKind(kind).SetDefaultLocale(locale.Japanese).Save(sys)
	if err != nil {
		return nil, nil, fmt.Errorf("seed organization: %w", err)
	}
	create := tx.User.Create().
		SetEmail("owner-" + lower(org.ID) + "@" + scaleDomain).
		SetName(ownerName).
		SetLocale(locale.Japanese)
	if hash != "" {
		create.SetPasswordHash(hash)
	}
	owner, err := create.Save(sys)
	if err != nil {
		return nil, nil, fmt.Errorf("seed owner: %w", err)
	}
	if err := tx.Membership.Create().SetOrganizationID(org.ID).SetUserID(owner.ID).SetRole(viewer.RoleOwner).Exec(sys); err != nil {
		return nil, nil, fmt.Errorf("seed membership: %w", err)
	}
	return org, owner, nil
}

// asOwner is the context of the organization's owner: the tenant every record is written as.
func asOwner(ctx context.Context, org, owner pulid.ID) context.Context {
	return viewer.NewContext(ctx, &viewer.Viewer{UserID: owner, OrganizationID: org, Role: viewer.RoleOwner, Locale: locale.Japanese})
}

// inTx runs fn in a transaction of client.
func inTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Client) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("seed: begin: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		return rollback(tx, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("seed: commit: %w", err)
	}
	return nil
}

// writer writes one company's records as its organization's owner, in one transaction.
type writer struct {
	tx       *ent.Client
	ctx      context.Context
	rng      *rand.Rand
	today    date.Date
	people   []pulid.ID // who owns risks and documents and is assigned tasks
	approver pulid.ID   // who approves documents and accepts risks
	counts   *ScaleCounts
}

func (w *writer) pick(list []string) string { return list[w.rng.IntN(len(list))] }

func (w *writer) person() pulid.ID { return w.people[w.rng.IntN(len(w.people))] }

// chance is true with probability p.
func (w *writer) chance(p float64) bool { return w.rng.Float64() < p }

func (w *writer) company(name, alt string, i int) (pulid.ID, error) {
	co, err := w.tx.Company.Create().
		SetName(name).
		SetAlternateName(alt).
		SetIndustry(w.pick(industries)).
		SetScopeStatement(name + "の本社における情報システムの開発・運用及び保守").
		SetCertificationBody(w.pick(certificationBodies)).
		SetCertificateNumber(fmt.Sprintf("IS-%06d", 100000+i)).
		SetCertificateExpiresOn(w.today.AddDays(30 + w.rng.IntN(1000))).
		SetNextAuditOn(w.today.AddDays(14 + w.rng.IntN(350))).
		Save(w.ctx)
	if err != nil {
		return "", fmt.Errorf("seed company %q: %w", name, err)
	}
	w.counts.Companies++
	return co.ID, nil
}

// records writes a company's sites with their departments, risks, tasks and documents.
func (w *writer) records(co pulid.ID, sites, risks, tasks, documents int) error {
	if err := w.sites(co, sites); err != nil {
		return err
	}
	if err := w.risks(co, risks); err != nil {
		return err
	}
	if err := w.tasks(co, tasks); err != nil {
		return err
	}
	return w.documents(co, documents)
}

// saveAll saves builders in batches of size with save, stopping at the first error.
func saveAll[B any](builders []B, size int, save func([]B) error) error {
	for start := 0; start < len(builders); start += size {
		if err := save(builders[start:min(start+size, len(builders))]); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) sites(co pulid.ID, n int) error {
	builders := make([]*ent.SiteCreate, n)
	for j := range builders {
		name := "本社"
		if j > 0 {
			name = siteNames[(j-1)%len(siteNames)]
			if j > len(siteNames) {
				name += strconv.Itoa((j-1)/len(siteNames) + 1)
			}
		}
		builders[j] = w.tx.Site.Create().SetCompanyID(co).SetName(name).SetHeadcount(5 + w.rng.IntN(300))
	}
	var created []*ent.Site
	err := saveAll(builders, batchSize(site.Columns), func(b []*ent.SiteCreate) error {
		s, err := w.tx.Site.CreateBulk(b...).Save(w.ctx)
		created = append(created, s...)
		return err
	})
	if err != nil {
		return fmt.Errorf("seed sites: %w", err)
	}
	w.counts.Sites += len(created)
	var depts []*ent.DepartmentCreate
	for _, s := range created {
		names := w.rng.Perm(len(departmentNames))[:2+w.rng.IntN(2)]
		for _, k := range names {
			depts = append(depts, w.tx.Department.Create().SetCompanyID(co).SetSiteID(s.ID).SetName(departmentNames[k]))
		}
	}
	err = saveAll(depts, batchSize(department.Columns), func(b []*ent.DepartmentCreate) error {
		return w.tx.Department.CreateBulk(b...).Exec(w.ctx)
	})
	if err != nil {
		return fmt.Errorf("seed departments: %w", err)
	}
	w.counts.Departments += len(depts)
	return nil
}

func (w *writer) risks(co pulid.ID, n int) error {
	method := riskscale.Default()
	builders := make([]*ent.RiskCreate, n)
	for j := range builders {
		likelihood, impact := 1+w.rng.IntN(3), 1+w.rng.IntN(3)
		score, level, err := method.Score(likelihood, impact)
		if err != nil {
			return fmt.Errorf("seed risk: %w", err)
		}
		threat := threats[w.rng.IntN(len(threats))]
		b := w.tx.Risk.Create().
			SetCompanyID(co).
			SetCode(fmt.Sprintf("R-%03d", j+1)).
			SetTitle(w.pick(assetNames) + "の" + threat.title).
			SetThreat(threat.threat).
			SetVulnerability(w.pick(vulnerabilities)).
			SetLikelihood(likelihood).
			SetImpact(impact).
			SetScore(score).
			SetLevel(level.Level).
			SetOwnerID(w.person()).
			SetNextReviewOn(w.today.AddDays(w.rng.IntN(365)))
		switch r := w.rng.Float64(); {
		case r < 0.2:
			b.SetStatus(risk.StatusIDENTIFIED)
		case r < 0.55:
			b.SetStatus(risk.StatusASSESSED)
		case r < 0.9:
			tl, ti := 1+w.rng.IntN(likelihood), 1+w.rng.IntN(impact)
			residual, rl, err := method.Score(tl, ti)
			if err != nil {
				return fmt.Errorf("seed risk: %w", err)
			}
			b.SetStatus(risk.StatusTREATING).
				SetTreatment(risk.TreatmentMITIGATE).
				SetTreatmentPlan(w.pick(treatmentPlans)).
				SetTargetLikelihood(tl).SetTargetImpact(ti).
				SetResidualScore(residual).SetResidualLevel(rl.Level)
		default:
			on := w.today.AddDays(-w.rng.IntN(300))
			b.SetStatus(risk.StatusACCEPTED).
				SetTreatment(risk.TreatmentACCEPT).
				SetAcceptedByID(w.approver).
				SetAcceptedOn(on).
				SetAcceptanceExpiresOn(on.AddDays(365))
		}
		builders[j] = b
	}
	err := saveAll(builders, batchSize(risk.Columns), func(b []*ent.RiskCreate) error {
		return w.tx.Risk.CreateBulk(b...).Exec(w.ctx)
	})
	if err != nil {
		return fmt.Errorf("seed risks: %w", err)
	}
	w.counts.Risks += n
	return nil
}

func (w *writer) tasks(co pulid.ID, n int) error {
	now := w.today.Time()
	builders := make([]*ent.TaskCreate, n)
	for j := range builders {
		b := w.tx.Task.Create().
			SetCompanyID(co).
			SetTitle(w.pick(departmentNames) + "の" + w.pick(taskTitles)).
			SetDueDate(w.today.AddDays(w.rng.IntN(180) - 60)).
			SetPriority([]task.Priority{task.PriorityLOW, task.PriorityNORMAL, task.PriorityNORMAL, task.PriorityNORMAL, task.PriorityHIGH, task.PriorityURGENT}[w.rng.IntN(6)])
		if w.chance(0.9) {
			b.SetAssigneeID(w.person())
		}
		if w.chance(0.3) {
			b.SetDescription(w.pick(taskDescriptions))
		}
		if w.chance(0.1) {
			b.SetRecurrence([]task.Recurrence{task.RecurrenceMONTHLY, task.RecurrenceQUARTERLY, task.RecurrenceHALF_YEARLY, task.RecurrenceYEARLY}[w.rng.IntN(4)])
		}
		switch r := w.rng.Float64(); {
		case r < 0.4:
			b.SetStatus(task.StatusTODO)
		case r < 0.6:
			b.SetStatus(task.StatusIN_PROGRESS)
		case r < 0.65:
			b.SetStatus(task.StatusBLOCKED)
		case r < 0.95:
			b.SetStatus(task.StatusDONE).SetCompletedAt(now.AddDate(0, 0, -w.rng.IntN(120))).SetCompletionNote("対応しました")
		default:
			b.SetStatus(task.StatusCANCELED).SetCompletionNote("不要になったため中止")
		}
		builders[j] = b
	}
	err := saveAll(builders, batchSize(task.Columns), func(b []*ent.TaskCreate) error {
		return w.tx.Task.CreateBulk(b...).Exec(w.ctx)
	})
	if err != nil {
		return fmt.Errorf("seed tasks: %w", err)
	}
	w.counts.Tasks += n
	return nil
}

// documents writes n documents with one to three versions each: the earlier ones superseded, the
// latest approved and current, or (for a fifth of those with several) the latest still open, in
// draft or in review, and the one before it current.
func (w *writer) documents(co pulid.ID, n int) error {
	type plan struct {
		versions int
		open     documentversion.Status // "" when the latest version is approved
		interval int
	}
	plans := make([]plan, n)
	numbers := map[document.Kind]int{}
	builders := make([]*ent.DocumentCreate, n)
	for j := range builders {
		kind := documentKinds[w.rng.IntN(len(documentKinds))]
		numbers[kind.kind]++
		p := plan{versions: 1 + w.rng.IntN(3), interval: []int{6, 12, 12, 24}[w.rng.IntN(4)]}
		if p.versions > 1 && w.chance(0.2) {
			p.open = []documentversion.Status{documentversion.StatusDRAFT, documentversion.StatusIN_REVIEW}[w.rng.IntN(2)]
		}
		plans[j] = p
		builders[j] = w.tx.Document.Create().
			SetCompanyID(co).
			SetCode(fmt.Sprintf("%s%03d", kind.series, numbers[kind.kind])).
			SetTitle(w.pick(kind.titles)).
			SetKind(kind.kind).
			SetFolder(kind.folder).
			SetClassification([]document.Classification{document.ClassificationPUBLIC, document.ClassificationINTERNAL, document.ClassificationINTERNAL, document.ClassificationCONFIDENTIAL}[w.rng.IntN(4)]).
			SetOwnerID(w.person()).
			SetReviewIntervalMonths(p.interval).
			SetRequiresAcknowledgement(w.chance(0.3))
	}
	var docs []*ent.Document
	err := saveAll(builders, batchSize(document.Columns), func(b []*ent.DocumentCreate) error {
		d, err := w.tx.Document.CreateBulk(b...).Save(w.ctx)
		docs = append(docs, d...)
		return err
	})
	if err != nil {
		return fmt.Errorf("seed documents: %w", err)
	}

	type current struct {
		doc      pulid.ID
		version  int // index in versions
		decided  time.Time
		interval int
	}
	var versions []*ent.DocumentVersionCreate
	var currents []current
	now := w.today.Time()
	for j, d := range docs {
		p := plans[j]
		author, age := w.person(), 30*p.versions+w.rng.IntN(300)
		approved := p.versions
		if p.open != "" {
			approved--
		}
		minor := 0
		for v := 1; v <= p.versions; v++ {
			status := documentversion.StatusSUPERSEDED
			switch {
			case v == approved:
				status = documentversion.StatusAPPROVED
			case v > approved:
				status = p.open
			}
			submitted := now.AddDate(0, 0, -age+30*(v-1))
			b := w.tx.DocumentVersion.Create().
				SetCompanyID(co).
				SetDocumentID(d.ID).
				SetMajor(1).SetMinor(minor).
				SetBody("# " + d.Title + "\n\n1. 目的\n2. 適用範囲\n3. 責任と権限\n4. 手順\n").
				SetChangeSummary(map[bool]string{true: "初版", false: "定期見直しによる改訂"}[v == 1]).
				SetAuthorID(author).
				SetStatus(status)
			if status != documentversion.StatusDRAFT {
				b.SetSubmittedAt(submitted)
			}
			if status == documentversion.StatusAPPROVED || status == documentversion.StatusSUPERSEDED {
				b.SetDecidedByID(w.approver).SetDecidedAt(submitted.Add(24 * time.Hour))
			}
			if status == documentversion.StatusAPPROVED {
				currents = append(currents, current{doc: d.ID, version: len(versions), decided: submitted.Add(24 * time.Hour), interval: p.interval})
			}
			versions = append(versions, b)
			minor++
		}
	}
	var created []*ent.DocumentVersion
	err = saveAll(versions, batchSize(documentversion.Columns), func(b []*ent.DocumentVersionCreate) error {
		v, err := w.tx.DocumentVersion.CreateBulk(b...).Save(w.ctx)
		created = append(created, v...)
		return err
	})
	if err != nil {
		return fmt.Errorf("seed document versions: %w", err)
	}
	// The current version is set once it exists, as approving sets it.
	for _, c := range currents {
		if err := w.tx.Document.UpdateOneID(c.doc).
			SetCurrentVersionID(created[c.version].ID).
			SetNextReviewOn(date.Of(c.decided).AddDays(30 * c.interval)).
			Exec(w.ctx); err != nil {
			return fmt.Errorf("seed current version: %w", err)
		}
	}
	w.counts.Documents += len(docs)
	w.counts.Versions += len(created)
	return nil
}

// progress writes a line about every twentieth of the consultancy's companies and every tenth of
// the other organizations.
type progress struct {
	w     io.Writer
	start time.Time
}

func newProgress(w io.Writer, start time.Time) progress { return progress{w: w, start: start} }

func (p progress) consultancy(done int, o ScaleOptions, c ScaleCounts) {
	if p.w == nil || (done%max(1, o.Companies/20) != 0 && done != o.Companies) {
		return
	}
	fmt.Fprintf(p.w, "consultancy: companies %s/%s, sites %s/%s, risks %s/%s, tasks %s/%s, documents %s/%s (%s)\n",
		thousands(done), thousands(o.Companies), thousands(c.Sites), thousands(o.Sites), thousands(c.Risks), thousands(o.Risks),
		thousands(c.Tasks), thousands(o.Tasks), thousands(c.Documents), thousands(o.Documents), p.elapsed())
}

func (p progress) others(done, total int) {
	if p.w == nil || (done%max(1, total/10) != 0 && done != total) {
		return
	}
	fmt.Fprintf(p.w, "other organizations: %s/%s (%s)\n", thousands(done), thousands(total), p.elapsed())
}

func (p progress) elapsed() time.Duration { return time.Since(p.start).Round(100 * time.Millisecond) }

// thousands writes n with thousands separators: 100,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// clientName is the name of the consultancy's i-th client (from 0): deterministic and varied.
func clientName(i int) string {
	return namePrefixes[i%len(namePrefixes)] + trades[(i/len(namePrefixes))%len(trades)] + "株式会社"
}

// otherName is the name and kind of the i-th small organization: mostly firms running their own
// ISMS, every fifth a small consultancy.
func otherName(i int) (string, organization.Kind) {
	if i%5 == 4 {
		return fmt.Sprintf("%sISMSコンサルティング%04d", namePrefixes[i%len(namePrefixes)], i+1), organization.KindCONSULTANCY
	}
	return fmt.Sprintf("%s%s%04d株式会社", namePrefixes[(i*7)%len(namePrefixes)], trades[i%len(trades)], i+1), organization.KindENTERPRISE
}

var (
	namePrefixes = []string{"さくら", "みなと", "あおば", "ひかり", "つばさ", "やまと", "あさひ", "みどり", "はるか", "いずみ",
		"北斗", "東邦", "西海", "南星", "中央", "大和", "富士", "瑞穂", "青葉", "白鷺"}
	trades = []string{"精工", "物流", "情報サービス", "電機", "商事", "建設", "食品", "製薬", "システムズ", "ソフトウェア",
		"エンジニアリング", "化学", "印刷", "不動産", "保険サービス"}
	industries          = []string{"精密機械製造", "物流・倉庫", "情報サービス", "電気機器", "卸売", "建設", "食品製造", "医薬品", "ソフトウェア開発", "金融サービス"}
	certificationBodies = []string{"一般財団法人 デモ審査機構", "株式会社 サンプル認証", "一般社団法人 例示マネジメント審査センター"}
	siteNames           = []string{"大阪事業所", "名古屋営業所", "福岡支店", "札幌営業所", "仙台支店", "横浜データセンター", "広島営業所", "京都研究所",
		"神戸工場", "千葉物流センター", "さいたま支店", "静岡工場", "金沢営業所", "新潟支店", "岡山営業所", "熊本工場", "那覇営業所", "高松支店"}
	departmentNames = []string{"総務部", "情報システム部", "営業部", "経理部", "人事部", "製造部", "品質保証部", "開発部", "購買部", "法務部"}
	assetNames      = []string{"顧客データベース", "人事給与システム", "基幹業務システム", "社内ファイルサーバ", "電子メール", "ノートPC", "業務用スマートフォン",
		"クラウドストレージ", "会計システム", "取引先情報", "設計図面", "ソースコード", "紙の契約書", "入退室管理システム", "社内Wi-Fi", "Webサイト"}
	threats = []struct{ title, threat string }{
		{"不正アクセス", "外部からの不正アクセス"}, {"情報漏えい", "内部者による持ち出し"}, {"ランサムウェア感染", "ランサムウェア"},
		{"紛失・盗難", "紛失・盗難"}, {"誤送信", "電子メールの誤送信"}, {"障害による停止", "機器の故障"}, {"改ざん", "改ざん"},
		{"データ消失", "操作ミスによる削除"}, {"なりすまし", "フィッシング"}, {"災害による損壊", "地震・水害"}, {"委託先からの漏えい", "委託先の管理不備"},
	}
	vulnerabilities = []string{"パスワードの使い回し", "パッチ適用の遅れ", "アクセス権の棚卸し不足", "バックアップの世代管理が不十分", "持ち出しルールの不徹底",
		"ログの監視不足", "多要素認証の未導入", "教育の不足", "暗号化の未実施", "委託先評価の未実施"}
	treatmentPlans = []string{"多要素認証の導入", "パッチ管理手順の整備", "四半期ごとのアクセス権棚卸し", "オフラインバックアップの導入と復旧訓練",
		"持ち出し申請の徹底と暗号化", "ログ監視の自動化", "全社員向けの標的型メール訓練", "委託先の年次評価"}
	taskTitles = []string{"アクセス権の棚卸し", "内部監査の指摘事項への回答", "リスクアセスメントの見直し", "教育受講状況の確認", "バックアップ復旧テスト",
		"委託先評価の実施", "規程の定期見直し", "資産台帳の更新", "インシデント報告の取りまとめ", "マネジメントレビュー資料の作成", "入退室記録の確認",
		"ログの定期確認", "脆弱性診断の結果対応", "パスワードポリシーの周知"}
	taskDescriptions = []string{"前回の結果と比較し、差異を報告すること。", "担当部署と日程を調整のうえ実施する。", "結果は事務局に提出すること。",
		"審査前に完了させる。"}
	documentKinds = []struct {
		kind           document.Kind
		series, folder string
		titles         []string
	}{
		{document.KindPOLICY, "ISMS-P-", "方針", []string{"情報セキュリティ基本方針", "個人情報保護方針", "クラウドサービス利用方針"}},
		{document.KindSTANDARD, "ISMS-S-", "規程/情報セキュリティ", []string{"情報セキュリティ管理規程", "アクセス管理規程", "情報資産管理規程", "委託先管理規程", "クラウドサービス利用基準"}},
		{document.KindPROCEDURE, "ISMS-PR-", "手順", []string{"アクセス管理手順", "バックアップ手順", "インシデント対応手順", "入退室管理手順", "媒体廃棄手順", "変更管理手順"}},
		{document.KindMANUAL, "ISMS-M-", "マニュアル", []string{"情報セキュリティマニュアル", "テレワーク利用マニュアル"}},
		{document.KindRECORD_TEMPLATE, "ISMS-F-", "様式", []string{"アクセス権申請書", "持ち出し申請書", "教育記録", "インシデント報告書"}},
		{document.KindRISK_ASSESSMENT, "ISMS-RA-", "リスク", []string{"リスクアセスメント報告書"}},
		{document.KindOTHER, "ISMS-X-", "その他", []string{"ISMS適用範囲説明書", "内部監査計画書"}},
	}
)
