package documents

import (
	"context"
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
)

// diffContext is the number of unchanged lines shown around each change, as diff -u does.
const diffContext = 3

// Diff compares the Markdown bodies of two versions of one document, line by line. Attached
// files are not compared; their checksums tell whether they differ.
type Diff struct {
	From *ent.DocumentVersion `json:"from"`
	To   *ent.DocumentVersion `json:"to"`
	// Unified is the change in unified format (diff -u), empty when the bodies are equal.
	Unified      string `json:"unified"`
	AddedLines   int    `json:"addedLines"`
	RemovedLines int    `json:"removedLines"`
}

// Diff compares two versions of the same document, from the older to the newer as given.
func (s *Service) Diff(ctx context.Context, fromID, toID pulid.ID) (*Diff, error) {
	from, err := s.db.DocumentVersion.Get(ctx, fromID)
	if err != nil {
		return nil, fmt.Errorf("diff versions: %w", notFound(err, "document version", "文書の版"))
	}
	to, err := s.db.DocumentVersion.Get(ctx, toID)
	if err != nil {
		return nil, fmt.Errorf("diff versions: %w", notFound(err, "document version", "文書の版"))
	}
	if from.DocumentID != to.DocumentID {
		return nil, fmt.Errorf("diff versions: %w", apperr.Invalid("toVersionID", apperr.InvalidValue, "must be a version of the same document", "同じ文書の版を指定してください"))
	}
	doc, err := s.db.Document.Get(ctx, from.DocumentID)
	if err != nil {
		return nil, fmt.Errorf("diff versions: %w", notFound(err, "document", "文書"))
	}
	text, added, removed := unified(doc.Code+" "+Number(from), doc.Code+" "+Number(to), deref(from.Body), deref(to.Body))
	return &Diff{From: from, To: to, Unified: text, AddedLines: added, RemovedLines: removed}, nil
}

// diffLine is one line of a line diff: its operation, its text with its newline (the last line
// of a text may have none), and how many lines of each side come before it.
type diffLine struct {
	op              diffmatchpatch.Operation
	text            string
	before, beforeB int
}

// unified formats the line diff of a and b in unified format with diffContext lines of context.
func unified(nameA, nameB, a, b string) (text string, added, removed int) {
	dmp := diffmatchpatch.New()
	ra, rb, lines := dmp.DiffLinesToRunes(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), lines)

	var all []diffLine
	var changes []int
	na, nb := 0, 0
	for _, d := range diffs {
		for _, l := range splitLines(d.Text) {
			if d.Type != diffmatchpatch.DiffEqual {
				changes = append(changes, len(all))
			}
			all = append(all, diffLine{op: d.Type, text: l, before: na, beforeB: nb})
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				na, nb = na+1, nb+1
			case diffmatchpatch.DiffDelete:
				na++
				removed++
			case diffmatchpatch.DiffInsert:
				nb++
				added++
			}
		}
	}
	if len(changes) == 0 {
		return "", 0, 0
	}

	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	for i := 0; i < len(changes); {
		// A hunk runs from diffContext lines before a change to diffContext lines after the
		// last change that lies within 2*diffContext lines of the previous one.
		j := i
		for j+1 < len(changes) && changes[j+1]-changes[j] <= 2*diffContext {
			j++
		}
		start := max(0, changes[i]-diffContext)
		end := min(len(all), changes[j]+diffContext+1)
		writeHunk(&out, all[start:end])
		i = j + 1
	}
	return out.String(), added, removed
}

func writeHunk(out *strings.Builder, hunk []diffLine) {
	countA, countB := 0, 0
	for _, l := range hunk {
		if l.op != diffmatchpatch.DiffInsert {
			countA++
		}
		if l.op != diffmatchpatch.DiffDelete {
			countB++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(hunk[0].before, countA), hunkRange(hunk[0].beforeB, countB))
	for _, l := range hunk {
		prefix := " "
		switch l.op {
		case diffmatchpatch.DiffDelete:
			prefix = "-"
		case diffmatchpatch.DiffInsert:
			prefix = "+"
		}
		out.WriteString(prefix)
		if body, ok := strings.CutSuffix(l.text, "\n"); ok {
			out.WriteString(body + "\n")
		} else {
			out.WriteString(l.text + "\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange is "start,count" as diff -u writes it: the count is left out when it is 1, and an
// empty range starts at the line before it.
func hunkRange(before, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", before)
	case 1:
		return fmt.Sprintf("%d", before+1)
	default:
		return fmt.Sprintf("%d,%d", before+1, count)
	}
}

// splitLines cuts text after each newline; the last line may have none.
func splitLines(text string) []string {
	var out []string
	for text != "" {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			out = append(out, text)
			break
		}
		out = append(out, text[:i+1])
		text = text[i+1:]
	}
	return out
}
