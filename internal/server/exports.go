package server

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"time"

	"secretariat/internal/apperr"
	"secretariat/internal/excel"
	"secretariat/internal/iso27001"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// newExcel builds the Excel import/export service over the database and the Annex A catalogue;
// its imports write through the assets, risks, audits and training services.
func newExcel(d Deps, assetService excel.Assets, riskService excel.Risks, auditService excel.Audits, drills excel.Drills) *excel.Service {
	return excel.NewService(d.DB.Client, annexA, assetService, riskService, auditService, d.Log, excel.WithDrills(drills))
}

// annexA is the control catalogue as the Excel service needs it.
func annexA() []excel.Control {
	cs, err := iso27001.Controls(iso27001.Framework)
	if err != nil {
		return nil
	}
	out := make([]excel.Control, len(cs))
	for i, c := range cs {
		out[i] = excel.Control{Ref: c.Ref, Theme: string(c.Theme), TitleJa: c.TitleJa, TitleEn: c.TitleEn}
	}
	return out
}

// exportFiles serves GET /exports/companies/{companyID}/{assets|risks|soa|findings|incidents|training}.xlsx:
// a company's asset inventory, risk register, Statement of Applicability, findings register,
// incident register or training history (?user={userID} for one person's) as a workbook, to a
// signed-in viewer who reaches the company. As for document files, the viewer comes from the
// Authorization header and the rows are read through the viewer's client in one read-only
// operation, so a company of another tenant is 404 exactly like one that never existed.
func exportFiles(d Deps, svc *excel.Service) http.Handler {
	workbooks := map[string]excel.Workbook{
		"assets.xlsx": excel.AssetsWorkbook, "risks.xlsx": excel.RisksWorkbook, "soa.xlsx": excel.SoAWorkbook,
		"findings.xlsx": excel.FindingsWorkbook, "incidents.xlsx": excel.IncidentsWorkbook,
	}
	return exportHandler(d, "companyID", func(file string) (string, exportFunc, bool) {
		if file == "training.xlsx" {
			return "training", func(ctx context.Context, id pulid.ID, l locale.Locale, q url.Values) ([]byte, error) {
				var person *pulid.ID
				if u := q.Get("user"); u != "" {
					p, err := pulid.Parse(u)
					if err != nil {
						return nil, apperr.NotFound("person", "担当者")
					}
					person = &p
				}
				return svc.ExportTraining(ctx, id, person, l)
			}, true
		}
		wb, known := workbooks[file]
		return string(wb), func(ctx context.Context, id pulid.ID, l locale.Locale, _ url.Values) ([]byte, error) {
			return svc.Export(ctx, id, wb, l)
		}, known
	})
}

// exportChecklist serves GET /exports/audits/{auditID}/checklist.xlsx: an audit's checklist as a
// workbook to fill in on the day and import back (importChecklist), to a signed-in viewer who
// reads the audit, like exportFiles: an audit the viewer cannot read is 404 exactly like one that
// never existed.
func exportChecklist(d Deps, svc *excel.Service) http.Handler {
	return exportHandler(d, "auditID", func(file string) (string, exportFunc, bool) {
		return "checklist", func(ctx context.Context, id pulid.ID, l locale.Locale, _ url.Values) ([]byte, error) {
			return svc.ExportChecklist(ctx, id, l)
		}, file == "checklist.xlsx"
	})
}

// exportFunc builds the workbook of one record (a company, an audit) in the language l, narrowed
// by the request's query q where the workbook takes it.
type exportFunc func(ctx context.Context, id pulid.ID, l locale.Locale, q url.Values) ([]byte, error)

// exportHandler serves the workbook that workbook names for the path's file (false: 404) of the
// record whose ID is the path value idKey: the viewer from the Authorization header (401 without
// one), the language from ?locale= (400 when malformed), else the viewer's, its organization's or
// Accept-Language, and the rows read through the viewer's client in one read-only operation, so
// that a record out of the viewer's reach is 404 exactly like one that never existed.
func exportHandler(d Deps, idKey string, workbook func(file string) (string, exportFunc, bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if viewer.FromContext(r.Context()) == nil {
			w.Header().Set("WWW-Authenticate", `Bearer`)
			http.Error(w, "sign in to download exports", http.StatusUnauthorized)
			return
		}
		name, export, known := workbook(r.PathValue("file"))
		id, err := pulid.Parse(r.PathValue(idKey))
		if !known || err != nil {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		ctx, op, err := d.DB.BeginOperation(r.Context(), true)
		if err != nil {
			fileFailure(w, r, d.Log, "begin operation", err)
			return
		}
		defer func() { _ = op.Rollback() }()
		l, err := language.Resolve(ctx, d.DB.Client, language.Request{
			Asked: r.URL.Query().Get("locale"), AcceptLanguage: r.Header.Get("Accept-Language"),
		})
		if err != nil {
			if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
				http.Error(w, e.Error(), http.StatusBadRequest)
				return
			}
			fileFailure(w, r, d.Log, "export locale", err)
			return
		}
		content, err := export(ctx, id, l, r.URL.Query())
		switch apperr.KindOf(err) {
		case apperr.KindNotFound:
			http.Error(w, "not found", http.StatusNotFound)
			return
		case apperr.KindUnauthenticated:
			http.Error(w, "sign in to download exports", http.StatusUnauthorized)
			return
		}
		if err != nil {
			fileFailure(w, r, d.Log, "export "+name, err)
			return
		}
		filename := fmt.Sprintf("%s-%s.xlsx", name, time.Now().UTC().Format("20060102"))
		h := w.Header()
		h.Set("Content-Type", excel.ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
		h.Set("Content-Language", string(l))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "private, no-store")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(content))
	})
}
