package secretariat

import (
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/locale"
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

// Responsibilities lists every responsibility, in the overview's order.
func Responsibilities() []secretariatassignment.Responsibility {
	out := make([]secretariatassignment.Responsibility, len(responsibilities))
	for i, r := range responsibilities {
		out[i] = r.responsibility
	}
	return out
}
