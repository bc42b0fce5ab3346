package incidents

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/ent/department"
	"secretariat/ent/incident"
	"secretariat/ent/incidentdeadline"
	"secretariat/ent/incidentevent"
	"secretariat/ent/privacy"
	"secretariat/ent/risk"
	"secretariat/ent/riskasset"
	"secretariat/ent/secretariatassignment"
	"secretariat/ent/site"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/reportingduty"
	"secretariat/internal/tasks"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Service reports, routes and handles incidents.
type Service struct {
	db    *ent.Client
	tasks *tasks.Service
	log   *slog.Logger
	now   func() time.Time
}

// NewService returns the service over the ent client; the handler's work and the legal reports
// are tasks made by taskService.
func NewService(db *ent.Client, taskService *tasks.Service, log *slog.Logger) *Service {
	return &Service{db: db, tasks: taskService, log: log, now: time.Now}
}

// SetClock makes the service read the time from now: tests move the clock forward with it.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Today is the current calendar day of the ISMS calendar every module shares (date.Calendar).
func (s *Service) Today() date.Date { return date.Today(s.now()) }

// Overdue reports whether a legal report is still due after its day.
func (s *Service) Overdue(d *ent.IncidentDeadline) bool {
	return d.FiledOn == nil && d.DueOn.Before(s.Today())
}

// Report records an incident in the viewer's name (any member of the company but a read-only
// AUDITOR), numbers it after the company's last, and routes it by the company's rule: to the
// holder of the secretariat's INCIDENT_DESK (or, without one, its LEADER), or straight to the
// owner of the highest-scored open risk of the affected assets, falling back to the secretariat.
// The handler gets a task (source INCIDENT). With personal data involved, every reporting duty
// of reportingduty.Regimes becomes a deadline with its task.
func (s *Service) Report(ctx context.Context, in ReportIncidentInput) (*ent.Incident, error) {
	if err := in.Validate(s.now()); err != nil {
		return nil, fmt.Errorf("report incident: %w", err)
	}
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("report incident: %w", apperr.Unauthenticated("sign in first", "ログインしてください"))
	}
	var inc *ent.Incident
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		c, err := tx.Company.Get(ctx, in.CompanyID)
		if err != nil {
			return validate.Reference("companyID", err)
		}
		if c.ArchivedAt != nil {
			return apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください")
		}
		if err := checkPlace(ctx, tx, c.ID, in.SiteID, in.DepartmentID); err != nil {
			return err
		}
		if err := checkAssets(ctx, tx, c.ID, "assetIDs", in.AssetIDs); err != nil {
			return err
		}
		last, err := s.lastNumber(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		routing := incident.Routing(c.IncidentRouting)
		handler, err := route(ctx, tx, c.ID, routing, in.AssetIDs)
		if err != nil {
			return err
		}
		inc, err = tx.Incident.Create().
			SetCompanyID(c.ID).
			SetNumber(last + 1).
			SetTitle(in.Title).
			SetNillableDescription(in.Description).
			SetCategory(in.Category).
			SetNillableOccurredAt(in.OccurredAt).
			SetDiscoveredAt(in.DiscoveredAt).
			SetNillableSiteID(in.SiteID).
			SetNillableDepartmentID(in.DepartmentID).
			SetPersonalData(in.PersonalData).
			SetWrongful(in.Wrongful).
			SetControls([]string{}).
			SetReporterID(v.UserID).
			SetRouting(routing).
			SetNillableAssigneeID(handler).
			Save(ctx)
		if err != nil {
			return err
		}
		if err := s.event(ctx, tx, inc, incidentevent.KindREPORTED, nil); err != nil {
			return err
		}
		if len(in.AssetIDs) > 0 {
			if err := linkAssets(ctx, tx, inc, in.AssetIDs); err != nil {
				return err
			}
		}
		if handler != nil {
			t, err := s.handlerTask(ctx, tx, inc, *handler)
			if err != nil {
				return err
			}
			if inc, err = inc.Update().SetTaskID(t.ID).Save(ctx); err != nil {
				return err
			}
		}
		return s.syncDeadlines(ctx, tx, inc)
	})
	if err != nil {
		return nil, fmt.Errorf("report incident: %w", err)
	}
	return inc, nil
}

// lastNumber is the company's highest incident number, 0 before the first. A MEMBER reads only
// the reports it made (ent/schema/incidents_policy.go), yet numbers run over every report of the
// company: this one read, of one number, goes past the role rules (layer 2), still limited to the
// viewer's organization and companies by layer 1 and row-level security. It is the module's only
// such read, and it is logged.
func (s *Service) lastNumber(ctx context.Context, tx *ent.Client, companyID pulid.ID) (int, error) {
	s.log.DebugContext(ctx, "incident numbering reads past the role rules", "company", string(companyID))
	past := privacy.DecisionContext(ctx, privacy.Allow)
	prev, err := tx.Incident.Query().Where(incident.CompanyID(companyID)).Order(ent.Desc(incident.FieldNumber)).Select(incident.FieldNumber).First(past)
	switch {
	case ent.IsNotFound(err):
		return 0, nil
	case err != nil:
		return 0, err
	}
	return prev.Number, nil
}

// route finds who handles a new report under the company's rule; nil when the company has
// nobody at its incident desk (nor a leader) and no risk owner applies.
func route(ctx context.Context, tx *ent.Client, companyID pulid.ID, routing incident.Routing, assets []pulid.ID) (*pulid.ID, error) {
	if routing == incident.RoutingTO_RISK_OWNER && len(assets) > 0 {
		owned, err := tx.Risk.Query().
			Where(
				risk.CompanyID(companyID),
				risk.OwnerIDNotNil(),
				risk.StatusNEQ(risk.StatusCLOSED),
				risk.ArchivedAtIsNil(),
				risk.HasAssetLinksWith(riskasset.AssetIDIn(assets...)),
			).
			Order(ent.Desc(risk.FieldScore), ent.Asc(risk.FieldCode)).
			First(ctx)
		switch {
		case err == nil:
			return owned.OwnerID, nil
		case !ent.IsNotFound(err):
			return nil, err
		}
	}
	for _, r := range []secretariatassignment.Responsibility{secretariatassignment.ResponsibilityINCIDENT_DESK, secretariatassignment.ResponsibilityLEADER} {
		desk, err := tx.SecretariatAssignment.Query().
			Where(secretariatassignment.CompanyID(companyID), secretariatassignment.ResponsibilityEQ(r)).
			Order(ent.Asc(secretariatassignment.FieldCreatedAt)).
			First(ctx)
		switch {
		case err == nil:
			return &desk.UserID, nil
		case !ent.IsNotFound(err):
			return nil, err
		}
	}
	return nil, nil
}

// handlerTask gives the handler the incident's task: urgent, due today.
func (s *Service) handlerTask(ctx context.Context, tx *ent.Client, inc *ent.Incident, handler pulid.ID) (*ent.Task, error) {
	urgent := task.PriorityURGENT
	return s.tasks.CreateFrom(ctx, tx, tasks.CreateTaskInput{
		CompanyID:   inc.CompanyID,
		Title:       validate.Truncate(fmt.Sprintf("インシデント対応 #%d: %s", inc.Number, inc.Title), maxTitle),
		Description: inc.Description,
		DueDate:     s.Today(),
		AssigneeID:  &handler,
		Priority:    &urgent,
	}, tasks.Origin{Source: task.SourceINCIDENT, SourceID: &inc.ID})
}

// syncDeadlines keeps the reporting deadlines as the incident says: with personal data involved,
// one per duty of every regime, due from the day of discovery (Japan's calendar), each with a
// task of the handler; a deadline not yet filed follows a change of the wrongful flag.
func (s *Service) syncDeadlines(ctx context.Context, tx *ent.Client, inc *ent.Incident) error {
	if !inc.PersonalData {
		return nil
	}
	existing, err := tx.IncidentDeadline.Query().Where(incidentdeadline.IncidentID(inc.ID)).All(ctx)
	if err != nil {
		return err
	}
	discovered := date.Of(inc.DiscoveredAt.In(date.Calendar))
	for _, r := range reportingduty.Regimes {
		for _, d := range r.Duties {
			due := d.Due(discovered, inc.Wrongful)
			i := slices.IndexFunc(existing, func(e *ent.IncidentDeadline) bool {
				return e.Regime == r.Code && string(e.Kind) == string(d.Kind)
			})
			if i >= 0 {
				if err := s.keep(ctx, tx, inc, existing[i], d, due); err != nil {
					return err
				}
				continue
			}
			create := tx.IncidentDeadline.Create().
				SetCompanyID(inc.CompanyID).
				SetIncidentID(inc.ID).
				SetRegime(r.Code).
				SetKind(incidentdeadline.Kind(d.Kind)).
				SetDueOn(due)
			t, err := s.reportTask(ctx, tx, inc, d, due)
			if err != nil {
				return err
			}
			if t != nil {
				create.SetTaskID(t.ID)
			}
			if err := create.Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// keep brings a deadline not filed yet in line with the incident: its day (the wrongful flag may
// have changed) and a task once the incident has a handler.
func (s *Service) keep(ctx context.Context, tx *ent.Client, inc *ent.Incident, e *ent.IncidentDeadline, d reportingduty.Duty, due date.Date) error {
	if e.FiledOn != nil {
		return nil
	}
	u, changed := e.Update(), false
	if e.DueOn != due {
		u.SetDueOn(due)
		changed = true
		if e.TaskID != nil {
			if err := tx.Task.UpdateOneID(*e.TaskID).SetDueDate(due).Exec(ctx); err != nil {
				return err
			}
		}
	}
	if e.TaskID == nil {
		t, err := s.reportTask(ctx, tx, inc, d, due)
		if err != nil {
			return err
		}
		if t != nil {
			u.SetTaskID(t.ID)
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return u.Exec(ctx)
}

// reportTask gives the handler the task of a report the law requires; none without a handler.
func (s *Service) reportTask(ctx context.Context, tx *ent.Client, inc *ent.Incident, d reportingduty.Duty, due date.Date) (*ent.Task, error) {
	if inc.AssigneeID == nil {
		return nil, nil
	}
	high := task.PriorityHIGH
	return s.tasks.CreateFrom(ctx, tx, tasks.CreateTaskInput{
		CompanyID:  inc.CompanyID,
		Title:      validate.Truncate(fmt.Sprintf("%s #%d: %s", d.Title, inc.Number, inc.Title), maxTitle),
		DueDate:    due,
		AssigneeID: inc.AssigneeID,
		Priority:   &high,
	}, tasks.Origin{Source: task.SourceINCIDENT, SourceID: &inc.ID})
}

// event appends an entry to the incident's timeline in the viewer's name.
func (s *Service) event(ctx context.Context, tx *ent.Client, inc *ent.Incident, kind incidentevent.Kind, text *string) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return apperr.Unauthenticated("sign in first", "ログインしてください")
	}
	return tx.IncidentEvent.Create().
		SetCompanyID(inc.CompanyID).
		SetIncidentID(inc.ID).
		SetKind(kind).
		SetNillableText(text).
		SetActorID(v.UserID).
		Exec(ctx)
}

// checkPlace refuses a site or department that is not an active one of the company.
func checkPlace(ctx context.Context, tx *ent.Client, companyID pulid.ID, siteID, departmentID *pulid.ID) error {
	var errs []error
	if siteID != nil {
		ok, err := tx.Site.Query().Where(site.ID(*siteID), site.CompanyID(companyID), site.ArchivedAtIsNil()).Exist(ctx)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, apperr.Invalid("siteID", apperr.UnknownID, "names no active site of the company", "会社の有効な拠点を指定してください"))
		}
	}
	if departmentID != nil {
		ok, err := tx.Department.Query().Where(department.ID(*departmentID), department.CompanyID(companyID), department.ArchivedAtIsNil()).Exist(ctx)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, apperr.Invalid("departmentID", apperr.UnknownID, "names no active department of the company", "会社の有効な部署を指定してください"))
		}
	}
	return apperr.Join(errs...)
}

// checkAssets refuses assets that are not the company's.
func checkAssets(ctx context.Context, tx *ent.Client, companyID pulid.ID, field string, ids []pulid.ID) error {
	if len(ids) == 0 {
		return nil
	}
	found, err := tx.Asset.Query().Where(asset.IDIn(ids...), asset.CompanyID(companyID)).IDs(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for i, id := range ids {
		if !slices.Contains(found, id) {
			errs = append(errs, apperr.Invalid(fmt.Sprintf("%s.%d", field, i), apperr.UnknownID, "names no asset of the company", "会社の資産を指定してください"))
		}
	}
	return apperr.Join(errs...)
}

// linkAssets records the assets affected.
func linkAssets(ctx context.Context, tx *ent.Client, inc *ent.Incident, ids []pulid.ID) error {
	links := make([]*ent.IncidentAssetCreate, len(ids))
	for i, id := range ids {
		links[i] = tx.IncidentAsset.Create().SetCompanyID(inc.CompanyID).SetIncidentID(inc.ID).SetAssetID(id)
	}
	return tx.IncidentAsset.CreateBulk(links...).Exec(ctx)
}
