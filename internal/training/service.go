package training

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/ent/companyaccess"
	"secretariat/ent/department"
	"secretariat/ent/documentversion"
	"secretariat/ent/membership"
	"secretariat/ent/site"
	"secretariat/ent/task"
	"secretariat/ent/trainingassignment"
	"secretariat/ent/trainingcampaign"
	"secretariat/ent/trainingcourse"
	"secretariat/ent/trainingmaterial"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/audience"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Service keeps courses, runs campaigns and records what people did.
type Service struct {
	db  *ent.Client
	log *slog.Logger
	now func() time.Time
}

// NewService returns the service over the ent client.
func NewService(db *ent.Client, log *slog.Logger) *Service {
	return &Service{db: db, log: log, now: time.Now}
}

// SetClock makes the service read the time from now: tests move the clock with it.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Today is the current calendar day of the ISMS calendar every module shares (date.Calendar).
func (s *Service) Today() date.Date { return date.Today(s.now()) }

// CreateCourse adds a course to a company (not archived), teaching from approved versions of the
// company's documents.
func (s *Service) CreateCourse(ctx context.Context, in CreateTrainingCourseInput) (*ent.TrainingCourse, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create training course: %w", err)
	}
	var c *ent.TrainingCourse
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		co, err := tx.Company.Get(ctx, in.CompanyID)
		if err != nil {
			return validate.Reference("companyID", err)
		}
		if co.ArchivedAt != nil {
			return apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください")
		}
		if err := checkMaterials(ctx, tx, co.ID, in.MaterialVersionIDs); err != nil {
			return err
		}
		create := tx.TrainingCourse.Create().
			SetCompanyID(co.ID).
			SetTitle(in.Title).
			SetNillableDescription(in.Description).
			SetKind(in.Kind).
			SetNillableDrill(in.Drill).
			SetNillablePassMark(in.PassMark).
			SetNillableValidityMonths(in.ValidityMonths).
			SetNillableDueDays(in.DueDays)
		if c, err = create.Save(ctx); err != nil {
			return err
		}
		return linkMaterials(ctx, tx, c, in.MaterialVersionIDs)
	})
	if err != nil {
		return nil, fmt.Errorf("create training course: %w", err)
	}
	return c, nil
}

// checkMaterials refuses, on materialVersionIDs.i, each ID that names no approved version of the
// company's documents.
func checkMaterials(ctx context.Context, tx *ent.Client, companyID pulid.ID, versions []pulid.ID) error {
	if len(versions) == 0 {
		return nil
	}
	found, err := tx.DocumentVersion.Query().
		Where(documentversion.IDIn(versions...), documentversion.CompanyID(companyID), documentversion.StatusEQ(documentversion.StatusAPPROVED)).
		IDs(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for i, id := range versions {
		if !slices.Contains(found, id) {
			errs = append(errs, apperr.Invalid(fmt.Sprintf("materialVersionIDs.%d", i), apperr.UnknownID, "names no approved version of the company's documents", "会社の文書の承認済みの版を指定してください"))
		}
	}
	return apperr.Join(errs...)
}

// linkMaterials makes the versions the course's materials.
func linkMaterials(ctx context.Context, tx *ent.Client, c *ent.TrainingCourse, versions []pulid.ID) error {
	if len(versions) == 0 {
		return nil
	}
	links := make([]*ent.TrainingMaterialCreate, len(versions))
	for i, id := range versions {
		links[i] = tx.TrainingMaterial.Create().SetCompanyID(c.CompanyID).SetCourseID(c.ID).SetDocumentVersionID(id)
	}
	return tx.TrainingMaterial.CreateBulk(links...).Exec(ctx)
}

// UpdateCourse changes a course that is not archived: its title, description, pass mark,
// validity, new joiners' days and materials. A drill takes neither a pass mark nor a validity.
// Assignments already given keep their due days; a completion keeps the expiry it was given.
func (s *Service) UpdateCourse(ctx context.Context, in UpdateTrainingCourseInput) (*ent.TrainingCourse, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update training course: %w", err)
	}
	var c *ent.TrainingCourse
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if c, err = tx.TrainingCourse.Get(ctx, in.ID); err != nil {
			return notFound(err)
		}
		if c.ArchivedAt != nil {
			return apperr.Invalid("id", apperr.Archived, "the course is archived; restore it first", "コースはアーカイブされています。先に復元してください")
		}
		if c.Kind == trainingcourse.KindDRILL {
			if err := apperr.Join(notForDrill(in.PassMark, in.ValidityMonths)...); err != nil {
				return err
			}
		}
		if in.SetMaterials {
			if err := checkMaterials(ctx, tx, c.CompanyID, in.MaterialVersionIDs); err != nil {
				return err
			}
		}
		u := c.Update().SetNillableTitle(in.Title).SetNillableDescription(in.Description).
			SetNillablePassMark(in.PassMark).SetNillableValidityMonths(in.ValidityMonths).SetNillableDueDays(in.DueDays)
		if validate.IsNull(in.Null, "description") {
			u.ClearDescription()
		}
		if validate.IsNull(in.Null, "passMark") {
			u.ClearPassMark()
		}
		if validate.IsNull(in.Null, "validityMonths") {
			u.ClearValidityMonths()
		}
		if c, err = u.Save(ctx); err != nil {
			return err
		}
		if !in.SetMaterials {
			return nil
		}
		if _, err := tx.TrainingMaterial.Delete().Where(trainingmaterial.CourseID(c.ID)).Exec(ctx); err != nil {
			return err
		}
		return linkMaterials(ctx, tx, c, in.MaterialVersionIDs)
	})
	if err != nil {
		return nil, fmt.Errorf("update training course: %w", err)
	}
	return c, nil
}

// SetArchived archives (archived true) or restores a course. An archived course is not
// launched, not given to new joiners and not renewed; its assignments stay as the history.
func (s *Service) SetArchived(ctx context.Context, in archive.Input, archived bool) (*ent.TrainingCourse, error) {
	c, err := archive.Set[*ent.TrainingCourseMutation](ctx, trainingcourse.Policy,
		func(ctx context.Context) (*ent.TrainingCourse, error) {
			c, err := s.db.TrainingCourse.Get(ctx, in.ID)
			return c, notFound(err)
		},
		func(c *ent.TrainingCourse) *time.Time { return c.ArchivedAt },
		(*ent.TrainingCourse).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive training course: %w", err)
	}
	return c, nil
}

// notFound answers a course that does not exist, or is out of the viewer's reach, as NOT_FOUND.
func notFound(err error) error {
	if ent.IsNotFound(err) {
		return apperr.NotFound("training course", "コース")
	}
	return err
}

// person is someone who works in a company and takes its training.
type person struct {
	user       pulid.ID
	role       viewer.Role
	department *pulid.ID
	site       *pulid.ID
}

// staff lists the people who work in the company and take training: members who reach it (OWNER
// and ADMIN reach every company, the others by grant), not removed, not past the end of their
// access, not read-only AUDITORs; each with its department in the company and that department's
// site. Naming users reads only them.
func staff(ctx context.Context, tx *ent.Client, companyID pulid.ID, now time.Time, users ...pulid.ID) ([]person, error) {
	q := tx.Membership.Query()
	if len(users) > 0 {
		q.Where(membership.UserIDIn(users...))
	}
	ms, err := q.
		Where(
			membership.RemovedAtIsNil(),
			membership.RoleNEQ(viewer.RoleAuditor),
			membership.Or(membership.ExpiresAtIsNil(), membership.ExpiresAtGT(now)),
			membership.Or(
				membership.RoleIn(viewer.RoleOwner, viewer.RoleAdmin),
				membership.HasCompanyAccessesWith(companyaccess.CompanyID(companyID)),
			),
		).
		WithCompanyAccesses(func(q *ent.CompanyAccessQuery) {
			q.Where(companyaccess.CompanyID(companyID)).WithDepartment()
		}).
		Order(ent.Asc(membership.FieldCreatedAt), ent.Asc(membership.FieldID)).
		Limit(maxAssignees + 1).
		All(ctx)
	if err != nil {
		return nil, err
	}
	if len(ms) > maxAssignees {
		return nil, apperr.Invalid("audience", apperr.TooLong, fmt.Sprintf("a campaign assigns at most %d people", maxAssignees), fmt.Sprintf("1つのキャンペーンの対象は%d人までです", maxAssignees))
	}
	out := make([]person, 0, len(ms))
	for _, m := range ms {
		p := person{user: m.UserID, role: m.Role}
		if len(m.Edges.CompanyAccesses) > 0 {
			if d := m.Edges.CompanyAccesses[0].Edges.Department; d != nil {
				p.department, p.site = &d.ID, d.SiteID
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// reaches reports whether the audience takes the person in.
func reaches(a audience.Audience, p person) bool {
	return a.Everyone ||
		slices.Contains(a.UserIDs, p.user) ||
		slices.Contains(a.Roles, string(p.role)) ||
		p.department != nil && slices.Contains(a.DepartmentIDs, *p.department) ||
		p.site != nil && slices.Contains(a.SiteIDs, *p.site)
}

// LaunchCampaign runs a course (not archived) for an audience of its company, due on a day not
// in the past: one assignment per person of the audience (each named site, department and person
// must be the company's), with a task (source TRAINING) unless the course is a drill, which
// people are not told of.
func (s *Service) LaunchCampaign(ctx context.Context, in LaunchTrainingCampaignInput) (*ent.TrainingCampaign, error) {
	if err := in.Validate(s.Today()); err != nil {
		return nil, fmt.Errorf("launch training campaign: %w", err)
	}
	var c *ent.TrainingCampaign
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		course, err := tx.TrainingCourse.Get(ctx, in.CourseID)
		if err != nil {
			return validate.Reference("courseID", err)
		}
		if course.ArchivedAt != nil {
			return apperr.Invalid("courseID", apperr.Archived, "the course is archived; restore it first", "コースはアーカイブされています。先に復元してください")
		}
		a := in.audience()
		if err := checkAudience(ctx, tx, course.CompanyID, a); err != nil {
			return err
		}
		people, err := staff(ctx, tx, course.CompanyID, s.now())
		if err != nil {
			return err
		}
		var errs []error
		for i, u := range a.UserIDs {
			if !slices.ContainsFunc(people, func(p person) bool { return p.user == u }) {
				errs = append(errs, apperr.Invalid(fmt.Sprintf("audience.userIDs.%d", i), apperr.UnknownID, "names nobody who works in the company and takes training", "会社で業務を行う受講対象者を指定してください"))
			}
		}
		if err := apperr.Join(errs...); err != nil {
			return err
		}
		if c, err = tx.TrainingCampaign.Create().
			SetCompanyID(course.CompanyID).
			SetCourseID(course.ID).
			SetTitle(in.Title).
			SetDueOn(in.DueOn).
			SetAudience(a).
			Save(ctx); err != nil {
			return err
		}
		var chosen []person
		for _, p := range people {
			if reaches(a, p) {
				chosen = append(chosen, p)
			}
		}
		return s.assign(ctx, tx, course, c, in.DueOn, chosen)
	})
	if err != nil {
		return nil, fmt.Errorf("launch training campaign: %w", err)
	}
	return c, nil
}

// checkAudience refuses sites and departments that are not active ones of the company.
func checkAudience(ctx context.Context, tx *ent.Client, companyID pulid.ID, a audience.Audience) error {
	var errs []error
	if len(a.SiteIDs) > 0 {
		found, err := tx.Site.Query().Where(site.IDIn(a.SiteIDs...), site.CompanyID(companyID), site.ArchivedAtIsNil()).IDs(ctx)
		if err != nil {
			return err
		}
		for i, id := range a.SiteIDs {
			if !slices.Contains(found, id) {
				errs = append(errs, apperr.Invalid(fmt.Sprintf("audience.siteIDs.%d", i), apperr.UnknownID, "names no active site of the company", "会社の有効な拠点を指定してください"))
			}
		}
	}
	if len(a.DepartmentIDs) > 0 {
		found, err := tx.Department.Query().Where(department.IDIn(a.DepartmentIDs...), department.CompanyID(companyID), department.ArchivedAtIsNil()).IDs(ctx)
		if err != nil {
			return err
		}
		for i, id := range a.DepartmentIDs {
			if !slices.Contains(found, id) {
				errs = append(errs, apperr.Invalid(fmt.Sprintf("audience.departmentIDs.%d", i), apperr.UnknownID, "names no active department of the company", "会社の有効な部署を指定してください"))
			}
		}
	}
	return apperr.Join(errs...)
}

// assign writes one assignment of the course per person, due on the day, from the campaign (nil
// for a new joiner's course), with the person's task unless the course is a drill. Tasks are
// written here in bulk, with source TRAINING: the people are already known to work in the
// company. The rows name their organization, as a join (in the system context) requires.
func (s *Service) assign(ctx context.Context, tx *ent.Client, course *ent.TrainingCourse, campaign *ent.TrainingCampaign, due date.Date, people []person) error {
	if len(people) == 0 {
		return nil
	}
	ids := make([]pulid.ID, len(people))
	for i := range ids {
		ids[i] = pulid.New("TG")
	}
	var tasks []*ent.Task
	if course.Kind != trainingcourse.KindDRILL {
		title := validate.Truncate("教育: "+course.Title, maxTitle)
		if campaign != nil {
			title = validate.Truncate("教育: "+campaign.Title, maxTitle)
		}
		creates := make([]*ent.TaskCreate, len(people))
		for i, p := range people {
			creates[i] = tx.Task.Create().
				SetOrganizationID(course.OrganizationID).
				SetCompanyID(course.CompanyID).
				SetTitle(title).
				SetDueDate(due).
				SetAssigneeID(p.user).
				SetSource(task.SourceTRAINING).
				SetSourceID(ids[i])
		}
		var err error
		if tasks, err = tx.Task.CreateBulk(creates...).Save(ctx); err != nil {
			return err
		}
	}
	creates := make([]*ent.TrainingAssignmentCreate, len(people))
	for i, p := range people {
		creates[i] = tx.TrainingAssignment.Create().
			SetID(ids[i]).
			SetOrganizationID(course.OrganizationID).
			SetCompanyID(course.CompanyID).
			SetCourseID(course.ID).
			SetUserID(p.user).
			SetNillableDepartmentID(p.department).
			SetDueOn(due)
		if campaign != nil {
			creates[i].SetCampaignID(campaign.ID)
		}
		if tasks != nil {
			creates[i].SetTaskID(tasks[i].ID)
		}
	}
	return tx.TrainingAssignment.CreateBulk(creates...).Exec(ctx)
}

// Onboard assigns what a membership gets on joining companies (the members module's join hook):
// every active NEW_HIRE course of each company, due in the course's days, and every campaign of
// the company still running (due today or later) whose audience takes the newcomer in.
func (s *Service) Onboard(ctx context.Context, tx *ent.Client, m *ent.Membership, companies []pulid.ID) error {
	if m.Role == viewer.RoleAuditor {
		return nil
	}
	today := s.Today()
	for _, companyID := range companies {
		newcomer, err := staff(ctx, tx, companyID, s.now(), m.UserID)
		if err != nil {
			return err
		}
		if len(newcomer) == 0 {
			continue
		}
		courses, err := tx.TrainingCourse.Query().
			Where(trainingcourse.CompanyID(companyID), trainingcourse.KindEQ(trainingcourse.KindNEW_HIRE), trainingcourse.ArchivedAtIsNil()).
			All(ctx)
		if err != nil {
			return err
		}
		for _, c := range courses {
			if err := s.assign(ctx, tx, c, nil, today.AddDays(c.DueDays), newcomer); err != nil {
				return err
			}
		}
		running, err := tx.TrainingCampaign.Query().
			Where(trainingcampaign.CompanyID(companyID), trainingcampaign.DueOnGTE(today),
				trainingcampaign.Not(trainingcampaign.HasAssignmentsWith(trainingassignment.UserID(m.UserID)))).
			WithCourse().
			All(ctx)
		if err != nil {
			return err
		}
		for _, c := range running {
			if reaches(c.Audience, newcomer[0]) && c.Edges.Course != nil && c.Edges.Course.ArchivedAt == nil {
				if err := s.assign(ctx, tx, c.Edges.Course, c, c.DueOn, newcomer); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Complete records that a person completed its own assignment (or an editor records it for
// them): a scored course takes a score, passed when it reaches the pass mark (a failed score is
// kept and the assignment stays open for another try); a course that is not scored takes the
// attestation. Completing finishes the person's task. A drill is recorded with RecordDrillResults.
func (s *Service) Complete(ctx context.Context, in CompleteTrainingInput) (*ent.TrainingAssignment, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("complete training: %w", err)
	}
	var a *ent.TrainingAssignment
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if a, err = tx.TrainingAssignment.Query().Where(trainingassignment.ID(in.ID)).WithCourse().Only(ctx); err != nil {
			return err
		}
		course := a.Edges.Course
		switch {
		case a.CompletedAt != nil:
			return apperr.Invalid("id", apperr.StaleState, "the assignment is completed", "この受講は完了しています")
		case course == nil:
			return apperr.NotFound("training course", "コース")
		case course.Kind == trainingcourse.KindDRILL:
			return apperr.Invalid("id", apperr.InvalidValue, "a drill's results are recorded by the secretariat (recordDrillResults)", "訓練の結果は事務局が記録します（recordDrillResults）")
		case course.PassMark != nil && in.Score == nil:
			return apperr.Invalid("score", apperr.Required, "a scored course takes the score", "点数を入力してください")
		case course.PassMark == nil && in.Score != nil:
			return apperr.Invalid("score", apperr.ConflictingFields, "the course is not scored", "このコースに点数はありません")
		case course.PassMark == nil && !in.Attested:
			return apperr.Invalid("attested", apperr.Required, "attest having read and understood the materials", "教材を読み理解したことを確認してください")
		}
		u := a.Update().SetAttested(in.Attested)
		passed := true
		if course.PassMark != nil {
			passed = *in.Score >= *course.PassMark
			u.SetScore(*in.Score).SetPassed(passed)
		}
		now := s.now()
		if passed {
			u.SetCompletedAt(now)
			if course.ValidityMonths != nil {
				u.SetExpiresOn(expiry(now, *course.ValidityMonths))
			}
		}
		if a, err = u.Save(ctx); err != nil {
			return err
		}
		if passed && a.TaskID != nil {
			return tx.Task.UpdateOneID(*a.TaskID).SetStatus(task.StatusDONE).SetCompletedAt(now).Exec(ctx)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("complete training: %w", err)
	}
	return a, nil
}

// RecordDrillResults records what each person did in a drill campaign, all or none: for a
// phishing drill, CLICKED, REPORTED or IGNORED; for another drill, done (completed) or not. Each
// person must hold an assignment of the campaign (UNKNOWN_ID on results.i.userID otherwise).
func (s *Service) RecordDrillResults(ctx context.Context, in RecordDrillResultsInput) (*ent.TrainingCampaign, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("record drill results: %w", err)
	}
	var c *ent.TrainingCampaign
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if c, err = tx.TrainingCampaign.Query().Where(trainingcampaign.ID(in.CampaignID)).WithCourse().Only(ctx); err != nil {
			return validate.Reference("campaignID", err)
		}
		course := c.Edges.Course
		if course == nil || course.Kind != trainingcourse.KindDRILL {
			return apperr.Invalid("campaignID", apperr.InvalidValue, "the campaign runs no drill", "このキャンペーンは訓練ではありません")
		}
		phishing := course.Drill != nil && *course.Drill == trainingcourse.DrillPHISHING
		users := make([]pulid.ID, len(in.Results))
		for i, r := range in.Results {
			users[i] = r.UserID
		}
		held, err := tx.TrainingAssignment.Query().Where(trainingassignment.CampaignID(c.ID), trainingassignment.UserIDIn(users...)).All(ctx)
		if err != nil {
			return err
		}
		var errs []error
		for i, r := range in.Results {
			at := fmt.Sprintf("results.%d.", i)
			if !slices.ContainsFunc(held, func(a *ent.TrainingAssignment) bool { return a.UserID == r.UserID }) {
				errs = append(errs, apperr.Invalid(at+"userID", apperr.UnknownID, "holds no assignment of the campaign", "このキャンペーンの対象者ではありません"))
			}
			switch {
			case phishing && r.Result == nil:
				errs = append(errs, apperr.Invalid(at+"result", apperr.Required, "a phishing drill records CLICKED, REPORTED or IGNORED", "CLICKED、REPORTED、IGNORED のいずれかを指定してください"))
			case phishing && r.Done != nil:
				errs = append(errs, apperr.Invalid(at+"done", apperr.ConflictingFields, "a phishing drill records a result, not done", "標的型メール訓練は result で記録してください"))
			case !phishing && r.Done == nil:
				errs = append(errs, apperr.Invalid(at+"done", apperr.Required, "this drill records done or not", "実施したかどうか（done）を指定してください"))
			case !phishing && r.Result != nil:
				errs = append(errs, apperr.Invalid(at+"result", apperr.ConflictingFields, "only a phishing drill records a result", "result は標的型メール訓練のみです"))
			}
		}
		if err := apperr.Join(errs...); err != nil {
			return err
		}
		now := s.now()
		for _, r := range in.Results {
			u := tx.TrainingAssignment.Update().Where(trainingassignment.CampaignID(c.ID), trainingassignment.UserID(r.UserID))
			switch {
			case phishing:
				u.SetDrillResult(*r.Result).SetCompletedAt(now)
			case *r.Done:
				u.SetCompletedAt(now)
			default:
				u.ClearCompletedAt()
			}
			if err := u.Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record drill results: %w", err)
	}
	return c, nil
}

// maxMine bounds the assignments myTraining answers.
const maxMine = 200

// Mine lists the viewer's own assignments in every company it reaches, open ones first by due
// day, then the completed ones, most recent first, at most 200.
func (s *Service) Mine(ctx context.Context) ([]*ent.TrainingAssignment, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("my training: %w", apperr.Unauthenticated("sign in first", "ログインしてください"))
	}
	open, err := s.db.TrainingAssignment.Query().
		Where(trainingassignment.UserID(v.UserID), trainingassignment.CompletedAtIsNil()).
		Order(ent.Asc(trainingassignment.FieldDueOn), ent.Asc(trainingassignment.FieldID)).
		Limit(maxMine).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("my training: %w", err)
	}
	if len(open) == maxMine {
		return open, nil
	}
	done, err := s.db.TrainingAssignment.Query().
		Where(trainingassignment.UserID(v.UserID), trainingassignment.CompletedAtNotNil()).
		Order(ent.Desc(trainingassignment.FieldCompletedAt), ent.Asc(trainingassignment.FieldID)).
		Limit(maxMine - len(open)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("my training: %w", err)
	}
	return append(open, done...), nil
}
