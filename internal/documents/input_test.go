package documents

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"secretariat/ent/document"
	"secretariat/internal/apperr"
)

// Go callers (the meetings module publishing minutes) get the same typed errors as the API,
// which refuses an unknown kind already when reading the variables.
func TestCreateDocumentInput_ReportsEveryProblemWithItsField(t *testing.T) {
	months := 61
	code := "ISMS P 1"
	in := CreateDocumentInput{Title: "  ", Kind: "MEMO", ReviewIntervalMonths: &months, Code: &code}
	var fields []string
	for _, e := range apperr.Fields(in.Validate()) {
		assert.Equal(t, apperr.KindInvalid, e.Kind)
		fields = append(fields, e.Field)
	}
	assert.ElementsMatch(t, []string{"title", "code", "reviewIntervalMonths", "kind"}, fields)
	reasons := map[string]apperr.Reason{}
	for _, e := range apperr.Fields(in.Validate()) {
		reasons[e.Field] = e.Reason
		assert.NotEmpty(t, e.Text.JA, "%s speaks Japanese", e.Field)
	}
	assert.Equal(t, map[string]apperr.Reason{"title": apperr.Required, "code": apperr.InvalidValue,
		"reviewIntervalMonths": apperr.OutOfRange, "kind": apperr.InvalidValue}, reasons)

	minutes := CreateDocumentInput{Title: "議事録 2026-11-27 ISMS委員会", Kind: document.KindMINUTES}
	assert.NoError(t, minutes.Validate())
}

func TestCodeSeries_EveryKindHasOne(t *testing.T) {
	seen := map[string]bool{}
	assert.Len(t, codeSeries, 12)
	kinds := []document.Kind{document.KindPOLICY, document.KindPROCEDURE, document.KindMANUAL, document.KindSTANDARD,
		document.KindRECORD_TEMPLATE, document.KindRISK_ASSESSMENT, document.KindSOA, document.KindMINUTES,
		document.KindAUDIT_PROGRAMME, document.KindAUDIT_REPORT, document.KindIMPROVEMENT_REPORT, document.KindOTHER}
	for _, k := range kinds {
		assert.NoError(t, document.KindValidator(k))
		prefix, ok := codeSeries[k]
		assert.True(t, ok, "kind %s has no code series", k)
		assert.False(t, seen[prefix], "series %s is used twice", prefix)
		seen[prefix] = true
	}
}
