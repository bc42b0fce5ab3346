package audits

import (
	"context"
	"fmt"
	"strings"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/checklistitem"
	"secretariat/internal/apperr"
	"secretariat/internal/checklist"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// maxTemplateQuestions bounds a checklist template.
const maxTemplateQuestions = 500

// TemplateQuestionInput is one question of a checklist template.
type TemplateQuestionInput struct {
	Clause   *string `json:"clause"`
	Control  *string `json:"control"`
	Question string  `json:"question"`
}

// CreateChecklistTemplateInput adds a standard checklist to the viewer's organization.
type CreateChecklistTemplateInput struct {
	Title       string                  `json:"title"`
	Description *string                 `json:"description"`
	Questions   []TemplateQuestionInput `json:"questions"`
}

// Validate reports every problem of the input at once.
func (in *CreateChecklistTemplateInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	return apperr.Join(
		validate.Required("title", in.Title, maxTitle),
		validate.Text("description", &in.Description, maxText, nil),
		questions(in.Questions),
	)
}

// UpdateChecklistTemplateInput changes a template; new questions make a new version.
type UpdateChecklistTemplateInput struct {
	ID          pulid.ID                `json:"id"`
	Title       *string                 `json:"title"`
	Description *string                 `json:"description"`
	Questions   []TemplateQuestionInput `json:"questions"`
}

// Validate reports every problem of the input at once.
func (in *UpdateChecklistTemplateInput) Validate() error {
	var errs []error
	if in.Title != nil {
		*in.Title = strings.TrimSpace(*in.Title)
		errs = append(errs, validate.Required("title", *in.Title, maxTitle))
	}
	errs = append(errs, validate.Text("description", &in.Description, maxText, nil))
	if in.Questions != nil {
		errs = append(errs, questions(in.Questions))
	}
	return apperr.Join(errs...)
}

// ApplyChecklistTemplateInput copies the questions of one of the organization's templates, or of
// one of the company's own checklists, into an audit's checklist.
type ApplyChecklistTemplateInput struct {
	AuditID            pulid.ID  `json:"auditID"`
	TemplateID         *pulid.ID `json:"templateID"`
	CompanyChecklistID *pulid.ID `json:"companyChecklistID"`
}

// Validate reports every problem of the input at once.
func (in *ApplyChecklistTemplateInput) Validate() error {
	switch {
	case in.TemplateID == nil && in.CompanyChecklistID == nil:
		return apperr.Invalid("templateID", apperr.Required, "name a checklist template or one of the company's checklists", "チェックリストのテンプレートか会社のチェックリストを指定してください")
	case in.TemplateID != nil && in.CompanyChecklistID != nil:
		return apperr.Invalid("companyChecklistID", apperr.ConflictingFields, "apply one checklist at a time", "チェックリストは1つずつ適用してください")
	}
	return nil
}

// CopyChecklistTemplateInput copies a template into a client company as the company's own
// checklist.
type CopyChecklistTemplateInput struct {
	TemplateID pulid.ID `json:"templateID"`
	CompanyID  pulid.ID `json:"companyID"`
}

func questions(qs []TemplateQuestionInput) error {
	switch {
	case len(qs) == 0:
		return apperr.Invalid("questions", apperr.Required, "a template has at least one question", "質問を1件以上入力してください")
	case len(qs) > maxTemplateQuestions:
		return listLength("questions", len(qs), maxTemplateQuestions)
	}
	var errs []error
	for i := range qs {
		q := &qs[i]
		at := fmt.Sprintf("questions.%d.", i)
		q.Question = strings.TrimSpace(q.Question)
		errs = append(errs, validate.Required(at+"question", q.Question, maxQuestion))
		errs = append(errs, oneRef(at+"clause", &q.Clause, clauseRefs))
		errs = append(errs, oneRef(at+"control", &q.Control, controlRefs))
	}
	return apperr.Join(errs...)
}

func stored(qs []TemplateQuestionInput) []checklist.Question {
	out := make([]checklist.Question, len(qs))
	for i, q := range qs {
		out[i] = checklist.Question{Clause: q.Clause, Control: q.Control, Question: q.Question}
	}
	return out
}

// CreateTemplate adds a standard checklist, version 1, to the viewer's organization.
func (s *Service) CreateTemplate(ctx context.Context, in CreateChecklistTemplateInput) (*ent.ChecklistTemplate, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create checklist template: %w", err)
	}
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("create checklist template: %w", apperr.Unauthenticated("sign in first", "ログインしてください"))
	}
	t, err := s.db.ChecklistTemplate.Create().
		SetOrganizationID(v.OrganizationID).
		SetTitle(in.Title).
		SetNillableDescription(in.Description).
		SetQuestions(stored(in.Questions)).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create checklist template: %w", err)
	}
	return t, nil
}

// UpdateTemplate changes a template that is not archived; new questions make its next version.
// The audits that copied an earlier version keep their checklists as they are.
func (s *Service) UpdateTemplate(ctx context.Context, in UpdateChecklistTemplateInput) (*ent.ChecklistTemplate, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update checklist template: %w", err)
	}
	t, err := s.db.ChecklistTemplate.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update checklist template: %w", err)
	}
	if t.ArchivedAt != nil {
		return nil, fmt.Errorf("update checklist template: %w", apperr.Invalid("id", apperr.Archived, "the template is archived; restore it first", "テンプレートはアーカイブされています。先に復元してください"))
	}
	u := t.Update().SetNillableTitle(in.Title).SetNillableDescription(in.Description)
	if in.Questions != nil {
		u.SetQuestions(stored(in.Questions)).SetVersion(t.Version + 1)
	}
	t, err = u.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update checklist template: %w", err)
	}
	return t, nil
}

// ApplyTemplate appends the questions of a template's current version (or of a company
// checklist of the audit's company) to the checklist of an audit that is not completed or
// canceled, in one transaction; the audit's items are copies that a later version does not
// change.
func (s *Service) ApplyTemplate(ctx context.Context, in ApplyChecklistTemplateInput) (*ent.Audit, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("apply checklist template: %w", err)
	}
	var a *ent.Audit
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var qs []checklist.Question
		if in.TemplateID != nil {
			t, err := activeTemplate(ctx, tx, *in.TemplateID)
			if err != nil {
				return err
			}
			qs = t.Questions
		}
		var own *ent.CompanyChecklist
		if in.CompanyChecklistID != nil {
			var err error
			if own, err = activeCompanyChecklist(ctx, tx, *in.CompanyChecklistID, "companyChecklistID"); err != nil {
				return err
			}
			qs = own.Questions
		}
		var err error
		a, err = tx.Audit.Get(ctx, in.AuditID)
		if err != nil {
			return validate.Reference("auditID", err)
		}
		if own != nil && own.CompanyID != a.CompanyID {
			return validate.Reference("companyChecklistID", apperr.NotFound("company checklist", "会社のチェックリスト"))
		}
		if a.Status == audit.StatusCOMPLETED || a.Status == audit.StatusCANCELED || a.ArchivedAt != nil {
			return apperr.Invalid("auditID", apperr.StaleState, "the audit's checklist no longer changes", "監査のチェックリストは変更できません")
		}
		n, err := tx.ChecklistItem.Query().Where(checklistitem.AuditID(a.ID)).Count(ctx)
		if err != nil {
			return err
		}
		items := make([]*ent.ChecklistItemCreate, len(qs))
		for i, q := range qs {
			items[i] = tx.ChecklistItem.Create().SetCompanyID(a.CompanyID).SetAuditID(a.ID).SetPosition(n + i + 1).
				SetQuestion(q.Question).SetNillableClause(q.Clause).SetNillableControl(q.Control)
		}
		return tx.ChecklistItem.CreateBulk(items...).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("apply checklist template: %w", err)
	}
	return a, nil
}

// activeTemplate reads a template that is not archived, for templateID.
func activeTemplate(ctx context.Context, tx *ent.Client, id pulid.ID) (*ent.ChecklistTemplate, error) {
	t, err := tx.ChecklistTemplate.Get(ctx, id)
	if err != nil {
		return nil, validate.Reference("templateID", err)
	}
	if t.ArchivedAt != nil {
		return nil, apperr.Invalid("templateID", apperr.Archived, "the template is archived; restore it first", "テンプレートはアーカイブされています。先に復元してください")
	}
	return t, nil
}

// activeCompanyChecklist reads a company checklist that is not archived, for field.
func activeCompanyChecklist(ctx context.Context, tx *ent.Client, id pulid.ID, field string) (*ent.CompanyChecklist, error) {
	c, err := tx.CompanyChecklist.Get(ctx, id)
	if err != nil {
		if field == "id" {
			return nil, err
		}
		return nil, validate.Reference(field, err)
	}
	if c.ArchivedAt != nil {
		return nil, apperr.Invalid(field, apperr.Archived, "the checklist is archived; restore it first", "チェックリストはアーカイブされています。先に復元してください")
	}
	return c, nil
}

// CopyTemplate copies the current version of a template into a client company (not archived) as
// the company's own checklist, which the company then keeps: later versions of the template do
// not change it.
func (s *Service) CopyTemplate(ctx context.Context, in CopyChecklistTemplateInput) (*ent.CompanyChecklist, error) {
	t, err := activeTemplate(ctx, s.db, in.TemplateID)
	if err != nil {
		return nil, fmt.Errorf("copy checklist template: %w", err)
	}
	c, err := company(ctx, s.db, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("copy checklist template: %w", err)
	}
	own, err := s.db.CompanyChecklist.Create().
		SetCompanyID(c.ID).
		SetTitle(t.Title).
		SetNillableDescription(t.Description).
		SetQuestions(t.Questions).
		SetSourceTemplateID(t.ID).
		SetSourceVersion(t.Version).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("copy checklist template: %w", err)
	}
	return own, nil
}

// UpdateCompanyChecklist changes a company's checklist that is not archived; new questions make
// its next version. The template it was copied from does not change.
func (s *Service) UpdateCompanyChecklist(ctx context.Context, in UpdateChecklistTemplateInput) (*ent.CompanyChecklist, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update company checklist: %w", err)
	}
	c, err := activeCompanyChecklist(ctx, s.db, in.ID, "id")
	if err != nil {
		return nil, fmt.Errorf("update company checklist: %w", err)
	}
	u := c.Update().SetNillableTitle(in.Title).SetNillableDescription(in.Description)
	if in.Questions != nil {
		u.SetQuestions(stored(in.Questions)).SetVersion(c.Version + 1)
	}
	if c, err = u.Save(ctx); err != nil {
		return nil, fmt.Errorf("update company checklist: %w", err)
	}
	return c, nil
}
