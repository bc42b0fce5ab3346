package documents

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"secretariat/ent"
	"secretariat/ent/document"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
)

// codeSeries is the prefix of the generated document numbers of each kind (see the package
// documentation).
var codeSeries = map[document.Kind]string{
	document.KindPOLICY:             "ISMS-P-",
	document.KindSTANDARD:           "ISMS-S-",
	document.KindPROCEDURE:          "ISMS-PR-",
	document.KindMANUAL:             "ISMS-M-",
	document.KindRECORD_TEMPLATE:    "ISMS-F-",
	document.KindRISK_ASSESSMENT:    "ISMS-RA-",
	document.KindSOA:                "ISMS-SOA-",
	document.KindMINUTES:            "ISMS-MIN-",
	document.KindAUDIT_PROGRAMME:    "ISMS-AP-",
	document.KindAUDIT_REPORT:       "ISMS-AR-",
	document.KindIMPROVEMENT_REPORT: "ISMS-IR-",
	document.KindOTHER:              "ISMS-X-",
}

// codeFor returns the code asked for when it is free, or the next number of the kind's series.
func (s *Service) codeFor(ctx context.Context, tx *ent.Client, companyID pulid.ID, asked *string, kind document.Kind) (string, error) {
	if asked != nil && *asked != "" {
		return *asked, codeFree(ctx, tx, companyID, *asked)
	}
	return nextCode(ctx, tx, companyID, codeSeries[kind])
}

// codeFree refuses a code already used by a document of the company, archived ones included.
func codeUsedJA(code string) string {
	return fmt.Sprintf("文書番号 %s はこの会社ですでに使われています", code)
}

func codeFree(ctx context.Context, tx *ent.Client, companyID pulid.ID, code string) error {
	used, err := tx.Document.Query().Where(document.CompanyID(companyID), document.Code(code)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("check code: %w", err)
	}
	if used {
		return apperr.Conflict(apperr.Duplicate, fmt.Sprintf("document code %s is already used in this company", code), codeUsedJA(code))
	}
	return nil
}

// nextCode is one more than the highest number of the series in the company. Two documents
// created at the same moment may pick the same number; the unique index refuses the second
// (CONFLICT) and the client retries.
func nextCode(ctx context.Context, tx *ent.Client, companyID pulid.ID, prefix string) (string, error) {
	codes, err := tx.Document.Query().
		Where(document.CompanyID(companyID), document.CodeHasPrefix(prefix)).
		Select(document.FieldCode).
		Strings(ctx)
	if err != nil {
		return "", fmt.Errorf("number the document: %w", err)
	}
	highest := 0
	for _, c := range codes {
		if n, err := strconv.Atoi(strings.TrimPrefix(c, prefix)); err == nil && n > highest {
			highest = n
		}
	}
	return fmt.Sprintf("%s%03d", prefix, highest+1), nil
}
