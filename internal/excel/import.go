package excel

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/user"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
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
// imports back unchanged.
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
	if who == nil || (!who.works && (keep == nil || *keep != who.id)) {
		r.fail(key, apperr.InvalidValue, fmt.Sprintf("%s is not a member of the company", email), fmt.Sprintf("%s は会社で業務を行うメンバーではありません", email))
		return nil, false, nil
	}
	return who, true, nil
}

// sameID compares optional IDs.
func sameID(a, b *pulid.ID) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func sameInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func sameStr(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
