package secretariat

import (
	"context"

	"secretariat/ent"
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/locale"
	"secretariat/internal/viewer"
)

// responsibilities is the one table of the secretariat's responsibilities: the order in which the
// overview lists them and their labels in each locale.
var responsibilities = []struct {
	responsibility secretariatassignment.Responsibility
	labels         map[locale.Locale]string
}{
	{secretariatassignment.ResponsibilityLEADER, map[locale.Locale]string{locale.Japanese: "事務局長", locale.English: "Secretariat lead"}},
	{secretariatassignment.ResponsibilityDOCUMENT_CONTROL, map[locale.Locale]string{locale.Japanese: "文書管理", locale.English: "Document control"}},
	{secretariatassignment.ResponsibilityMEETINGS, map[locale.Locale]string{locale.Japanese: "会議運営", locale.English: "Meetings"}},
	{secretariatassignment.ResponsibilityTRAINING, map[locale.Locale]string{locale.Japanese: "教育", locale.English: "Training"}},
	{secretariatassignment.ResponsibilityAUDIT_LIAISON, map[locale.Locale]string{locale.Japanese: "審査対応", locale.English: "Audit liaison"}},
	{secretariatassignment.ResponsibilityINCIDENT_DESK, map[locale.Locale]string{locale.Japanese: "インシデント窓口", locale.English: "Incident desk"}},
	{secretariatassignment.ResponsibilitySUPPORT, map[locale.Locale]string{locale.Japanese: "サポート", locale.English: "Support"}},
}

// Language is what the request says about the language of labels: the locale asked for in the
// query, if any, and the Accept-Language header.
type Language struct {
	Locale         *locale.Locale
	AcceptLanguage string
}

// resolve picks the locale of labels: the one the query asks for; else the viewer's own
// preference; else the request's Accept-Language; else the organization's default; else
// Japanese. The viewer and organization are read only when the earlier sources say nothing.
func (l Language) resolve(ctx context.Context, db *ent.Client) (locale.Locale, error) {
	if l.Locale != nil && l.Locale.Valid() {
		return *l.Locale, nil
	}
	v := viewer.FromContext(ctx)
	if v != nil {
		u, err := db.User.Get(ctx, v.UserID)
		if err != nil && !ent.IsNotFound(err) {
			return "", err
		}
		if u != nil && u.Locale != nil && u.Locale.Valid() {
			return *u.Locale, nil
		}
	}
	if loc := locale.FromAcceptLanguage(l.AcceptLanguage); loc != "" {
		return loc, nil
	}
	if v != nil {
		org, err := db.Organization.Get(ctx, v.OrganizationID)
		if err != nil && !ent.IsNotFound(err) {
			return "", err
		}
		if org != nil && org.DefaultLocale.Valid() {
			return org.DefaultLocale, nil
		}
	}
	return locale.Default, nil
}
