// Package page is the paging of a connection whose rows a service holds in memory, in order
// (the calendar, the portfolio): the page size a `first` asks for and the PageInfo of the page
// cut from the list, with the API's sizes (graph.CheckPage refuses others before a resolver runs;
// the services check again for their other callers).
package page

import (
	"fmt"

	"secretariat/ent"
	"secretariat/internal/apperr"
)

// The page sizes of every connection.
const (
	Default = 20
	Max     = 100
)

// Size is the size `first` asks for: Default when not given, OUT_OF_RANGE on first outside 0 to
// Max.
func Size(first *int) (int, error) {
	if first == nil {
		return Default, nil
	}
	if *first < 0 || *first > Max {
		return 0, apperr.Invalid("first", apperr.OutOfRange, fmt.Sprintf("must be from 0 to %d", Max), fmt.Sprintf("0から%dの範囲で指定してください", Max))
	}
	return *first, nil
}

// Info is the PageInfo of the rows [start, end) of a list of total rows, given the cursors of the
// page's rows.
func Info(start, end, total int, cursors []ent.Cursor) ent.PageInfo {
	info := ent.PageInfo{HasNextPage: end < total, HasPreviousPage: start > 0}
	if len(cursors) > 0 {
		info.StartCursor, info.EndCursor = &cursors[0], &cursors[len(cursors)-1]
	}
	return info
}
