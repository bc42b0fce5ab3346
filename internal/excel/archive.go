package excel

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"secretariat/internal/apperr"
)

// The limits of a workbook's unpacked parts, checked from the zip's directory (and, for the
// shared strings, by streaming the part) before excelize opens it: excelize holds whole parts
// and every shared string in memory, so a 5 MiB upload of millions of tiny strings cost
// hundreds of MiB. A sheet of MaxRows rows of thirty wordy cells fits well within them.
const (
	maxParts         = 1000
	maxPartBytes     = 32 << 20
	maxSharedStrings = 200_000
)

// checkArchive refuses a workbook whose parts unpack past the limits, as BAD_USER_INPUT on file.
// archive/zip holds every part to the size its directory declares, so the declared sizes bound
// what excelize will read.
func checkArchive(content []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return errNotXLSX
	}
	if len(zr.File) > maxParts {
		return apperr.Invalid("file", fmt.Sprintf("the workbook has more than %d parts", maxParts))
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxPartBytes {
			return apperr.Invalid("file", fmt.Sprintf("the workbook's part %s unpacks to more than %d MiB", f.Name, maxPartBytes>>20))
		}
		total += f.UncompressedSize64
		if total > unzipLimit {
			return apperr.Invalid("file", fmt.Sprintf("the workbook unpacks to more than %d MiB", unzipLimit>>20))
		}
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(strings.ToLower(f.Name), "sharedstrings.xml") {
			continue
		}
		n, err := countStrings(f)
		if err != nil {
			return errNotXLSX
		}
		if n > maxSharedStrings {
			return apperr.Invalid("file", fmt.Sprintf("the workbook has more than %d distinct texts", maxSharedStrings))
		}
	}
	return nil
}

// countStrings counts the entries (si elements) of a shared strings part, stopping past the
// limit.
func countStrings(f *zip.File) (int, error) {
	r, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	dec := xml.NewDecoder(r)
	n := 0
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			n++
			if n > maxSharedStrings {
				return n, nil
			}
		}
	}
}
