package portfolio

import (
	"testing"
	stdtime "time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/audit"
	"secretariat/internal/date"
)

func TestFigures_CachedFormRoundTrips(t *testing.T) {
	d := func(y, m, dd int) *date.Date { v := date.New(y, stdtime.Month(m), dd); return &v }
	kind := audit.KindRECERTIFICATION
	full := Figures{
		NextCertificationAuditOn: d(2027, 2, 2), NextCertificationAuditKind: &kind, InternalAuditDueOn: d(1970, 1, 1),
		ManagementReviewDueOn: d(1969, 12, 31), SoAReviewDueOn: d(2099, 12, 31), CertificateExpiresOn: d(2026, 12, 20),
		OpenMajorFindings: 1, OpenMinorFindings: 2, OpenObservations: 3, OpenOpportunities: 4, OverdueTasks: 5000,
		OverdueDocumentReviews: 6, OverdueTraining: 7, SoAControls: 93, SoAApplicableControls: 90, SoAImplementedControls: 45,
		UncoveredResponsibilities: 7, IncidentsLast90Days: 8,
	}
	for _, f := range []Figures{full, {}} {
		got, err := decode(f.encode())
		require.NoError(t, err)
		assert.Equal(t, f, *got)
	}
	b := full.encode()
	for _, bad := range [][]byte{nil, b[:len(b)-1], append(b, 0), {0xff}} {
		_, err := decode(bad)
		assert.ErrorIs(t, err, errCorrupt, "%x", bad)
	}
}
