package gqlhttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"secretariat/internal/apperr"
)

// Multipart serves GraphQL multipart requests, the file uploads of
// https://github.com/jaydenseric/graphql-multipart-request-spec: an
// "operations" part (the JSON request), a "map" part (which file goes to which
// variable) and the files. Unlike gqlgen's transport.MultipartForm, which
// bounds only the whole request, it bounds each part: operations and map by
// MaxBodyBytes like a JSON body, the files together by MaxUploadBytes. Either
// excess is answered with 413 before anything is executed. Responses follow
// the same rules as [POST] (see the package documentation).
//
// Add it to the server before POST, which claims every other POST.
type Multipart struct {
	// MaxBodyBytes bounds the operations part and the map part, each. Zero
	// means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxUploadBytes bounds the files of one request together. It must be
	// positive.
	MaxUploadBytes int64
	// MaxMemory is how many bytes of files are held in memory; the rest go
	// to temporary files, removed once the request is answered.
	MaxMemory int64
	// Status, when set, chooses the status of an executed operation's response.
	Status StatusFunc
}

var _ graphql.Transport = Multipart{}

// multipartFraming is room for the part headers and boundaries around the
// bounded contents.
const multipartFraming = 64 << 10

// Supports reports whether r is a multipart/form-data POST.
func (Multipart) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	name, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && name == "multipart/form-data"
}

// Do answers one multipart request.
func (u Multipart) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	m, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		reject(w, r, exec, mediaJSON, http.StatusNotAcceptable,
			"Accept must allow application/graphql-response+json or application/json")
		return
	}
	maxBody := POST{MaxBodyBytes: u.MaxBodyBytes}.maxBodyBytes()
	r.Body = http.MaxBytesReader(w, r.Body, 2*maxBody+u.MaxUploadBytes+multipartFraming)
	mr, err := r.MultipartReader()
	if err != nil {
		reject(w, r, exec, m, http.StatusBadRequest, "malformed multipart request")
		return
	}
	files := &uploads{memory: u.MaxMemory, left: u.MaxUploadBytes}
	defer files.remove()

	params, status, err := u.read(mr, r.Header, maxBody, files)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			status, err = http.StatusRequestEntityTooLarge, errors.New("request body too large")
		}
		var missing *apperr.Error
		if errors.As(err, &missing) {
			rejectWith(w, r, exec, m, status, &gqlerror.Error{Message: err.Error(), Err: err})
			return
		}
		reject(w, r, exec, m, status, err.Error())
		return
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, m, params, u.Status)
}

// read decodes the parts in the order the specification gives them.
func (u Multipart) read(mr *multipart.Reader, header http.Header, maxBody int64, files *uploads) (*graphql.RawParams, int, error) {
	ops, status, err := field(mr, "operations", maxBody)
	if err != nil {
		return nil, status, err
	}
	wire, err := decodeBody(ops)
	if err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("operations: %w", err)
	}
	params, err := wire.rawParams(header)
	if err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("operations: %w", err)
	}
	mapping, status, err := field(mr, "map", maxBody)
	if err != nil {
		return nil, status, err
	}
	paths := map[string][]string{}
	if err := json.Unmarshal(mapping, &paths); err != nil {
		return nil, http.StatusBadRequest, errors.New("map must be a JSON object of lists of variable paths")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("malformed multipart request: %w", err)
		}
		key := part.FormName()
		targets := paths[key]
		if len(targets) == 0 {
			return nil, http.StatusBadRequest, fmt.Errorf("file %q is not in the map", key)
		}
		delete(paths, key)
		file, size, err := files.store(part)
		if err != nil {
			if errors.Is(err, errUploadTooLarge) {
				return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("the files are larger than %d bytes together", u.MaxUploadBytes)
			}
			return nil, http.StatusBadRequest, err
		}
		for _, path := range targets {
			up := graphql.Upload{File: file(), Size: size, Filename: part.FileName(), ContentType: part.Header.Get("Content-Type")}
			if err := params.AddUpload(up, key, path); err != nil {
				return nil, http.StatusBadRequest, errors.New(err.Message)
			}
		}
	}
	// A file the map promises but the request does not hold would reach the operation as null:
	// it is bad input on the variable the map names, as any other missing value.
	for key, targets := range paths {
		return nil, http.StatusBadRequest, apperr.Invalid(uploadField(targets), apperr.Required,
			fmt.Sprintf("the file of part %q is missing from the request", key),
			fmt.Sprintf("パート %q のファイルがリクエストに含まれていません", key))
	}
	return params, 0, nil
}

// field reads the next part, which must be the named form field of at most limit bytes.
func field(mr *multipart.Reader, name string, limit int64) ([]byte, int, error) {
	part, err := mr.NextPart()
	if err != nil || part.FormName() != name {
		return nil, http.StatusBadRequest, fmt.Errorf("the %s part is missing or out of order", name)
	}
	b, err := io.ReadAll(io.LimitReader(part, limit+1))
	if err != nil {
		return nil, http.StatusBadRequest, err
	}
	if int64(len(b)) > limit {
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("the %s part is larger than %d bytes", name, limit)
	}
	return b, 0, nil
}

var errUploadTooLarge = errors.New("upload too large")

// uploads keeps the files of one request within their budget: in memory while it lasts, then in
// temporary files.
type uploads struct {
	memory, left int64
	temp         []*os.File
}

// store reads one file and returns a way to open it (once per variable it is mapped to).
func (u *uploads) store(part io.Reader) (func() io.ReadSeeker, int64, error) {
	limited := io.LimitReader(part, u.left+1)
	if u.memory > 0 {
		b, err := io.ReadAll(io.LimitReader(limited, u.memory+1))
		if err != nil {
			return nil, 0, err
		}
		if int64(len(b)) <= u.memory {
			u.memory -= int64(len(b))
			u.left -= int64(len(b))
			if u.left < 0 {
				return nil, 0, errUploadTooLarge
			}
			return func() io.ReadSeeker { return bytes.NewReader(b) }, int64(len(b)), nil
		}
		limited = io.MultiReader(bytes.NewReader(b), limited)
	}
	f, err := os.CreateTemp("", "secretariat-upload-")
	if err != nil {
		return nil, 0, fmt.Errorf("store upload: %w", err)
	}
	u.temp = append(u.temp, f)
	n, err := io.Copy(f, limited)
	if err != nil {
		return nil, 0, err
	}
	u.left -= n
	if u.left < 0 {
		return nil, 0, errUploadTooLarge
	}
	return func() io.ReadSeeker { return io.NewSectionReader(f, 0, n) }, n, nil
}

func (u *uploads) remove() {
	for _, f := range u.temp {
		_ = f.Close()
		_ = os.Remove(f.Name())
	}
}

// uploadField names the input field a map path fills, as the server names input fields:
// "variables.input.file" is "file", "variables.file" is "file", list positions left out.
func uploadField(targets []string) string {
	if len(targets) == 0 {
		return ""
	}
	var parts []string
	for _, p := range strings.Split(strings.TrimPrefix(targets[0], "variables."), ".") {
		if _, err := strconv.Atoi(p); err != nil {
			parts = append(parts, p)
		}
	}
	if len(parts) > 1 && parts[0] == "input" {
		parts = parts[1:]
	}
	return strings.Join(parts, ".")
}
