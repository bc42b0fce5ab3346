package audits

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/auditorrequest"
	"secretariat/ent/auditorrequestdocument"
	"secretariat/ent/documentversion"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/tasks"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// maxAnswerDocuments bounds the document versions one answer hands over.
const maxAnswerDocuments = 50

// FileAuditorRequestInput files a request of an audit: what the auditor asks or wants to see.
type FileAuditorRequestInput struct {
	AuditID  pulid.ID   `json:"auditID"`
	Question string     `json:"question"`
	Clause   *string    `json:"clause"`
	Control  *string    `json:"control"`
	WantedBy *time.Time `json:"wantedBy"`
}

// Validate reports every problem of the input at once.
func (in *FileAuditorRequestInput) Validate() error {
	in.Question = strings.TrimSpace(in.Question)
	errs := []error{validate.Required("question", in.Question, maxText)}
	errs = append(errs, oneRef("clause", &in.Clause, clauseRefs))
	errs = append(errs, oneRef("control", &in.Control, controlRefs))
	if in.WantedBy != nil && (in.WantedBy.Year() < 2000 || in.WantedBy.Year() > 2100) {
		errs = append(errs, apperr.Invalid("wantedBy", apperr.OutOfRange, "must be between the years 2000 and 2100", "2000年から2100年までの日時を入力してください"))
	}
	return apperr.Join(errs...)
}

// RouteAuditorRequestInput routes a request to a person, and a department, as a task (source
// AUDITOR_REQUEST) due on DueDate, or on the day the auditor wants the answer.
type RouteAuditorRequestInput struct {
	ID           pulid.ID   `json:"id"`
	AssigneeID   pulid.ID   `json:"assigneeID"`
	DepartmentID *pulid.ID  `json:"departmentID"`
	DueDate      *date.Date `json:"dueDate"`
}

// AnswerAuditorRequestInput answers a request with text, approved document versions, or both.
type AnswerAuditorRequestInput struct {
	ID                 pulid.ID   `json:"id"`
	Answer             *string    `json:"answer"`
	DocumentVersionIDs []pulid.ID `json:"documentVersionIDs"`
}

// Validate reports every problem of the input at once.
func (in *AnswerAuditorRequestInput) Validate() error {
	errs := []error{
		validate.Text("answer", &in.Answer, maxText, nil),
		listLength("documentVersionIDs", len(in.DocumentVersionIDs), maxAnswerDocuments),
	}
	if in.Answer == nil && len(in.DocumentVersionIDs) == 0 {
		errs = append(errs, apperr.Invalid("answer", apperr.Required, "an answer gives text, document versions or both", "回答の本文か文書（版）、またはその両方を指定してください"))
	}
	errs = append(errs, repeats("documentVersionIDs", nil, in.DocumentVersionIDs, "a version", "版"))
	return apperr.Join(errs...)
}

// ReopenAuditorRequestInput sends an answer back with the reason.
type ReopenAuditorRequestInput struct {
	ID     pulid.ID `json:"id"`
	Reason string   `json:"reason"`
}

// Validate reports every problem of the input at once.
func (in *ReopenAuditorRequestInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	return validate.Required("reason", in.Reason, maxOverride)
}

// FileRequest files a request of an audit that is not completed, canceled or archived, in the
// viewer's name (the auditor, or the secretariat for them), numbered after the audit's last.
func (s *Service) FileRequest(ctx context.Context, in FileAuditorRequestInput) (*ent.AuditorRequest, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("file auditor request: %w", err)
	}
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("file auditor request: %w", apperr.Unauthenticated("sign in first", "ログインしてください"))
	}
	var r *ent.AuditorRequest
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		a, err := tx.Audit.Get(ctx, in.AuditID)
		if err != nil {
			return validate.Reference("auditID", err)
		}
		switch {
		case a.ArchivedAt != nil:
			return apperr.Invalid("auditID", apperr.Archived, "the audit is archived", "監査はアーカイブされています")
		case a.Status == audit.StatusCOMPLETED || a.Status == audit.StatusCANCELED:
			return apperr.Invalid("auditID", apperr.StaleState, "the audit is "+string(a.Status)+": it takes no more requests", "監査は "+string(a.Status)+" のため、依頼を登録できません")
		}
		last := 0
		switch prev, err := tx.AuditorRequest.Query().Where(auditorrequest.AuditID(a.ID)).Order(ent.Desc(auditorrequest.FieldNumber)).First(ctx); {
		case err == nil:
			last = prev.Number
		case !ent.IsNotFound(err):
			return err
		}
		r, err = tx.AuditorRequest.Create().
			SetCompanyID(a.CompanyID).
			SetAuditID(a.ID).
			SetNumber(last + 1).
			SetQuestion(in.Question).
			SetNillableClause(in.Clause).
			SetNillableControl(in.Control).
			SetNillableWantedBy(in.WantedBy).
			SetFiledByID(v.UserID).
			Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("file auditor request: %w", err)
	}
	return r, nil
}

// request reads a request in one of the states from, for a move.
func request(ctx context.Context, tx *ent.Client, id pulid.ID, from ...auditorrequest.Status) (*ent.AuditorRequest, error) {
	r, err := tx.AuditorRequest.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(from, r.Status) {
		return nil, apperr.Invalid("id", apperr.InvalidTransition,
			fmt.Sprintf("the request is %s", r.Status), fmt.Sprintf("依頼の状態が %s のため、この操作はできません", r.Status))
	}
	return r, nil
}

// RouteRequest routes an open, reopened or routed request to a person (and a department) as a
// task, due on the day given or the day the auditor wants the answer (Japan), else today.
func (s *Service) RouteRequest(ctx context.Context, in RouteAuditorRequestInput) (*ent.AuditorRequest, error) {
	var r *ent.AuditorRequest
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		r, err = request(ctx, tx, in.ID, auditorrequest.StatusOPEN, auditorrequest.StatusREOPENED, auditorrequest.StatusROUTED)
		if err != nil {
			return err
		}
		if in.DepartmentID != nil {
			if err := checkDepartments(ctx, tx, r.CompanyID, []pulid.ID{*in.DepartmentID}); err != nil {
				return errNoDepartment("departmentID")
			}
		}
		due := s.Today()
		switch {
		case in.DueDate != nil:
			due = *in.DueDate
		case r.WantedBy != nil:
			due = date.Of(r.WantedBy.In(date.Calendar))
		}
		urgent := task.PriorityURGENT
		t, err := s.tasks.CreateFrom(ctx, tx, tasks.CreateTaskInput{
			CompanyID:   r.CompanyID,
			Title:       validate.Truncate(fmt.Sprintf("審査員依頼 #%d: %s", r.Number, r.Question), maxTitle),
			Description: &r.Question,
			DueDate:     due,
			AssigneeID:  &in.AssigneeID,
			Priority:    &urgent,
		}, tasks.Origin{Source: task.SourceAUDITOR_REQUEST, SourceID: &r.ID})
		if err != nil {
			return err
		}
		r, err = r.Update().SetStatus(auditorrequest.StatusROUTED).SetTaskID(t.ID).SetNillableDepartmentID(in.DepartmentID).Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("route auditor request: %w", err)
	}
	return r, nil
}

// AnswerRequest answers a request that is not accepted: text, approved document versions (each
// the current approved version of a document of the company), or both; the versions given
// replace those of an earlier answer. The routed task, if still open, is done with it.
func (s *Service) AnswerRequest(ctx context.Context, in AnswerAuditorRequestInput) (*ent.AuditorRequest, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("answer auditor request: %w", err)
	}
	var r *ent.AuditorRequest
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		r, err = request(ctx, tx, in.ID, auditorrequest.StatusOPEN, auditorrequest.StatusROUTED, auditorrequest.StatusREOPENED, auditorrequest.StatusANSWERED)
		if err != nil {
			return err
		}
		if err := checkHandedOver(ctx, tx, r.CompanyID, in.DocumentVersionIDs); err != nil {
			return err
		}
		if _, err := tx.AuditorRequestDocument.Delete().Where(auditorrequestdocument.RequestID(r.ID)).Exec(ctx); err != nil {
			return err
		}
		if len(in.DocumentVersionIDs) > 0 {
			links := make([]*ent.AuditorRequestDocumentCreate, len(in.DocumentVersionIDs))
			for i, id := range in.DocumentVersionIDs {
				links[i] = tx.AuditorRequestDocument.Create().SetCompanyID(r.CompanyID).SetRequestID(r.ID).SetDocumentVersionID(id)
			}
			if err := tx.AuditorRequestDocument.CreateBulk(links...).Exec(ctx); err != nil {
				return err
			}
		}
		now := s.now()
		if r.TaskID != nil {
			if _, err := tx.Task.Update().
				Where(task.ID(*r.TaskID), task.StatusNotIn(task.StatusDONE, task.StatusCANCELED)).
				SetStatus(task.StatusDONE).SetCompletedAt(now).SetCompletionNote("審査員依頼に回答済み").
				Save(ctx); err != nil {
				return err
			}
		}
		u := r.Update().SetStatus(auditorrequest.StatusANSWERED).SetAnsweredAt(now)
		if in.Answer != nil {
			u.SetAnswer(*in.Answer)
		} else {
			u.ClearAnswer()
		}
		r, err = u.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("answer auditor request: %w", err)
	}
	return r, nil
}

// checkHandedOver refuses a version that is not the current approved version of a document of
// the company: an auditor is handed what is in force, never a draft.
func checkHandedOver(ctx context.Context, tx *ent.Client, companyID pulid.ID, ids []pulid.ID) error {
	if len(ids) == 0 {
		return nil
	}
	versions, err := tx.DocumentVersion.Query().
		Where(documentversion.IDIn(ids...), documentversion.CompanyID(companyID)).
		WithDocument().
		All(ctx)
	if err != nil {
		return err
	}
	byID := make(map[pulid.ID]*ent.DocumentVersion, len(versions))
	for _, v := range versions {
		byID[v.ID] = v
	}
	var errs []error
	for i, id := range ids {
		field := fmt.Sprintf("documentVersionIDs.%d", i)
		v := byID[id]
		switch {
		case v == nil:
			errs = append(errs, apperr.Invalid(field, apperr.UnknownID, "names no record you can use", "指定されたIDのレコードは利用できません"))
		case v.Status != documentversion.StatusAPPROVED || v.Edges.Document == nil || v.Edges.Document.CurrentVersionID == nil || *v.Edges.Document.CurrentVersionID != v.ID:
			errs = append(errs, apperr.Invalid(field, apperr.InvalidValue, "an answer hands over the current approved version of a document", "回答に添付できるのは文書の現行の承認済み版のみです"))
		}
	}
	return apperr.Join(errs...)
}

// AcceptRequest records that the auditor accepts the answer of an answered request.
func (s *Service) AcceptRequest(ctx context.Context, id pulid.ID) (*ent.AuditorRequest, error) {
	r, err := request(ctx, s.db, id, auditorrequest.StatusANSWERED)
	if err != nil {
		return nil, fmt.Errorf("accept auditor request: %w", err)
	}
	r, err = r.Update().SetStatus(auditorrequest.StatusACCEPTED).SetAcceptedAt(s.now()).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("accept auditor request: %w", err)
	}
	return r, nil
}

// ReopenRequest sends the answer of an answered request back, with the reason.
func (s *Service) ReopenRequest(ctx context.Context, in ReopenAuditorRequestInput) (*ent.AuditorRequest, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("reopen auditor request: %w", err)
	}
	r, err := request(ctx, s.db, in.ID, auditorrequest.StatusANSWERED)
	if err != nil {
		return nil, fmt.Errorf("reopen auditor request: %w", err)
	}
	r, err = r.Update().SetStatus(auditorrequest.StatusREOPENED).SetReopenReason(in.Reason).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("reopen auditor request: %w", err)
	}
	return r, nil
}

// maxComment bounds one comment on a request.
const maxComment = 4000

// CommentOnAuditorRequestInput adds a message to the discussion of a request.
type CommentOnAuditorRequestInput struct {
	ID   pulid.ID `json:"id"`
	Text string   `json:"text"`
}

// Validate reports every problem of the input at once.
func (in *CommentOnAuditorRequestInput) Validate() error {
	in.Text = strings.TrimSpace(in.Text)
	return validate.Required("text", in.Text, maxComment)
}

// CommentOnRequest adds the viewer's comment to a request it reads: the auditor of the audit, or
// the secretariat. Comments are kept in the order written and never changed.
func (s *Service) CommentOnRequest(ctx context.Context, in CommentOnAuditorRequestInput) (*ent.AuditorRequestComment, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("comment on auditor request: %w", err)
	}
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("comment on auditor request: %w", apperr.Unauthenticated("sign in first", "ログインしてください"))
	}
	r, err := s.db.AuditorRequest.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("comment on auditor request: %w", err)
	}
	c, err := s.db.AuditorRequestComment.Create().
		SetCompanyID(r.CompanyID).
		SetRequestID(r.ID).
		SetAuthorID(v.UserID).
		SetText(in.Text).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("comment on auditor request: %w", err)
	}
	return c, nil
}
