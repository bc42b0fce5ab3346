package excel

import (
	"archive/zip"
	"bufio"
	"bytes"
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
		return apperr.Invalid("file", apperr.TooLong, fmt.Sprintf("the workbook has more than %d parts", maxParts), fmt.Sprintf("ブックの構成要素が%d個を超えています", maxParts))
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxPartBytes {
			return apperr.Invalid("file", apperr.TooLong,
				fmt.Sprintf("the workbook's part %s unpacks to more than %d MiB", f.Name, maxPartBytes>>20),
				fmt.Sprintf("ブックの構成要素 %s は展開すると%d MiBを超えます", f.Name, maxPartBytes>>20))
		}
		total += f.UncompressedSize64
		if total > unzipLimit {
			return apperr.Invalid("file", apperr.TooLong,
				fmt.Sprintf("the workbook unpacks to more than %d MiB", unzipLimit>>20),
				fmt.Sprintf("ブックは展開すると%d MiBを超えます", unzipLimit>>20))
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
			return apperr.Invalid("file", apperr.TooLong,
				fmt.Sprintf("the workbook has more than %d distinct texts", maxSharedStrings),
				fmt.Sprintf("ブック内の文字列が%d種類を超えています", maxSharedStrings))
		}
	}
	return nil
}

// countStrings counts the entries (si elements, with or without a namespace prefix) of a shared
// strings part, stopping past the limit. It looks only at the name of each tag: an XML decoder
// took seconds over a million entries.
func countStrings(f *zip.File) (int, error) {
	r, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	n := 0
	for {
		_, err := br.ReadSlice('<')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return n, nil
		case err != nil:
			return n, err
		}
		name, _ := br.Peek(16)
		if isStringEntry(name) {
			if n++; n > maxSharedStrings {
				return n, nil
			}
		}
	}
}

// isStringEntry reports whether the text after a '<' opens an si element.
func isStringEntry(tag []byte) bool {
	end := bytes.IndexAny(tag, " \t\r\n/>")
	if end < 0 {
		return false
	}
	name := tag[:end]
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name) == "si"
}
