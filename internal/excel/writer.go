package excel

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"secretariat/internal/date"
	"secretariat/internal/locale"
)

// ContentType is the media type of the workbooks.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// write lays the rows out on one sheet: a bold, filled, frozen header row with a filter, the
// columns' widths, numbers as numbers and dates as Excel dates (yyyy-mm-dd), and a drop-down list
// of its codes on each data cell of a column with choices. A cell value nil stays empty.
func write(s sheet, l locale.Locale, rows [][]any) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	name := s.name(l)
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return nil, fmt.Errorf("name sheet: %w", err)
	}
	headerStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
	})
	if err != nil {
		return nil, fmt.Errorf("header style: %w", err)
	}
	dateFormat := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat})
	if err != nil {
		return nil, fmt.Errorf("date style: %w", err)
	}
	wrapStyle, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return nil, fmt.Errorf("text style: %w", err)
	}
	header := make([]any, len(s.columns))
	for i, c := range s.columns {
		header[i] = c.header(l)
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, c.width); err != nil {
			return nil, fmt.Errorf("column width: %w", err)
		}
	}
	if err := f.SetSheetRow(name, "A1", &header); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	last, _ := excelize.ColumnNumberToName(len(s.columns))
	if err := f.SetCellStyle(name, "A1", last+"1", headerStyle); err != nil {
		return nil, fmt.Errorf("header style: %w", err)
	}
	for r, row := range rows {
		for i, v := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			switch v := v.(type) {
			case nil:
				continue
			case date.Date:
				if err := f.SetCellValue(name, cell, v.Time()); err != nil {
					return nil, fmt.Errorf("cell %s: %w", cell, err)
				}
				if err := f.SetCellStyle(name, cell, cell, dateStyle); err != nil {
					return nil, fmt.Errorf("cell %s: %w", cell, err)
				}
			case string:
				if err := f.SetCellStr(name, cell, v); err != nil {
					return nil, fmt.Errorf("cell %s: %w", cell, err)
				}
				if err := f.SetCellStyle(name, cell, cell, wrapStyle); err != nil {
					return nil, fmt.Errorf("cell %s: %w", cell, err)
				}
			default:
				if err := f.SetCellValue(name, cell, v); err != nil {
					return nil, fmt.Errorf("cell %s: %w", cell, err)
				}
			}
		}
	}
	for i, c := range s.columns {
		if len(c.choices) == 0 {
			continue
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, max(len(rows)+1, 2)))
		if err := dv.SetDropList(c.choices); err != nil {
			return nil, fmt.Errorf("choices of %s: %w", c.key, err)
		}
		if err := f.AddDataValidation(name, dv); err != nil {
			return nil, fmt.Errorf("choices of %s: %w", c.key, err)
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("freeze header: %w", err)
	}
	lastCell, _ := excelize.CoordinatesToCellName(len(s.columns), max(len(rows)+1, 2))
	if err := f.AutoFilter(name, "A1:"+lastCell, nil); err != nil {
		return nil, fmt.Errorf("filter: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}
