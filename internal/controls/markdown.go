package controls

import (
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/controlimplementation"
	"secretariat/internal/iso27001"
	"secretariat/internal/locale"
)

// labels are the words of the SoA document in each locale.
var labels = map[locale.Locale]struct {
	heading, intro     string
	columns            []string
	included, excluded string
	status             map[controlimplementation.ImplementationStatus]string
}{
	locale.Japanese: {
		heading:  "情報セキュリティ適用宣言書",
		intro:    "ISO/IEC 27001:2022 附属書Aの管理策 %d 件: 適用 %d 件、除外 %d 件。",
		columns:  []string{"管理策", "名称", "適用", "理由", "実施状況", "責任者", "関連文書", "記録・証跡", "最終レビュー日"},
		included: "適用", excluded: "除外",
		status: map[controlimplementation.ImplementationStatus]string{
			controlimplementation.ImplementationStatusNOT_STARTED: "未着手",
			controlimplementation.ImplementationStatusPLANNED:     "計画済",
			controlimplementation.ImplementationStatusPARTIAL:     "一部実施",
			controlimplementation.ImplementationStatusIMPLEMENTED: "実施済",
		},
	},
	locale.English: {
		heading:  "Statement of Applicability",
		intro:    "%d controls of ISO/IEC 27001:2022 Annex A: %d included, %d excluded.",
		columns:  []string{"Control", "Title", "Applicable", "Justification", "Status", "Owner", "Documents", "Evidence", "Last reviewed"},
		included: "Included", excluded: "Excluded",
		status: map[controlimplementation.ImplementationStatus]string{
			controlimplementation.ImplementationStatusNOT_STARTED: "Not started",
			controlimplementation.ImplementationStatusPLANNED:     "Planned",
			controlimplementation.ImplementationStatusPARTIAL:     "Partial",
			controlimplementation.ImplementationStatusIMPLEMENTED: "Implemented",
		},
	},
}

// Markdown renders the SoA of a company as a Markdown table, one line per control in the
// natural order of references. The rows carry their owner and document links (with documents)
// when those were loaded. It holds no date of its own, so the same SoA renders the same text.
func Markdown(company string, rows []*ent.ControlImplementation, loc locale.Locale) string {
	l, ok := labels[loc]
	if !ok {
		l = labels[locale.Default]
	}
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b *ent.ControlImplementation) int { return iso27001.CompareRefs(a.ControlRef, b.ControlRef) })
	sum := summarize(rows)

	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %s\n\n", l.heading, cell(company))
	fmt.Fprintf(&b, l.intro+"\n\n", sum.Controls, sum.Applicable, sum.Excluded)
	b.WriteString("| " + strings.Join(l.columns, " | ") + " |\n")
	b.WriteString(strings.Repeat("|---", len(l.columns)) + "|\n")
	for _, r := range rows {
		title := r.ControlRef
		if c, ok := iso27001.Lookup(r.ControlRef); ok {
			title = c.Title(loc)
		}
		applicable := l.included
		status := l.status[r.ImplementationStatus]
		if !r.Applicable {
			applicable, status = l.excluded, "—"
		}
		owner := ""
		if r.Edges.Owner != nil {
			owner = r.Edges.Owner.Name
		}
		var docs []string
		for _, link := range r.Edges.DocumentLinks {
			if link.Edges.Document != nil {
				docs = append(docs, link.Edges.Document.Code)
			}
		}
		reviewed := ""
		if r.LastReviewedOn != nil {
			reviewed = r.LastReviewedOn.String()
		}
		cells := []string{r.ControlRef, title, applicable, deref(r.Justification), status, owner, strings.Join(docs, ", "), deref(r.EvidenceNote), reviewed}
		for i := range cells {
			cells[i] = cell(cells[i])
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	return b.String()
}

// cell makes text safe inside a Markdown table cell: one line, pipes escaped.
func cell(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", "<br>")
}

func sortRefs(refs []string) { slices.SortFunc(refs, iso27001.CompareRefs) }
