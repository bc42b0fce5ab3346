package entgqldoc

import (
	"strings"
	"testing"

	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema/field"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

func TestNounOf(t *testing.T) {
	for name, want := range map[string]Noun{
		"Task":            {"task", "tasks"},
		"DocumentVersion": {"document version", "document versions"},
		"Company":         {"company", "companies"},
		"CompanyAccess":   {"company access", "company accesses"},
		"SoaDocumentLink": {"SoA document link", "SoA document links"},
	} {
		if got := NounOf(name); got != want {
			t.Errorf("NounOf(%s) = %+v, want %+v", name, got, want)
		}
	}
}

const sdl = `
type Query { node(id: ID!): Task }
"TaskStatus is enum for the field status"
enum TaskStatus { TODO DONE }
type Task { id: ID! title: String! dueDate: Date status: TaskStatus! }
scalar Date
type TaskConnection { totalCount: Int! }
type TaskEdge { cursor: String! }
input TaskWhereInput {
  not: TaskWhereInput
  and: [TaskWhereInput!]
  or: [TaskWhereInput!]
  title: String
  titleNEQ: String
  titleContainsFold: String
  dueDate: Date
  dueDateLT: Date
  dueDateIsNil: Boolean
  hasAssignee: Boolean
  hasAssigneeWith: [TaskWhereInput!]
  hasAttachments: Boolean
  hasAttachmentsWith: [TaskWhereInput!]
}
enum TaskOrderField { TITLE }
`

func graph(statusDoc any) *gen.Graph {
	enum := &field.TypeInfo{Type: field.TypeEnum}
	annotations := gen.Annotations{}
	if statusDoc != nil {
		annotations[EnumDocName] = statusDoc
	}
	task := &gen.Type{
		Name:        "Task",
		ID:          &gen.Field{Name: "id", Type: &field.TypeInfo{Type: field.TypeString}},
		Annotations: gen.Annotations{"Comment": map[string]any{"Text": "A piece of ISMS work."}},
		Fields: []*gen.Field{
			{Name: "title", Type: &field.TypeInfo{Type: field.TypeString}, Annotations: gen.Annotations{"EntGQL": map[string]any{"OrderField": "TITLE"}}},
			{Name: "due_date", Type: &field.TypeInfo{Type: field.TypeString}, Optional: true, Nillable: true},
			{Name: "status", Type: enum, Annotations: annotations},
		},
		Edges: []*gen.Edge{{Name: "assignee", Unique: true}, {Name: "attachments"}},
	}
	return &gen.Graph{Nodes: []*gen.Type{task}}
}

func TestHook(t *testing.T) {
	s := gqlparser.MustLoadSchema(&ast.Source{Input: sdl})
	doc := EnumDoc{Type: "Where a task is in its workflow.", Values: map[string]string{"TODO": "Not started.", "DONE": "Finished."}}
	if err := Hook(graph(doc), s); err != nil {
		t.Fatal(err)
	}
	where := s.Types["TaskWhereInput"]
	for name, want := range map[string]string{
		"not":                "Only the tasks that this filter does not match.",
		"title":              "Only tasks whose title equals this.",
		"titleNEQ":           "Only tasks whose title differs from this.",
		"titleContainsFold":  "Only tasks whose title contains this text, ignoring case.",
		"dueDateLT":          "Only tasks whose dueDate is earlier than this.",
		"dueDateIsNil":       "true: only tasks whose dueDate is null (false does not filter).",
		"hasAssignee":        "true: only tasks whose assignee is set; false: only those whose assignee is not.",
		"hasAssigneeWith":    "Only tasks whose assignee is set and matches every one of these filters.",
		"hasAttachments":     "true: only tasks with one or more attachments; false: only those with none.",
		"hasAttachmentsWith": "Only tasks with one or more attachments that every one of these filters matches.",
	} {
		if got := where.Fields.ForName(name).Description; got != want {
			t.Errorf("TaskWhereInput.%s: %q, want %q", name, got, want)
		}
	}
	for _, d := range []*ast.Definition{s.Types["Task"], s.Types["TaskConnection"], s.Types["TaskEdge"], where, s.Types["TaskOrderField"], s.Types["Query"]} {
		if d.Description == "" {
			t.Errorf("%s has no description", d.Name)
		}
	}
	if got := s.Types["TaskOrderField"].EnumValues.ForName("TITLE").Description; got != "By title." {
		t.Errorf("TaskOrderField.TITLE: %q", got)
	}
	// No backtick in what is written for every field: gqlgen embeds each schema file in a raw
	// string literal, split around every backtick into a chain of concatenations, and go/printer
	// formats that chain in time quadratic in its length. With a field's name in backticks in each
	// predicate's description, ent.graphqls made `make generate` take three and a half minutes.
	for _, f := range where.Fields {
		if strings.Contains(f.Description, "`") {
			t.Errorf("TaskWhereInput.%s: a backtick in %q", f.Name, f.Description)
		}
	}
	for _, v := range s.Types["TaskOrderField"].EnumValues {
		if strings.Contains(v.Description, "`") {
			t.Errorf("TaskOrderField.%s: a backtick in %q", v.Name, v.Description)
		}
	}
	status := s.Types["TaskStatus"]
	if status.Description != doc.Type || status.EnumValues.ForName("DONE").Description != "Finished." {
		t.Errorf("TaskStatus not described from its EnumDoc: %q", status.Description)
	}
}

func TestHookRefusesUndescribed(t *testing.T) {
	s := gqlparser.MustLoadSchema(&ast.Source{Input: sdl})
	err := Hook(graph(nil), s)
	if err == nil || !strings.Contains(err.Error(), "TaskStatus") {
		t.Fatalf("an enum without EnumDoc: %v", err)
	}
	s = gqlparser.MustLoadSchema(&ast.Source{Input: sdl})
	err = Hook(graph(EnumDoc{Type: "x", Values: map[string]string{"TODO": "y"}}), s)
	if err == nil || !strings.Contains(err.Error(), "DONE") {
		t.Fatalf("an EnumDoc missing a value: %v", err)
	}
}
