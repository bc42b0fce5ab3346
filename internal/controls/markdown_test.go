package controls

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/controlimplementation"
	"secretariat/internal/locale"
)

func TestMarkdown_OneTableLinePerControlWithCellsKeptOnOneLine(t *testing.T) {
	rows := []*ent.ControlImplementation{
		{ControlRef: "5.10", Applicable: true, Justification: ptr("利用規程|必要"), ImplementationStatus: controlimplementation.ImplementationStatusPARTIAL},
		{ControlRef: "5.2", Applicable: false, Justification: ptr("該当なし\n外部委託なし"), ImplementationStatus: controlimplementation.ImplementationStatusNOT_STARTED},
	}
	md := Markdown("テスト株式会社", rows, locale.Japanese)
	lines := strings.Split(strings.TrimSpace(md), "\n")
	require.Len(t, lines, 8, md)
	assert.Equal(t, "# 情報セキュリティ適用宣言書 — テスト株式会社", lines[0])
	assert.Contains(t, lines[2], "適用 1 件、除外 1 件")
	assert.Equal(t, "| 管理策 | 名称 | 適用 | 理由 | 実施状況 | 責任者 | 関連文書 | 記録・証跡 | 最終レビュー日 |", lines[4])
	assert.Equal(t, "| 5.2 | 情報セキュリティの役割及び責任 | 除外 | 該当なし<br>外部委託なし | — |  |  |  |  |", lines[6], "5.2 before 5.10")
	assert.Equal(t, `| 5.10 | 情報及び関連資産の利用の許容範囲 | 適用 | 利用規程\|必要 | 一部実施 |  |  |  |  |`, lines[7])

	en := Markdown("Test Ltd", rows, locale.English)
	assert.Contains(t, en, "| 5.2 | Information security roles and responsibilities | Excluded |")
	assert.Contains(t, en, "| Partial |")
}

func ptr(s string) *string { return &s }
