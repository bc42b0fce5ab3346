package excel

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/ent/department"
	"secretariat/ent/site"
	"secretariat/internal/apperr"
	"secretariat/internal/assets"
	"secretariat/internal/language"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
)

// assetRow is the wanted state of one asset.
type assetRow struct {
	num                      int
	name                     string
	typ                      asset.Type
	siteID, deptID, ownerID  *pulid.ID
	c, i, a                  int
	location, retention, not *string // nil when empty
}

// ImportAssets creates the assets of the first sheet that the company lacks (matched by name)
// and updates those that differ. Every row is checked first; if any is wrong nothing is written
// and the result lists every problem. A column missing from the sheet leaves that field as it
// is (a new asset gets the default). The problems are told in lang (inLanguage).
func (s *Service) ImportAssets(ctx context.Context, in ImportInput, lang language.Request) (*Result, error) {
	res, err := s.importAssets(ctx, in)
	return s.inLanguage(ctx, lang, res, err)
}

func (s *Service) importAssets(ctx context.Context, in ImportInput) (*Result, error) {
	c, err := s.openCompany(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("import assets: %w", err)
	}
	if err := authz.Check(ctx, asset.Policy, s.db.Asset.Create().SetCompanyID(c.ID).Mutation()); err != nil {
		return nil, fmt.Errorf("import assets: %w", err)
	}
	t, err := readTable(in.File, assetSheet)
	if err != nil {
		return nil, fmt.Errorf("import assets: %w", err)
	}
	if len(t.errs) > 0 {
		return failed(t.errs), nil
	}
	existing, err := s.db.Asset.Query().Where(asset.CompanyID(c.ID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("import assets: %w", err)
	}
	byName := map[string]*ent.Asset{}
	for _, a := range existing {
		byName[a.Name] = a
	}
	var sites, depts named
	err = sites.load(ctx,
		s.db.Site.Query().Where(site.CompanyID(c.ID), site.ArchivedAtIsNil()).Select(site.FieldID, site.FieldName).Scan,
		s.db.Site.Query().Where(site.CompanyID(c.ID), site.ArchivedAtNotNil()).Select(site.FieldID, site.FieldName).Scan)
	if err == nil {
		err = depts.load(ctx,
			s.db.Department.Query().Where(department.CompanyID(c.ID), department.ArchivedAtIsNil()).Select(department.FieldID, department.FieldName).Scan,
			s.db.Department.Query().Where(department.CompanyID(c.ID), department.ArchivedAtNotNil()).Select(department.FieldID, department.FieldName).Scan)
	}
	if err != nil {
		return nil, fmt.Errorf("import assets: %w", err)
	}
	who := newPeople(s.db, c.ID)
	seen := map[string]int{}
	var writes []rowWrite
	res := &Result{Errors: []RowError{}}
	for _, r := range t.rows {
		row, err := s.assetRow(ctx, r, byName[r.text("name")], sites, depts, who)
		if err != nil {
			return nil, fmt.Errorf("import assets: %w", err)
		}
		if row == nil {
			continue
		}
		if first, dup := seen[row.name]; dup {
			r.fail("name", apperr.Duplicate, fmt.Sprintf("the asset is already on row %d", first), fmt.Sprintf("同じ資産が%d行目にあります", first))
			continue
		}
		seen[row.name] = r.num
		if a := byName[row.name]; a != nil && a.ArchivedAt != nil {
			r.fail("name", apperr.Archived, "an archived asset has this name; restore it first", "この名前の資産はアーカイブされています。先に復元してください")
			continue
		}
		switch old := byName[row.name]; {
		case old == nil:
			res.Imported++
			in := createAssetInput(c.ID, *row)
			writes = append(writes, rowWrite{r, func(ctx context.Context) error { _, err := s.assets.Create(ctx, in); return err }})
		default:
			in, changed := updateAssetInput(old, *row)
			if !changed {
				res.Unchanged++
				continue
			}
			res.Updated++
			writes = append(writes, rowWrite{r, func(ctx context.Context) error { _, err := s.assets.Update(ctx, in); return err }})
		}
	}
	if err := writeAll(ctx, t, writes, assetColumns, "name"); err != nil {
		return nil, fmt.Errorf("import assets: %w", err)
	}
	if len(t.errs) > 0 {
		return failed(t.errs), nil
	}
	return res, nil
}

// assetColumns maps the assets service's input fields to the sheet's columns.
var assetColumns = map[string]string{"siteID": "site", "departmentID": "department", "ownerID": "owner"}

// createAssetInput is the input that creates the row's asset.
func createAssetInput(companyID pulid.ID, row assetRow) assets.CreateAssetInput {
	return assets.CreateAssetInput{
		CompanyID: companyID, Name: row.name, Type: row.typ,
		SiteID: row.siteID, DepartmentID: row.deptID, OwnerID: row.ownerID,
		Confidentiality: &row.c, Integrity: &row.i, Availability: &row.a,
		Location: row.location, Retention: row.retention, Notes: row.not,
	}
}

// updateAssetInput is the update that brings old to the row's state; false when nothing differs.
func updateAssetInput(old *ent.Asset, row assetRow) (assets.UpdateAssetInput, bool) {
	in := assets.UpdateAssetInput{ID: old.ID}
	d := diff{null: &in.Null}
	if old.Type != row.typ {
		in.Type, d.changed = &row.typ, true
	}
	for _, r := range []struct {
		was, want int
		dst       **int
	}{{old.Confidentiality, row.c, &in.Confidentiality}, {old.Integrity, row.i, &in.Integrity}, {old.Availability, row.a, &in.Availability}} {
		if r.was != r.want {
			v := r.want
			*r.dst, d.changed = &v, true
		}
	}
	field(&d, "siteID", old.SiteID, row.siteID, &in.SiteID)
	field(&d, "departmentID", old.DepartmentID, row.deptID, &in.DepartmentID)
	field(&d, "ownerID", old.OwnerID, row.ownerID, &in.OwnerID)
	field(&d, "location", old.Location, row.location, &in.Location)
	field(&d, "retention", old.Retention, row.retention, &in.Retention)
	field(&d, "notes", old.Notes, row.not, &in.Notes)
	return in, d.changed
}

// assetRow checks one record; nil when it has problems (recorded in the table). Columns the file
// lacks take the existing asset's values, or the defaults for a new one.
func (s *Service) assetRow(ctx context.Context, r record, old *ent.Asset, sites, depts named, who *people) (*assetRow, error) {
	before := len(r.t.errs)
	row := &assetRow{num: r.num, name: r.text("name"), c: 2, i: 2, a: 2}
	if old != nil {
		row.typ, row.siteID, row.deptID, row.ownerID = old.Type, old.SiteID, old.DepartmentID, old.OwnerID
		row.c, row.i, row.a = old.Confidentiality, old.Integrity, old.Availability
		row.location, row.retention, row.not = old.Location, old.Retention, old.Notes
	}
	if t := strings.ToUpper(r.text("type")); t == "" {
		r.fail("type", apperr.Required, "is required", "入力してください")
	} else if err := asset.TypeValidator(asset.Type(t)); err != nil {
		r.fail("type", apperr.InvalidValue, fmt.Sprintf("%q is not one of INFORMATION, SOFTWARE, HARDWARE, SERVICE, PEOPLE, FACILITY", r.text("type")),
			fmt.Sprintf("「%s」は指定できません。INFORMATION、SOFTWARE、HARDWARE、SERVICE、PEOPLE、FACILITY のいずれかにしてください", r.text("type")))
	} else {
		row.typ = asset.Type(t)
	}
	if r.has("site") {
		row.siteID = sites.find(r, "site", thing{"site", "拠点"}, row.siteID)
	}
	if r.has("department") {
		row.deptID = depts.find(r, "department", thing{"department", "部署"}, row.deptID)
	}
	if r.has("owner") {
		var keep *pulid.ID
		if old != nil {
			keep = old.OwnerID
		}
		id, _, err := who.resolve(ctx, r, "owner", keep)
		if err != nil {
			return nil, err
		}
		row.ownerID = id
	}
	for key, dst := range map[string]*int{"confidentiality": &row.c, "integrity": &row.i, "availability": &row.a} {
		if !r.has(key) {
			continue
		}
		v, ok := r.integer(key)
		switch {
		case !ok:
		case v == nil:
			*dst = 2
		default:
			*dst = *v
		}
	}
	if r.has("location") {
		row.location = textOrNil(r.text("location"))
	}
	if r.has("retention") {
		row.retention = textOrNil(r.text("retention"))
	}
	if r.has("notes") {
		row.not = textOrNil(r.text("notes"))
	}
	if len(r.t.errs) > before {
		return nil, nil
	}
	return row, nil
}

// named indexes the records of a company by name: the active ones and the archived ones.
type named struct{ active, archived map[string][]pulid.ID }

// load reads the id/name pairs of the active and of the archived records.
func (n *named) load(ctx context.Context, active, archived func(context.Context, any) error) (err error) {
	if n.active, err = namesOf(ctx, active); err != nil {
		return err
	}
	n.archived, err = namesOf(ctx, archived)
	return err
}

// find returns the one active record of the name in the record's column; an empty cell is nil.
// An archived record is accepted only when it is the one already set (keep), so that an export
// imports back unchanged.
func (n named) find(r record, key string, what thing, keep *pulid.ID) *pulid.ID {
	name := r.text(key)
	if name == "" {
		return nil
	}
	switch found := n.active[name]; len(found) {
	case 1:
		return &found[0]
	case 0:
	default:
		r.fail(key, apperr.InvalidValue, fmt.Sprintf("more than one %s is named %q", what.en, name), fmt.Sprintf("「%s」という名前の%sが複数あります", name, what.ja))
		return nil
	}
	archived := n.archived[name]
	if keep != nil && slices.Contains(archived, *keep) {
		return keep
	}
	if len(archived) > 0 {
		r.fail(key, apperr.Archived, fmt.Sprintf("the %s %q is archived", what.en, name), fmt.Sprintf("%s「%s」はアーカイブされています", what.ja, name))
		return nil
	}
	r.fail(key, apperr.UnknownID, fmt.Sprintf("no %s of the company is named %q", what.en, name), fmt.Sprintf("会社に「%s」という名前の%sはありません", name, what.ja))
	return nil
}

// thing names a kind of record in a message, in English and Japanese.
type thing struct{ en, ja string }

// namesOf loads id/name pairs and indexes the ids by name.
func namesOf(ctx context.Context, scan func(context.Context, any) error) (map[string][]pulid.ID, error) {
	var pairs []struct {
		ID   pulid.ID `json:"id"`
		Name string   `json:"name"`
	}
	if err := scan(ctx, &pairs); err != nil {
		return nil, err
	}
	out := map[string][]pulid.ID{}
	for _, p := range pairs {
		out[p.Name] = append(out[p.Name], p.ID)
	}
	return out, nil
}

// textOrNil is nil for an empty cell, so that it is stored as NULL.
func textOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
