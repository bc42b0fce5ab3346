package excel

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/user"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/database"
	"secretariat/internal/language"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// ImportInput is a workbook to import into a company the viewer reaches.
type ImportInput struct {
	CompanyID pulid.ID     `json:"companyID"`
	File      *blob.Upload `json:"file"`
}

// Result counts what an import did. When Errors is not empty nothing was written.
type Result struct {
	Imported  int        `json:"imported"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Errors    []RowError `json:"errors"`
}

// RowError is a problem of one cell: the sheet's row number (the header is row 1), the column
// as headed in the file, the reason (one of apperr's, stable for a client to switch on, as in
// extensions.reason) and what is wrong, in English and Japanese. Message is that text in the
// language of the import's viewer (inLanguage).
type RowError struct {
	Row     int
	Column  string
	Reason  apperr.Reason
	Text    apperr.Text
	Message string

	index int // the column's position in the sheet, to list a row's problems from left to right
}

// failed is the result of an import refused for the problems of its cells, listed by row and,
// within a row, from left to right.
func failed(errs []RowError) *Result {
	slices.SortStableFunc(errs, func(a, b RowError) int {
		return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.index, b.index))
	})
	return &Result{Errors: errs}
}

// inLanguage writes the message of each problem of a refused import in the language of the
// request (package language: the viewer's own, else its organization's default, else
// Accept-Language, else Japanese), the language of the API's errors, so that a sheet's problems
// read like the rest of the API.
func (s *Service) inLanguage(ctx context.Context, lang language.Request, res *Result, err error) (*Result, error) {
	if err != nil || len(res.Errors) == 0 {
		return res, err
	}
	l, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	for i := range res.Errors {
		res.Errors[i].Message = res.Errors[i].Text.In(l)
	}
	return res, nil
}

// openCompany loads the company through the viewer's client (bad input in companyID, UNKNOWN_ID,
// when out of reach) and refuses an archived one.
func (s *Service) openCompany(ctx context.Context, id pulid.ID) (*ent.Company, error) {
	c, err := s.db.Company.Get(ctx, id)
	if err != nil {
		return nil, validate.Reference("companyID", err)
	}
	if c.ArchivedAt != nil {
		return nil, apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください")
	}
	return c, nil
}

// people resolves e-mail addresses to users who work in the company, remembering answers.
type people struct {
	db        *ent.Client
	companyID pulid.ID
	known     map[string]*person // nil: no such person in the company
}

type person struct {
	id    pulid.ID
	role  viewer.Role
	works bool // reaches the company and may be named (not an auditor)
}

func newPeople(db *ent.Client, companyID pulid.ID) *people {
	return &people{db: db, companyID: companyID, known: map[string]*person{}}
}

// resolve returns the user of the address in the record's column; an empty cell is (nil, true).
// An address of nobody who works in the company (or of an auditor) is a row error, unless it is
// the person the record already names (keep): an export of a record whose owner has since left
// imports back unchanged. This is the services' rule for a person named on a record (members.RoleIn
// decides for both), checked here so that a sheet's problems come at once; what else a person
// may be named for (accepting a risk) only the service decides.
func (p *people) resolve(ctx context.Context, r record, key string, keep *pulid.ID) (*pulid.ID, bool, error) {
	who, ok, err := p.person(ctx, r, key, keep)
	if who == nil {
		return nil, ok, err
	}
	return &who.id, ok, err
}

// person is resolve with the person's role in the company.
func (p *people) person(ctx context.Context, r record, key string, keep *pulid.ID) (*person, bool, error) {
	email := strings.ToLower(r.text(key))
	if email == "" {
		return nil, true, nil
	}
	who, seen := p.known[email]
	if !seen {
		u, err := p.db.User.Query().Where(user.Email(email)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
		case err != nil:
			return nil, false, fmt.Errorf("user %s: %w", email, err)
		default:
			role, ok, err := members.RoleIn(ctx, p.db, u.ID, p.companyID)
			if err != nil {
				return nil, false, err
			}
			who = &person{id: u.ID, role: role, works: ok && role != viewer.RoleAuditor}
		}
		p.known[email] = who
	}
	switch {
	case who != nil && (who.works || (keep != nil && *keep == who.id)):
		return who, true, nil
	case who != nil && who.role == viewer.RoleAuditor:
		// As the services answer an auditor named on a record.
		r.fail(key, apperr.RoleRequired, "an auditor reads only", "監査人は閲覧のみのため指定できません")
	default:
		r.fail(key, apperr.InvalidValue, fmt.Sprintf("%s is not a member of the company", email), fmt.Sprintf("%s は会社で業務を行うメンバーではありません", email))
	}
	return nil, false, nil
}

// errRefused ends the step of an import whose rows a service refused, undoing what it wrote.
var errRefused = errors.New("import refused")

// rowWrite is one row's write through its module's service.
type rowWrite struct {
	rec record
	do  func(ctx context.Context) error
}

// writeAll runs the writes of an import in one step of the operation (database.Step), through
// the services that write the records the API writes, with their rules: the rows commit
// together, or, when the sheet already has problems (t.errs) or a service refuses any row, none
// does, and every problem of every row is a row error on the column of its field (columns maps a service's field to the sheet's column;
// a field without a column, and a conflict without a field, go to the row's key column). An
// error that is not about the input ends the import.
func writeAll(ctx context.Context, t *table, writes []rowWrite, columns map[string]string, key string) error {
	err := database.Step(ctx, func() error {
		for _, w := range writes {
			err := w.do(ctx)
			if err == nil {
				continue
			}
			problems := apperr.Fields(err)
			for _, p := range problems {
				if p.Kind != apperr.KindInvalid && p.Kind != apperr.KindConflict {
					problems = nil
					break
				}
			}
			if len(problems) == 0 {
				return fmt.Errorf("row %d: %w", w.rec.num, err)
			}
			for _, p := range problems {
				column, ok := columns[p.Field]
				if !ok {
					column = p.Field
				}
				if _, known := w.rec.t.cols[column]; !known {
					column = key
				}
				w.rec.fail(column, p.Reason, p.Text.EN, p.Text.JA)
			}
		}
		if len(t.errs) > 0 {
			return errRefused
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		return nil
	}
	return err
}
