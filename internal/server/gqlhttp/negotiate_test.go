package gqlhttp

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		accept []string
		want   mediaType // "" means 406
	}{
		{nil, mediaJSON},
		{[]string{"  "}, mediaJSON},
		{[]string{"*/*"}, mediaJSON},
		{[]string{"application/*"}, mediaJSON},
		{[]string{"application/json"}, mediaJSON},
		{[]string{"application/graphql-response+json"}, mediaGraphQLResponse},
		{[]string{"Application/GraphQL-Response+JSON; charset=UTF-8"}, mediaGraphQLResponse},
		// The spec's recommended client header, and its reverse: order decides ties.
		{[]string{"application/graphql-response+json; charset=utf-8, application/json; charset=utf-8"}, mediaGraphQLResponse},
		{[]string{"application/json, application/graphql-response+json"}, mediaJSON},
		{[]string{"application/json", "application/graphql-response+json"}, mediaJSON},
		// q-values beat order, and an exact range beats a wildcard.
		{[]string{"application/json;q=0.5, application/graphql-response+json"}, mediaGraphQLResponse},
		{[]string{"application/graphql-response+json;q=0.2, application/json;q=0.8"}, mediaJSON},
		{[]string{"*/*, application/graphql-response+json"}, mediaGraphQLResponse},
		{[]string{"application/json;q=0, */*"}, mediaGraphQLResponse},
		{[]string{"text/html, */*;q=0.1"}, mediaJSON},
		// Nothing acceptable: 406.
		{[]string{"text/html"}, ""},
		{[]string{"application/json;q=0"}, ""},
		{[]string{"application/json; charset=iso-8859-1"}, ""},
		{[]string{"application/json;q=2"}, ""},
		{[]string{"not a media type"}, ""},
	}
	for _, tt := range tests {
		got, ok := negotiate(tt.accept)
		assert.Equal(t, tt.want, got, "Accept %q", tt.accept)
		assert.Equal(t, tt.want != "", ok, "Accept %q", tt.accept)
	}
}
