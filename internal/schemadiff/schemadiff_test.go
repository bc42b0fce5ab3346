package schemadiff

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const base = `
type Query { document(id: ID!, locale: String): Document, documents(first: Int): [Document!]! }
interface Node { id: ID! }
type Document implements Node { id: ID! title: String status: Status! tags: [String!] }
type Task implements Node { id: ID! }
union Record = Document | Task
enum Status { DRAFT APPROVED }
input DocumentFilter { title: String status: Status! }
`

func TestBreaking_FindsEachKindOfBreakingChange(t *testing.T) {
	for name, c := range map[string]struct {
		changed string
		want    []Change
	}{
		"type removed": {`type Query { document(id: ID!, locale: String): Document, documents(first: Int): [Document!]! }
			interface Node { id: ID! } type Document implements Node { id: ID! title: String status: Status! tags: [String!] }
			union Record = Document enum Status { DRAFT APPROVED } input DocumentFilter { title: String status: Status! }`,
			[]Change{{"Record", "union member Task removed"}, {"Task", "type removed"}}},
		"field removed and output made nullable": {`type Query { document(id: ID!, locale: String): Document, documents(first: Int): [Document!]! }
			interface Node { id: ID! } type Document implements Node { id: ID! status: Status tags: [String!] }
			type Task implements Node { id: ID! } union Record = Document | Task enum Status { DRAFT APPROVED }
			input DocumentFilter { title: String status: Status! }`,
			[]Change{{"Document.status", "type changed from Status! to Status"}, {"Document.title", "field removed"}}},
		"argument removed, made required, required one added": {`type Query { document(id: ID!, version: Int!): Document, documents(first: Int!): [Document!]! }
			interface Node { id: ID! } type Document implements Node { id: ID! title: String status: Status! tags: [String!] }
			type Task implements Node { id: ID! } union Record = Document | Task enum Status { DRAFT APPROVED }
			input DocumentFilter { title: String status: Status! }`,
			[]Change{{"Query.document(locale:)", "argument removed"}, {"Query.document(version:)", "required argument added"},
				{"Query.documents(first:)", "type changed from Int to Int!"}}},
		"enum value removed, interface dropped, required input field added": {`type Query { document(id: ID!, locale: String): Document, documents(first: Int): [Document!]! }
			interface Node { id: ID! } type Document { id: ID! title: String status: Status! tags: [String!] }
			type Task implements Node { id: ID! } union Record = Document | Task enum Status { DRAFT }
			input DocumentFilter { title: String status: Status! owner: ID! }`,
			[]Change{{"Document", "no longer implements Node"}, {"DocumentFilter.owner", "required input field added"},
				{"Status.APPROVED", "enum value removed"}}},
		"list element made nullable in an answer": {`type Query { document(id: ID!, locale: String): Document, documents(first: Int): [Document]! }
			interface Node { id: ID! } type Document implements Node { id: ID! title: String status: Status! tags: [String!] }
			type Task implements Node { id: ID! } union Record = Document | Task enum Status { DRAFT APPROVED }
			input DocumentFilter { title: String status: Status! }`,
			[]Change{{"Query.documents", "type changed from [Document!]! to [Document]!"}}},
	} {
		got, err := Breaking(base, c.changed)
		require.NoError(t, err, name)
		assert.Equal(t, c.want, got, name)
	}
}

func TestBreaking_AdditionsAndSaferTypesAreNotBreaking(t *testing.T) {
	safe := `type Query { document(id: ID!, locale: String, at: String = "now", draft: Boolean): Document!, documents(first: Int): [Document!]!, tasks: [Task!]! }
		interface Node { id: ID! } type Document implements Node { id: ID! title: String! status: Status! tags: [String!]! owner: String }
		type Task implements Node { id: ID! } type Meeting implements Node { id: ID! } union Record = Document | Task | Meeting
		enum Status { DRAFT APPROVED ARCHIVED } input DocumentFilter { title: String status: Status note: String owner: ID! = "x" }`
	got, err := Breaking(base, safe)
	require.NoError(t, err)
	assert.Empty(t, got, "added types, fields, optional arguments and values; outputs made non-null; inputs made nullable")
}

func TestUnannounced_NeedsTheCoordinateOnABreakingLine(t *testing.T) {
	changes := []Change{{"Document.title", "field removed"}, {"Query.document(locale:)", "argument removed"}, {"Status.APPROVED", "enum value removed"}}
	changelog := "## Unreleased\n\n- BREAKING: `Document.title` is gone; read `Document.name`.\n" +
		"- Added `Query.document(locale:)` docs\n  - BREAKING: `Status.APPROVED` merged into DONE\n"
	assert.Equal(t, []Change{{"Query.document(locale:)", "argument removed"}}, Unannounced(changes, changelog))

	wrapped := "- BREAKING: `Document.title` and\n  `Query.document(locale:)` are gone.\n- Added `Status.APPROVED` docs\n\n  `Status.APPROVED` in a paragraph\n"
	assert.Equal(t, []Change{{"Status.APPROVED", "enum value removed"}}, Unannounced(changes, wrapped),
		"a bullet's wrapped lines count; the next bullet and a later paragraph do not")
}

func TestBreaking_RefusesAnInvalidSchema(t *testing.T) {
	_, err := Breaking(base, "type Query { x: Missing }")
	assert.Error(t, err)
}
