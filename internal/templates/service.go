package templates

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"secretariat/ent"
	"secretariat/ent/checklisttemplate"
	"secretariat/ent/company"
	"secretariat/ent/templateapplication"
	"secretariat/ent/templateset"
	"secretariat/ent/templatesetversion"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/audits"
	"secretariat/internal/companies"
	"secretariat/internal/controls"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/language"
	"secretariat/internal/meetings"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/tasks"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/training"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Modules are the services a set-up writes through, each keeping its own rules.
type Modules struct {
	Companies interface {
		CreateCompany(ctx context.Context, in companies.CreateCompanyInput) (*ent.Company, error)
	}
	Documents interface {
		CreateDocument(ctx context.Context, in documents.CreateDocumentInput) (*ent.Document, error)
		CreateVersion(ctx context.Context, in documents.CreateVersionInput) (*ent.DocumentVersion, error)
	}
	Checklists interface {
		CopyTemplate(ctx context.Context, in audits.CopyChecklistTemplateInput) (*ent.CompanyChecklist, error)
	}
	Controls interface {
		InitializeWith(ctx context.Context, companyID pulid.ID, defaults map[string]controls.Default, lang language.Request) (*controls.Initialized, error)
	}
	Risks interface {
		UpdateMethod(ctx context.Context, in risks.UpdateMethodInput, lang language.Request) (*risks.MethodView, error)
	}
	Tasks interface {
		CreateTask(ctx context.Context, in tasks.CreateTaskInput) (*ent.Task, error)
	}
	Meetings interface {
		CreateMeeting(ctx context.Context, in meetings.CreateMeetingInput) (*ent.Meeting, error)
	}
	Training interface {
		CreateCourse(ctx context.Context, in training.CreateTrainingCourseInput) (*ent.TrainingCourse, error)
	}
}

// Atomic runs a function all or nothing (database.DB.Atomic).
type Atomic interface {
	Atomic(ctx context.Context, fn func(ctx context.Context) error) error
}

// Service keeps the organization's template sets and applies them to client companies.
type Service struct {
	db     *ent.Client
	atomic Atomic
	m      Modules
	log    *slog.Logger
	now    func() time.Time
}

// NewService returns the service over the ent client, writing a set-up's records through the
// modules, all or nothing through atomic.
func NewService(db *ent.Client, atomic Atomic, m Modules, log *slog.Logger) *Service {
	return &Service{db: db, atomic: atomic, m: m, log: log, now: time.Now}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func actor(ctx context.Context) (pulid.ID, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == "" {
		return "", apperr.Forbidden(apperr.RoleRequired, "a person publishes and applies templates", "テンプレートを公開・適用できるのは利用者のみです")
	}
	return v.UserID, nil
}

// CreateTemplateSet adds a template set to the viewer's organization with its version 1.
func (s *Service) CreateTemplateSet(ctx context.Context, in CreateTemplateSetInput) (*ent.TemplateSet, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create template set: %w", err)
	}
	by, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("create template set: %w", err)
	}
	// The role first: whether the checklists exist is no business of a role that may not write.
	if err := authz.Check(ctx, templateset.Policy, s.db.TemplateSet.Create().Mutation()); err != nil {
		return nil, fmt.Errorf("create template set: %w", err)
	}
	if err := s.checklistsFound(ctx, in.Content.ChecklistTemplateIDs); err != nil {
		return nil, fmt.Errorf("create template set: %w", err)
	}
	raw, err := json.Marshal(in.Content)
	if err != nil {
		return nil, fmt.Errorf("create template set: %w", err)
	}
	var set *ent.TemplateSet
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if set, err = tx.TemplateSet.Create().SetName(in.Name).SetNillableDescription(in.Description).SetLatestVersion(1).Save(ctx); err != nil {
			return err
		}
		return tx.TemplateSetVersion.Create().SetTemplateSetID(set.ID).SetNumber(1).SetNillableNote(in.Note).
			SetPublishedByID(by).SetContent(raw).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("create template set: %w", err)
	}
	return set, nil
}

// UpdateTemplateSet renames a set or changes its description.
func (s *Service) UpdateTemplateSet(ctx context.Context, in UpdateTemplateSetInput) (*ent.TemplateSet, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update template set: %w", err)
	}
	set, err := s.db.TemplateSet.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update template set: %w", validate.Reference("id", err))
	}
	if set.ArchivedAt != nil {
		return nil, fmt.Errorf("update template set: %w", errArchived("id"))
	}
	u := set.Update().SetNillableName(in.Name).SetNillableDescription(in.Description)
	if validate.IsNull(in.Null, "description") {
		u.ClearDescription()
	}
	if set, err = u.Save(ctx); err != nil {
		return nil, fmt.Errorf("update template set: %w", err)
	}
	return set, nil
}

// SetArchived archives (archived true) or restores a set. An archived set publishes no version
// and sets up no company; what it set up stays.
func (s *Service) SetArchived(ctx context.Context, in archive.Input, archived bool) (*ent.TemplateSet, error) {
	set, err := archive.Set[*ent.TemplateSetMutation](ctx, templateset.Policy,
		func(ctx context.Context) (*ent.TemplateSet, error) { return s.db.TemplateSet.Get(ctx, in.ID) },
		func(r *ent.TemplateSet) *time.Time { return r.ArchivedAt },
		(*ent.TemplateSet).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive template set: %w", err)
	}
	return set, nil
}

// PublishVersion adds the next version of a set. Versions are never changed: what a company
// received stays as it was.
func (s *Service) PublishVersion(ctx context.Context, in PublishTemplateSetVersionInput) (*ent.TemplateSetVersion, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("publish template set version: %w", err)
	}
	by, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish template set version: %w", err)
	}
	set, err := s.db.TemplateSet.Get(ctx, in.TemplateSetID)
	if err != nil {
		return nil, fmt.Errorf("publish template set version: %w", validate.Reference("templateSetID", err))
	}
	if set.ArchivedAt != nil {
		return nil, fmt.Errorf("publish template set version: %w", errArchived("templateSetID"))
	}
	if err := s.checklistsFound(ctx, in.Content.ChecklistTemplateIDs); err != nil {
		return nil, fmt.Errorf("publish template set version: %w", err)
	}
	raw, err := json.Marshal(in.Content)
	if err != nil {
		return nil, fmt.Errorf("publish template set version: %w", err)
	}
	var v *ent.TemplateSetVersion
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		next := set.LatestVersion + 1
		n, err := tx.TemplateSet.Update().
			Where(templateset.ID(set.ID), templateset.LatestVersion(set.LatestVersion)).
			SetLatestVersion(next).
			Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return errStale
		}
		v, err = tx.TemplateSetVersion.Create().SetTemplateSetID(set.ID).SetNumber(next).SetNillableNote(in.Note).
			SetPublishedByID(by).SetContent(raw).Save(ctx)
		if ent.IsConstraintError(err) {
			return errStale
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("publish template set version: %w", err)
	}
	return v, nil
}

// Content is a version's content.
func (s *Service) Content(v *ent.TemplateSetVersion) (*Content, error) {
	return decode(v.Content)
}

// Documents is what an application did with each document template.
func (s *Service) Documents(a *ent.TemplateApplication) ([]*DocumentResult, error) {
	var out []*DocumentResult
	if err := json.Unmarshal(a.Documents, &out); err != nil {
		return nil, fmt.Errorf("template application documents: %w", err)
	}
	return out, nil
}

// version reads a version with its set and content, refusing one of an archived set.
func (s *Service) version(ctx context.Context, id pulid.ID) (*ent.TemplateSetVersion, *Content, error) {
	v, err := s.db.TemplateSetVersion.Query().Where(templatesetversion.ID(id)).WithTemplateSet().Only(ctx)
	if err != nil {
		return nil, nil, validate.Reference("templateSetVersionID", err)
	}
	if v.Edges.TemplateSet.ArchivedAt != nil {
		return nil, nil, errArchived("templateSetVersionID")
	}
	content, err := decode(v.Content)
	if err != nil {
		return nil, nil, err
	}
	return v, content, nil
}

// checklistsFound refuses a checklist template the viewer cannot read.
func (s *Service) checklistsFound(ctx context.Context, ids []pulid.ID) error {
	if len(ids) == 0 {
		return nil
	}
	found, err := s.db.ChecklistTemplate.Query().Where(checklisttemplate.IDIn(ids...), checklisttemplate.ArchivedAtIsNil()).IDs(ctx)
	if err != nil {
		return err
	}
	return validate.Found("content.checklistTemplateIDs", ids, found)
}

// CreateCompanyFromTemplate creates a client company set up from a template set version, all or
// nothing: the company; its documents as drafts, placeholders filled in; its checklists; its
// risk method; its SoA with the version's defaults; its tasks, due from the start day; a year of
// its meetings; its training courses; and the record of the version it came from. Each record
// is written by its module, under that module's rules and the viewer's role.
func (s *Service) CreateCompanyFromTemplate(ctx context.Context, in CreateCompanyFromTemplateInput, lang language.Request) (*ent.TemplateApplication, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create company from template: %w", err)
	}
	by, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("create company from template: %w", err)
	}
	v, content, err := s.version(ctx, in.TemplateSetVersionID)
	if err != nil {
		return nil, fmt.Errorf("create company from template: %w", err)
	}
	start := date.Today(s.now())
	if in.StartOn != nil {
		start = *in.StartOn
	}
	var app *ent.TemplateApplication
	err = s.atomic.Atomic(ctx, func(ctx context.Context) error {
		co, err := s.m.Companies.CreateCompany(ctx, in.Company)
		if err != nil {
			return apperr.Nest("company", err)
		}
		values := valuesOf(co, start)
		results := make([]DocumentResult, 0, len(content.Documents))
		for i, d := range content.Documents {
			doc, err := s.m.Documents.CreateDocument(ctx, documentInput(co.ID, d, values, v))
			if err != nil {
				return item(fmt.Sprintf("documents.%d", i), err)
			}
			results = append(results, DocumentResult{Key: d.Key, Title: doc.Title, Outcome: Created, DocumentID: &doc.ID, Digest: digest(d)})
		}
		for i, id := range content.ChecklistTemplateIDs {
			if _, err := s.m.Checklists.CopyTemplate(ctx, audits.CopyChecklistTemplateInput{TemplateID: id, CompanyID: co.ID}); err != nil {
				return item(fmt.Sprintf("checklistTemplateIDs.%d", i), err)
			}
		}
		if m := content.RiskMethod; m != nil {
			in := risks.UpdateMethodInput{CompanyID: co.ID, Likelihood: m.Likelihood, Impact: m.Impact, Rule: m.Rule, Bands: m.Bands, AcceptanceThreshold: m.AcceptanceThreshold}
			if _, err := s.m.Risks.UpdateMethod(ctx, in, lang); err != nil {
				return item("riskMethod", err)
			}
		}
		defaults := map[string]controls.Default{}
		for _, d := range content.Controls {
			defaults[d.Ref] = controls.Default{Applicable: d.Applicable, Justification: deref(d.Justification)}
		}
		if _, err := s.m.Controls.InitializeWith(ctx, co.ID, defaults, lang); err != nil {
			return item("controls", err)
		}
		for i, t := range content.Tasks {
			in := tasks.CreateTaskInput{CompanyID: co.ID, Title: t.Title, Description: t.Description, DueDate: start.AddDays(t.DueInDays), Priority: t.Priority, Recurrence: t.Recurrence}
			if _, err := s.m.Tasks.CreateTask(ctx, in); err != nil {
				return item(fmt.Sprintf("tasks.%d", i), err)
			}
		}
		for i, m := range content.Meetings {
			for _, at := range m.schedule(start) {
				if _, err := s.m.Meetings.CreateMeeting(ctx, m.input(co.ID, at)); err != nil {
					return item(fmt.Sprintf("meetings.%d", i), err)
				}
			}
		}
		for i, c := range content.Courses {
			in := training.CreateTrainingCourseInput{CompanyID: co.ID, Title: c.Title, Description: c.Description, Kind: c.Kind, Drill: c.Drill,
				PassMark: c.PassMark, ValidityMonths: c.ValidityMonths, DueDays: c.DueDays}
			if _, err := s.m.Training.CreateCourse(ctx, in); err != nil {
				return item(fmt.Sprintf("courses.%d", i), err)
			}
		}
		app, err = s.record(ctx, co.ID, v, templateapplication.KindSET_UP, by, results)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create company from template: %w", err)
	}
	return app, nil
}

// PushVersion brings a version's document templates to chosen client companies, all or nothing,
// never overwriting what a company changed: a document the company has from the set gets a new
// draft version for its own review and approval (its approved version stays in force), a new
// template becomes a draft document, and a template unchanged since the company last received
// it writes nothing. A document that cannot take a draft (archived, a version already open) is
// skipped with the reason. Each company gets the record of the push.
func (s *Service) PushVersion(ctx context.Context, in PushTemplateSetVersionInput) ([]*ent.TemplateApplication, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("push template set version: %w", err)
	}
	by, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("push template set version: %w", err)
	}
	v, content, err := s.version(ctx, in.TemplateSetVersionID)
	if err != nil {
		return nil, fmt.Errorf("push template set version: %w", err)
	}
	ids := in.CompanyIDs // validated: no company twice
	cos, err := s.db.Company.Query().Where(company.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("push template set version: %w", err)
	}
	found := make([]pulid.ID, len(cos))
	byID := map[pulid.ID]*ent.Company{}
	for i, c := range cos {
		found[i], byID[c.ID] = c.ID, c
	}
	if err := validate.Found("companyIDs", ids, found); err != nil {
		return nil, fmt.Errorf("push template set version: %w", err)
	}
	for _, c := range cos {
		if c.ArchivedAt != nil {
			return nil, fmt.Errorf("push template set version: %w", apperr.Invalid("companyIDs", apperr.Archived,
				fmt.Sprintf("company %s is archived; restore it first", c.Name), fmt.Sprintf("会社「%s」はアーカイブされています。先に復元してください", c.Name)))
		}
	}
	received, err := s.received(ctx, v.TemplateSetID, ids)
	if err != nil {
		return nil, fmt.Errorf("push template set version: %w", err)
	}
	today := date.Today(s.now())
	var apps []*ent.TemplateApplication
	err = s.atomic.Atomic(ctx, func(ctx context.Context) error {
		for _, id := range ids {
			co := byID[id]
			values := valuesOf(co, today)
			results := make([]DocumentResult, 0, len(content.Documents))
			for i, d := range content.Documents {
				r, err := s.push(ctx, co.ID, d, received[co.ID][d.Key], values, v)
				if err != nil {
					return item(fmt.Sprintf("documents.%d", i), err)
				}
				results = append(results, r)
			}
			app, err := s.record(ctx, co.ID, v, templateapplication.KindPUSHED, by, results)
			if err != nil {
				return err
			}
			apps = append(apps, app)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("push template set version: %w", err)
	}
	return apps, nil
}

// push brings one document template to a company that last received it as before (nil: never).
func (s *Service) push(ctx context.Context, companyID pulid.ID, d Document, before *DocumentResult, values map[string]string, v *ent.TemplateSetVersion) (DocumentResult, error) {
	r := DocumentResult{Key: d.Key, Title: fill(d.Title, values), Digest: digest(d)}
	if before == nil {
		doc, err := s.m.Documents.CreateDocument(ctx, documentInput(companyID, d, values, v))
		if err != nil {
			return r, err
		}
		r.Outcome, r.DocumentID, r.Title = Created, &doc.ID, doc.Title
		return r, nil
	}
	r.DocumentID = before.DocumentID
	if before.Digest == r.Digest {
		r.Outcome = Unchanged
		return r, nil
	}
	body := fill(d.Body, values)
	var version *ent.DocumentVersion
	err := database.Step(ctx, func() error {
		var err error
		version, err = s.m.Documents.CreateVersion(ctx, documents.CreateVersionInput{DocumentID: *before.DocumentID, Body: &body, ChangeSummary: summary(v)})
		return err
	})
	if e, ok := apperr.As(err); ok && e.Kind != apperr.KindInternal {
		// The company's document stays as it is; the next push tries again.
		r.Outcome, r.Reason, r.ReasonJa, r.Digest = Skipped, &e.Text.EN, &e.Text.JA, before.Digest
		return r, nil
	}
	if err != nil {
		return r, err
	}
	r.Outcome, r.VersionID = Drafted, &version.ID
	return r, nil
}

// received lists, per company and document key, the last document the companies received from
// the set (a skipped push keeps what was received before it).
func (s *Service) received(ctx context.Context, setID pulid.ID, companyIDs []pulid.ID) (map[pulid.ID]map[string]*DocumentResult, error) {
	apps, err := s.db.TemplateApplication.Query().
		Where(templateapplication.TemplateSetID(setID), templateapplication.CompanyIDIn(companyIDs...)).
		Order(ent.Asc(templateapplication.FieldCreatedAt), ent.Asc(templateapplication.FieldID)).
		All(ctx)
	if err != nil {
		return nil, err
	}
	out := map[pulid.ID]map[string]*DocumentResult{}
	for _, a := range apps {
		docs, err := s.Documents(a)
		if err != nil {
			return nil, err
		}
		if out[a.CompanyID] == nil {
			out[a.CompanyID] = map[string]*DocumentResult{}
		}
		for _, d := range docs {
			if d.DocumentID != nil {
				out[a.CompanyID][d.Key] = d
			}
		}
	}
	return out, nil
}

// record writes a company's record of an applied version.
func (s *Service) record(ctx context.Context, companyID pulid.ID, v *ent.TemplateSetVersion, kind templateapplication.Kind, by pulid.ID, docs []DocumentResult) (*ent.TemplateApplication, error) {
	raw, err := json.Marshal(docs)
	if err != nil {
		return nil, err
	}
	return s.db.TemplateApplication.Create().
		SetCompanyID(companyID).
		SetTemplateSetVersionID(v.ID).
		SetTemplateSetID(v.TemplateSetID).
		SetTemplateSetName(v.Edges.TemplateSet.Name).
		SetVersionNumber(v.Number).
		SetKind(kind).
		SetAppliedByID(by).
		SetDocuments(raw).
		Save(ctx)
}

func documentInput(companyID pulid.ID, d Document, values map[string]string, v *ent.TemplateSetVersion) documents.CreateDocumentInput {
	body := fill(d.Body, values)
	return documents.CreateDocumentInput{CompanyID: companyID, Code: d.Code, Title: fill(d.Title, values), Kind: d.Kind, Folder: d.Folder,
		Classification: d.Classification, ReviewIntervalMonths: d.ReviewIntervalMonths, RequiresAcknowledgement: d.RequiresAcknowledgement,
		Body: &body, ChangeSummary: summary(v)}
}

// summary is the change summary of a document version a template wrote.
func summary(v *ent.TemplateSetVersion) *string {
	s := fmt.Sprintf("テンプレート「%s」第%d版より / from template set %q version %d", v.Edges.TemplateSet.Name, v.Number, v.Edges.TemplateSet.Name, v.Number)
	return &s
}

// valuesOf are the placeholders' values for a company.
func valuesOf(co *ent.Company, start date.Date) map[string]string {
	return map[string]string{
		"company.name":              co.Name,
		"company.alternateName":     deref(co.AlternateName),
		"company.scopeStatement":    deref(co.ScopeStatement),
		"company.certificationBody": deref(co.CertificationBody),
		"startOn":                   start.String(),
	}
}

// digest identifies a document template's title and body.
func digest(d Document) string {
	sum := sha256.Sum256([]byte(d.Title + "\x00" + d.Body))
	return hex.EncodeToString(sum[:])
}

// schedule is the meetings of a cadence over the year after start, at the cadence's time in
// Japan.
func (m MeetingCadence) schedule(start date.Date) []time.Time {
	at, _ := time.Parse("15:04", m.At) // validated when published
	var out []time.Time
	for months := m.EveryMonths; months <= 12; months += m.EveryMonths {
		day := start.AddMonths(months).Start()
		out = append(out, day.Add(time.Duration(at.Hour())*time.Hour+time.Duration(at.Minute())*time.Minute))
	}
	return out
}

func (m MeetingCadence) input(companyID pulid.ID, at time.Time) meetings.CreateMeetingInput {
	agenda := make([]meetings.AgendaItemDraft, len(m.Agenda))
	for i, title := range m.Agenda {
		agenda[i] = meetings.AgendaItemDraft{Title: title}
	}
	return meetings.CreateMeetingInput{CompanyID: companyID, Kind: m.Kind, Title: m.Title, ScheduledAt: at, Agenda: agenda}
}

// item reports a module's refusal of one item of the version on templateSetVersionID, naming the
// item: the version's content was valid when published, and what the module refuses now (a
// title grown too long with the company's name, a plan's limit) is the version's to change.
func item(path string, err error) error {
	problems := apperr.Fields(err)
	if len(problems) == 0 || problems[0].Kind != apperr.KindInvalid {
		return err
	}
	var out []error
	for _, e := range problems {
		moved := *e
		moved.Field = "templateSetVersionID"
		moved.Text.EN = fmt.Sprintf("%s.%s: %s", path, e.Field, e.Text.EN)
		moved.Text.JA = fmt.Sprintf("%s.%s: %s", path, e.Field, e.Text.JA)
		out = append(out, &moved)
	}
	return apperr.Join(out...)
}

func errArchived(field string) error {
	return apperr.Invalid(field, apperr.Archived, "the template set is archived; restore it first", "テンプレートセットはアーカイブされています。先に復元してください")
}

var errStale = apperr.Conflict(apperr.StaleState, "another version was published at the same time; reload the set", "同時に別の版が公開されました。再読み込みしてください")

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
