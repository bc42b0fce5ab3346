package server

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"time"

	"secretariat/internal/apperr"
	"secretariat/internal/excel"
	"secretariat/internal/iso27001"
	"secretariat/internal/language"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// newExcel builds the Excel import/export service over the database and the Annex A catalogue;
// its imports write through the assets and risks services.
func newExcel(d Deps, assetService excel.Assets, riskService excel.Risks) *excel.Service {
	return excel.NewService(d.DB.Client, annexA, assetService, riskService, d.Log)
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

// exportFiles serves GET /exports/companies/{companyID}/{assets|risks|soa}.xlsx: a company's
// asset inventory, risk register or Statement of Applicability as a workbook, to a signed-in
// viewer who reaches the company. As for document files, the viewer comes from the
// Authorization header and the rows are read through the viewer's client in one read-only
// operation, so a company of another tenant is 404 exactly like one that never existed.
func exportFiles(d Deps, svc *excel.Service) http.Handler {
	workbooks := map[string]excel.Workbook{
		"assets.xlsx": excel.AssetsWorkbook, "risks.xlsx": excel.RisksWorkbook, "soa.xlsx": excel.SoAWorkbook,
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if viewer.FromContext(r.Context()) == nil {
			w.Header().Set("WWW-Authenticate", `Bearer`)
			http.Error(w, "sign in to download exports", http.StatusUnauthorized)
			return
		}
		wb, known := workbooks[r.PathValue("file")]
		id, err := pulid.Parse(r.PathValue("companyID"))
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
		content, err := svc.Export(ctx, id, wb, l)
		switch apperr.KindOf(err) {
		case apperr.KindNotFound:
			http.Error(w, "not found", http.StatusNotFound)
			return
		case apperr.KindUnauthenticated:
			http.Error(w, "sign in to download exports", http.StatusUnauthorized)
			return
		}
		if err != nil {
			fileFailure(w, r, d.Log, "export "+string(wb), err)
			return
		}
		name := fmt.Sprintf("%s-%s.xlsx", wb, time.Now().UTC().Format("20060102"))
		h := w.Header()
		h.Set("Content-Type", excel.ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		h.Set("Content-Language", string(l))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "private, no-store")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(content))
	})
}
