package gqlhttp

import (
	"mime"
	"strconv"
	"strings"
)

// mediaType is one of the two response media types the spec defines.
type mediaType string

const (
	mediaJSON            mediaType = "application/json"
	mediaGraphQLResponse mediaType = "application/graphql-response+json"
)

// contentType is the Content-Type header value for responses of this type.
func (m mediaType) contentType() string { return string(m) + "; charset=utf-8" }

// Specificity of the Accept range that matched a media type: RFC 9110
// §12.5.1 lets the most specific range decide a type's quality.
const (
	matchNone = iota
	matchAny  // */*
	matchSub  // application/*
	matchFull // the exact type
)

// acceptance is how one supported media type fares against an Accept header.
type acceptance struct {
	quality     float64
	specificity int
	position    int // index of the deciding range; earlier ranges win ties
}

// better reports whether a should be preferred over b.
func (a acceptance) better(b acceptance) bool {
	switch {
	case a.quality != b.quality:
		return a.quality > b.quality
	case a.specificity != b.specificity:
		return a.specificity > b.specificity
	default:
		return a.position < b.position
	}
}

// negotiate picks the response media type for the request's Accept header
// values, or reports false when neither supported type is acceptable (406).
//
// No Accept header means application/json (the spec's legacy-watershed
// default, checked by audit 80D8). Otherwise the type with the highest
// q-value wins; ties go to the more specific range, then to the range listed
// first ("the highest priority media type listed"), and a remaining tie, as
// for */* alone, goes to application/json (audit 47DE).
func negotiate(accept []string) (mediaType, bool) {
	ranges := strings.Join(accept, ",")
	if strings.TrimSpace(ranges) == "" {
		return mediaJSON, true
	}
	// Listed in tie-break order: application/json first.
	candidates := []mediaType{mediaJSON, mediaGraphQLResponse}
	var chosen mediaType
	var best acceptance
	for _, m := range candidates {
		a := accepts(ranges, m)
		if a.quality > 0 && (chosen == "" || a.better(best)) {
			chosen, best = m, a
		}
	}
	return chosen, chosen != ""
}

// accepts finds the most specific range of a comma-separated Accept value
// that matches m. Ranges that cannot be parsed, have an invalid q, or ask for
// a charset other than UTF-8 (the only one served) match nothing.
func accepts(ranges string, m mediaType) acceptance {
	result := acceptance{}
	for i, r := range strings.Split(ranges, ",") {
		name, params, err := mime.ParseMediaType(strings.TrimSpace(r))
		if err != nil || !isUTF8(params) {
			continue
		}
		specificity := matchSpecificity(name, m)
		if specificity <= result.specificity {
			continue
		}
		quality := 1.0
		if q, ok := params["q"]; ok {
			quality, err = strconv.ParseFloat(q, 64)
			if err != nil || quality < 0 || quality > 1 {
				continue
			}
		}
		result = acceptance{quality: quality, specificity: specificity, position: i}
	}
	return result
}

func matchSpecificity(rangeName string, m mediaType) int {
	switch rangeName {
	case string(m):
		return matchFull
	case "application/*":
		return matchSub
	case "*/*":
		return matchAny
	default:
		return matchNone
	}
}

// isUTF8 reports whether media type parameters allow UTF-8: the spec says
// a missing charset means utf-8.
func isUTF8(params map[string]string) bool {
	charset, ok := params["charset"]
	if !ok {
		return true
	}
	switch strings.ToLower(charset) {
	case "utf-8", "utf8":
		return true
	default:
		return false
	}
}
