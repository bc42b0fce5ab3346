package documents

import (
	"context"
	"fmt"
	"unicode/utf8"

	"secretariat/ent"
	"secretariat/ent/document"
	"secretariat/ent/task"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/viewer"
)

// reviewTaskDueDays is how long the owner gets for the review of an overdue document.
const reviewTaskDueDays = 14

// IsOverdue reports whether the document's review date has passed: it is due for review
// (見直し期限切れ). Archived documents are never overdue.
func (s *Service) IsOverdue(doc *ent.Document) bool {
	return doc.ArchivedAt == nil && doc.NextReviewOn != nil && doc.NextReviewOn.Before(s.today())
}

// Overdue lists the company's overdue documents, the longest overdue first unless orderBy says
// otherwise, a page at a time.
func (s *Service) Overdue(ctx context.Context, companyID pulid.ID, page Page, orderBy *ent.DocumentOrder) (*ent.DocumentConnection, error) {
	if _, err := s.db.Company.Get(ctx, companyID); err != nil {
		return nil, fmt.Errorf("overdue documents: %w", notFound(err, "company", "会社"))
	}
	if orderBy == nil {
		orderBy = &ent.DocumentOrder{Field: ent.DocumentOrderFieldNextReviewOn, Direction: ent.OrderDirectionAsc}
	}
	conn, err := s.db.Document.Query().
		Where(document.CompanyID(companyID), document.ArchivedAtIsNil(), document.NextReviewOnLT(s.today())).
		Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithDocumentOrder(orderBy))
	if err != nil {
		return nil, fmt.Errorf("overdue documents: %w", err)
	}
	return conn, nil
}

// Page is where a list starts and how long it is (a Relay connection's arguments).
type Page struct {
	After  *ent.Cursor
	First  *int
	Before *ent.Cursor
	Last   *int
}

func overdue(ctx context.Context, db *ent.Client, companyID pulid.ID, today date.Date) ([]*ent.Document, error) {
	return db.Document.Query().
		Where(document.CompanyID(companyID), document.ArchivedAtIsNil(), document.NextReviewOnLT(today)).
		Order(ent.Asc(document.FieldNextReviewOn), ent.Asc(document.FieldCode)).
		All(ctx)
}

// ScheduleReviews gives every overdue document of the company that has no open review task one:
// 「文書レビュー: <title>」 for the document's owner (unassigned when the owner no longer reaches
// the company), due reviewTaskDueDays from today, linked back by source DOCUMENT_REVIEW and the
// document's ID. It returns the tasks it created; run again, it creates none.
func (s *Service) ScheduleReviews(ctx context.Context, companyID pulid.ID) ([]*ent.Task, error) {
	if _, err := s.db.Company.Get(ctx, companyID); err != nil {
		return nil, fmt.Errorf("schedule document reviews: %w", notFound(err, "company", "会社"))
	}
	// Refuse a role that may not create tasks even when there is nothing to create, so the
	// answer does not depend on the state of the documents.
	if err := authz.Check(ctx, task.Policy, s.db.Task.Create().SetCompanyID(companyID).Mutation()); err != nil {
		return nil, fmt.Errorf("schedule document reviews: %w", err)
	}
	today := s.today()
	created := []*ent.Task{}
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		docs, err := overdue(ctx, tx, companyID, today)
		if err != nil {
			return err
		}
		for _, doc := range docs {
			open, err := tx.Task.Query().
				Where(
					task.SourceEQ(task.SourceDOCUMENT_REVIEW),
					task.SourceID(doc.ID),
					task.StatusNotIn(task.StatusDONE, task.StatusCANCELED),
					task.ArchivedAtIsNil(),
				).
				Exist(ctx)
			if err != nil {
				return fmt.Errorf("review tasks of %s: %w", doc.Code, err)
			}
			if open {
				continue
			}
			create := tx.Task.Create().
				SetCompanyID(companyID).
				SetTitle(truncate(reviewTaskPrefix+doc.Title, maxTitle)).
				SetDescription(fmt.Sprintf("%s「%s」の見直し期限 (%s) を過ぎています。内容を見直し、改訂版を承認するか、見直し日を更新してください。",
					doc.Code, doc.Title, doc.NextReviewOn)).
				SetDueDate(today.AddDays(reviewTaskDueDays)).
				SetSource(task.SourceDOCUMENT_REVIEW).
				SetSourceID(doc.ID)
			if doc.OwnerID != nil {
				role, ok, err := members.RoleIn(ctx, tx, *doc.OwnerID, companyID)
				if err != nil {
					return err
				}
				if ok && role != viewer.RoleAuditor {
					create.SetAssigneeID(*doc.OwnerID)
				}
			}
			t, err := create.Save(ctx)
			if err != nil {
				return fmt.Errorf("review task of %s: %w", doc.Code, err)
			}
			created = append(created, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("schedule document reviews: %w", err)
	}
	return created, nil
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
