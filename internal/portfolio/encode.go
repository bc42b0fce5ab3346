package portfolio

import (
	"encoding/binary"
	"errors"
	"slices"
	"time"

	"secretariat/internal/date"
)

// The cached form of a company's figures: varints in a fixed order, a day as the days since
// 1970-01-01 (one more from then on, so that 0 is none), the audit kind as its place among the certification kinds
// plus one. A portfolio decodes hundreds of them per request; JSON took most of a cached read.

var epoch = date.New(1970, 1, 1)

func (f *Figures) days() []**date.Date {
	return []**date.Date{&f.NextCertificationAuditOn, &f.InternalAuditDueOn, &f.ManagementReviewDueOn, &f.SoAReviewDueOn, &f.CertificateExpiresOn}
}

func (f *Figures) numbers() []*int {
	return []*int{&f.OpenMajorFindings, &f.OpenMinorFindings, &f.OpenObservations, &f.OpenOpportunities, &f.OverdueTasks,
		&f.OverdueDocumentReviews, &f.OverdueTraining, &f.SoAControls, &f.SoAApplicableControls, &f.SoAImplementedControls,
		&f.UncoveredResponsibilities, &f.IncidentsLast90Days}
}

// encode writes the figures in their cached form.
func (f *Figures) encode() []byte {
	b := make([]byte, 0, 64)
	for _, d := range f.days() {
		var n int64
		if *d != nil {
			// 0 is no day: the days from 1970 on move up by one, those before stay negative.
			if n = int64((*d).Time().Sub(epoch.Time()) / (24 * time.Hour)); n >= 0 {
				n++
			}
		}
		b = binary.AppendVarint(b, n)
	}
	kind := 0
	if f.NextCertificationAuditKind != nil {
		kind = slices.Index(certificationKinds, *f.NextCertificationAuditKind) + 1
	}
	b = binary.AppendVarint(b, int64(kind))
	for _, n := range f.numbers() {
		b = binary.AppendVarint(b, int64(*n))
	}
	return b
}

var errCorrupt = errors.New("portfolio: cached figures are corrupt")

// decode reads figures written by encode.
func decode(b []byte) (*Figures, error) {
	f := &Figures{}
	next := func() (int64, error) {
		n, size := binary.Varint(b)
		if size <= 0 {
			return 0, errCorrupt
		}
		b = b[size:]
		return n, nil
	}
	for _, d := range f.days() {
		n, err := next()
		if err != nil {
			return nil, err
		}
		switch {
		case n > 0:
			day := epoch.AddDays(int(n - 1))
			*d = &day
		case n < 0:
			day := epoch.AddDays(int(n))
			*d = &day
		}
	}
	kind, err := next()
	if err != nil {
		return nil, err
	}
	if kind > 0 && int(kind) <= len(certificationKinds) {
		k := certificationKinds[kind-1]
		f.NextCertificationAuditKind = &k
	}
	for _, p := range f.numbers() {
		n, err := next()
		if err != nil {
			return nil, err
		}
		*p = int(n)
	}
	if len(b) != 0 {
		return nil, errCorrupt
	}
	return f, nil
}
