// Package entgqldoc describes the GraphQL schema that entgql generates from ent/schema
// (graph/ent.graphqls), where entgql itself writes no description or a generic one: entity types
// (from their schema.Comment), the enums of enum fields and their values (from an EnumDoc
// annotation), and the filter, order and connection types it derives for every entity. ent/entc.go
// runs Hook as an entgql schema hook, so the descriptions are in the generated file and in
// introspection. Descriptions of fields and edges come from field.Comment and edge.Comment,
// which entgql reads itself.
package entgqldoc

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc/gen"
	entschema "entgo.io/ent/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

// EnumDocName is the name of the annotation that describes an enum field's GraphQL enum.
const EnumDocName = "EnumDoc"

// EnumDoc is the annotation (ent/schema's describeEnum) that describes the GraphQL enum of an
// enum field: the type, and each value by its name. When several fields share one enum type
// (entgql.Type), one of them carries it.
type EnumDoc struct {
	Type   string
	Values map[string]string
}

// Name implements schema.Annotation.
func (EnumDoc) Name() string { return EnumDocName }

// QueryDescription describes the root query type, which entgql declares in graph/ent.graphqls.
const QueryDescription = "The entry points for reading: the viewer and its organization, each module's lists and " +
	"reports, and any entity by its global ID (node, nodes). Everything read is scoped to the organization of the " +
	"access token and to the companies the viewer may reach."

var camel = gen.Funcs["camel"].(func(string) string)

// Hook is an entgql.SchemaHook that writes the descriptions described in the package comment. It
// fails when an entity has no schema.Comment or an enum field's enum has no EnumDoc, so a new
// entity or enum cannot reach the published schema undescribed.
func Hook(g *gen.Graph, s *ast.Schema) error {
	if q := s.Types["Query"]; q != nil && q.Description == "" {
		q.Description = QueryDescription
	}
	var missing []string
	for _, n := range g.Nodes {
		noun := NounOf(n.Name)
		obj := s.Types[n.Name]
		if obj == nil {
			continue
		}
		comment, err := typeComment(n)
		if err != nil {
			return err
		}
		if comment == "" {
			missing = append(missing, n.Name+" (schema.Comment in its Annotations)")
		}
		obj.Description = comment
		// entgql drops the comment of an edge it turns into a Relay connection field.
		for _, e := range n.Edges {
			if fd := obj.Fields.ForName(camel(e.Name)); fd != nil && fd.Description == "" {
				fd.Description = strings.TrimSpace(e.Comment())
			}
		}
		if err := describeEnums(n, obj, s); err != nil {
			return err
		}
		if def := s.Types[n.Name+"Connection"]; def != nil {
			def.Description = fmt.Sprintf("A page of %s (a Relay connection): the %s in order, each with its cursor, and how to reach the next or previous page.", noun.Plural, noun.Plural)
		}
		if def := s.Types[n.Name+"Edge"]; def != nil {
			def.Description = fmt.Sprintf("One %s in a page of %s, with the cursor that pages from it.", noun.Singular, noun.Plural)
		}
		if def := s.Types[n.Name+"Order"]; def != nil {
			def.Description = fmt.Sprintf("How to sort %s: by a field, ascending unless the direction says otherwise.", noun.Plural)
		}
		if def := s.Types[n.Name+"OrderField"]; def != nil {
			describeOrderField(n, obj, def, noun)
		}
		if def := s.Types[n.Name+"WhereInput"]; def != nil {
			describeWhereInput(n, obj, def, noun)
		}
	}
	for _, name := range sortedKeys(s.Types) {
		def := s.Types[name]
		if def.Kind == ast.Enum && strings.Contains(def.Description, " is enum for the field ") {
			missing = append(missing, name+" (an EnumDoc annotation on its field)")
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("entgqldoc: undescribed in ent/schema: %s", strings.Join(missing, ", "))
	}
	return nil
}

// typeComment reads the schema.Comment annotation of an entity.
func typeComment(n *gen.Type) (string, error) {
	var c entschema.CommentAnnotation
	raw, ok := n.Annotations[c.Name()]
	if !ok {
		return "", nil
	}
	if err := decode(raw, &c); err != nil {
		return "", fmt.Errorf("entgqldoc: %s comment: %w", n.Name, err)
	}
	return strings.TrimSpace(c.Text), nil
}

// describeEnums writes the EnumDoc of each enum field of n on the enum type its GraphQL field has.
func describeEnums(n *gen.Type, obj *ast.Definition, s *ast.Schema) error {
	for _, f := range n.Fields {
		if !f.IsEnum() {
			continue
		}
		raw, ok := f.Annotations[EnumDocName]
		if !ok {
			continue
		}
		var doc EnumDoc
		if err := decode(raw, &doc); err != nil {
			return fmt.Errorf("entgqldoc: %s.%s: %w", n.Name, f.Name, err)
		}
		fd := obj.Fields.ForName(camel(f.Name))
		if fd == nil {
			return fmt.Errorf("entgqldoc: %s.%s: no GraphQL field %s to find its enum by", n.Name, f.Name, camel(f.Name))
		}
		enum := s.Types[fd.Type.Name()]
		if enum == nil || enum.Kind != ast.Enum {
			return fmt.Errorf("entgqldoc: %s.%s: %s is not an enum", n.Name, f.Name, fd.Type.Name())
		}
		enum.Description = strings.TrimSpace(doc.Type)
		for _, v := range enum.EnumValues {
			d, ok := doc.Values[v.Name]
			if !ok {
				return fmt.Errorf("entgqldoc: %s.%s: EnumDoc does not describe %s", n.Name, f.Name, v.Name)
			}
			v.Description = strings.TrimSpace(d)
		}
		for name := range doc.Values {
			if enum.EnumValues.ForName(name) == nil {
				return fmt.Errorf("entgqldoc: %s.%s: EnumDoc describes %s, which %s does not have", n.Name, f.Name, name, enum.Name)
			}
		}
	}
	return nil
}

// describeOrderField describes the enum of the fields (and edge counts) that sort n.
func describeOrderField(n *gen.Type, obj *ast.Definition, def *ast.Definition, noun Noun) {
	def.Description = fmt.Sprintf("What %s can be sorted by.", noun.Plural)
	by := map[string]string{}
	for _, f := range append([]*gen.Field{n.ID}, n.Fields...) {
		if f == nil {
			continue
		}
		if term := orderTerm(f.Annotations); term != "" {
			by[term] = fmt.Sprintf("By %s.", camel(f.Name))
		}
	}
	for _, e := range n.Edges {
		if term := orderTerm(e.Annotations); term != "" {
			by[term] = fmt.Sprintf("By the number of %s.", camel(e.Name))
		}
	}
	for _, v := range def.EnumValues {
		if d, ok := by[v.Name]; ok && v.Description == "" {
			v.Description = d
		}
	}
}

func orderTerm(annotations gen.Annotations) string {
	raw, ok := annotations[(entgql.Annotation{}).Name()]
	if !ok {
		return ""
	}
	var a entgql.Annotation
	if decode(raw, &a) != nil {
		return ""
	}
	return a.OrderField
}

// ops are the suffixes entgql gives the predicates of a field in a where input, longest first
// where one ends another (ContainsFold, Contains).
var ops = []string{"NEQ", "GTE", "GT", "LTE", "LT", "IsNil", "NotNil", "NotIn", "In", "EqualFold", "ContainsFold", "Contains", "HasPrefix", "HasSuffix"}

// describeWhereInput describes the filter input of n and each of its predicates.
func describeWhereInput(n *gen.Type, obj *ast.Definition, def *ast.Definition, noun Noun) {
	def.Description = fmt.Sprintf("A filter on %s: a %s matches when every predicate given matches (one left out or null does not filter); `not`, `and` and `or` combine filters.", noun.Plural, noun.Singular)
	// fields holds the field names the predicates start with, and whether the field is nullable.
	fields := map[string]bool{}
	for _, f := range append([]*gen.Field{n.ID}, n.Fields...) {
		if f != nil {
			fields[camel(f.Name)] = f.Optional || f.Nillable
		}
	}
	for _, f := range obj.Fields {
		fields[f.Name] = !f.Type.NonNull
	}
	edges := map[string]edge{}
	for _, e := range n.Edges {
		edges["has"+gen.Funcs["pascal"].(func(string) string)(e.Name)] = edge{name: camel(e.Name), unique: e.Unique}
	}
	for _, in := range def.Fields {
		if d := predicate(in, fields, edges, noun); d != "" {
			in.Description = d
		}
	}
}

// edge is an edge of the type a where input filters: its field name, and whether it leads to at
// most one node.
type edge struct {
	name   string
	unique bool
}

// predicate describes one input field of a where input, or returns "" for a name it does not know.
// The edge predicates are worded without an article, which would depend on the sound of the edge
// name. The filters of a has…With list all apply to the same neighbour (ent ANDs them).
func predicate(in *ast.FieldDefinition, fields map[string]bool, edges map[string]edge, noun Noun) string {
	p := noun.Plural
	switch in.Name {
	case "not":
		return fmt.Sprintf("Only the %s that this filter does not match.", p)
	case "and":
		return fmt.Sprintf("Only the %s that every one of these filters matches.", p)
	case "or":
		return fmt.Sprintf("Only the %s that at least one of these filters matches.", p)
	}
	if e, ok := edges[strings.TrimSuffix(in.Name, "With")]; ok {
		switch with := strings.HasSuffix(in.Name, "With"); {
		case e.unique && with:
			return fmt.Sprintf("Only %s whose %s is set and matches every one of these filters.", p, e.name)
		case e.unique:
			return fmt.Sprintf("true: only %s whose %s is set; false: only those whose %s is not.", p, e.name, e.name)
		case with:
			return fmt.Sprintf("Only %s with one or more %s that every one of these filters matches.", p, e.name)
		default:
			return fmt.Sprintf("true: only %s with one or more %s; false: only those with none.", p, e.name)
		}
	}
	if _, ok := fields[in.Name]; ok {
		return fmt.Sprintf("Only %s whose %s equals this.", p, in.Name)
	}
	for _, op := range ops {
		base, ok := strings.CutSuffix(in.Name, op)
		nullable, known := fields[base]
		if !ok || !known {
			continue
		}
		chrono := slices.Contains([]string{"Time", "Date"}, in.Type.Name())
		switch op {
		case "NEQ":
			if nullable {
				return fmt.Sprintf("Only %s whose %s is set and differs from this.", p, base)
			}
			return fmt.Sprintf("Only %s whose %s differs from this.", p, base)
		case "In":
			return fmt.Sprintf("Only %s whose %s is one of these.", p, base)
		case "NotIn":
			return fmt.Sprintf("Only %s whose %s is none of these.", p, base)
		case "GT":
			if chrono {
				return fmt.Sprintf("Only %s whose %s is later than this.", p, base)
			}
			return fmt.Sprintf("Only %s whose %s is greater than this (text: after it in code-point order).", p, base)
		case "GTE":
			if chrono {
				return fmt.Sprintf("Only %s whose %s is this or later.", p, base)
			}
			return fmt.Sprintf("Only %s whose %s is this or greater (text: in code-point order).", p, base)
		case "LT":
			if chrono {
				return fmt.Sprintf("Only %s whose %s is earlier than this.", p, base)
			}
			return fmt.Sprintf("Only %s whose %s is less than this (text: before it in code-point order).", p, base)
		case "LTE":
			if chrono {
				return fmt.Sprintf("Only %s whose %s is this or earlier.", p, base)
			}
			return fmt.Sprintf("Only %s whose %s is this or less (text: in code-point order).", p, base)
		case "IsNil":
			return fmt.Sprintf("true: only %s whose %s is null (false does not filter).", p, base)
		case "NotNil":
			return fmt.Sprintf("true: only %s whose %s is set (false does not filter).", p, base)
		case "EqualFold":
			return fmt.Sprintf("Only %s whose %s equals this text, ignoring case.", p, base)
		case "Contains":
			return fmt.Sprintf("Only %s whose %s contains this text (case-sensitive).", p, base)
		case "ContainsFold":
			return fmt.Sprintf("Only %s whose %s contains this text, ignoring case.", p, base)
		case "HasPrefix":
			return fmt.Sprintf("Only %s whose %s starts with this text.", p, base)
		case "HasSuffix":
			return fmt.Sprintf("Only %s whose %s ends with this text.", p, base)
		}
	}
	return ""
}

// Noun is how descriptions name an entity: "document version", "document versions".
type Noun struct{ Singular, Plural string }

// acronyms are the words of entity names that are written in capitals.
var acronyms = map[string]string{"soa": "SoA"}

// NounOf returns the English noun of an entity type name: DocumentVersion is "document version",
// "document versions"; SoaDocumentLink is "SoA document link".
func NounOf(name string) Noun {
	var words []string
	start := 0
	for i, r := range name {
		if i > 0 && unicode.IsUpper(r) {
			words = append(words, name[start:i])
			start = i
		}
	}
	words = append(words, name[start:])
	for i, w := range words {
		w = strings.ToLower(w)
		if a, ok := acronyms[w]; ok {
			w = a
		}
		words[i] = w
	}
	singular := strings.Join(words, " ")
	last := words[len(words)-1]
	var plural string
	switch {
	case strings.HasSuffix(last, "y") && !strings.ContainsAny(last[len(last)-2:len(last)-1], "aeiou"):
		plural = singular[:len(singular)-1] + "ies"
	case strings.HasSuffix(last, "s"), strings.HasSuffix(last, "x"), strings.HasSuffix(last, "ch"), strings.HasSuffix(last, "sh"):
		plural = singular + "es"
	default:
		plural = singular + "s"
	}
	return Noun{Singular: singular, Plural: plural}
}

func decode(raw, into any) error {
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// IncludeArchivedArg is the argument of every list of an entity with archivedAt (ArchiveMixin):
// archived records are left out of the list unless it is true (graph.AroundFields applies it,
// and ent's field collection alike).
const IncludeArchivedArg = "includeArchived"

// IncludeArchivedDescription describes IncludeArchivedArg wherever it is declared.
const IncludeArchivedDescription = "true also lists archived records, which are left out by default; with `where: {archivedAtNotNil: true}` it lists only the archived ones."

// IncludeArchived is an entgql.SchemaHook that declares `includeArchived: Boolean = false` on every
// field of the generated schema that lists an entity with an archived_at field: its connections
// and plain lists, on the entities and on Query.
func IncludeArchived(g *gen.Graph, s *ast.Schema) error {
	archivable := map[string]bool{}
	for _, n := range g.Nodes {
		for _, f := range n.Fields {
			if f.Name == "archived_at" {
				archivable[n.Name] = true
			}
		}
	}
	for _, name := range sortedKeys(s.Types) {
		def := s.Types[name]
		if def.Kind != ast.Object {
			continue
		}
		for _, fd := range def.Fields {
			if !listsArchivable(fd.Type, archivable) || fd.Arguments.ForName(IncludeArchivedArg) != nil {
				continue
			}
			fd.Arguments = append(fd.Arguments, &ast.ArgumentDefinition{
				Description:  IncludeArchivedDescription,
				Name:         IncludeArchivedArg,
				Type:         ast.NamedType("Boolean", nil),
				DefaultValue: &ast.Value{Kind: ast.BooleanValue, Raw: "false"},
			})
		}
	}
	return nil
}

// listsArchivable reports whether t is a connection or a list of an archivable entity.
func listsArchivable(t *ast.Type, archivable map[string]bool) bool {
	if t.Elem != nil {
		return archivable[t.Elem.Name()]
	}
	entity, ok := strings.CutSuffix(t.Name(), "Connection")
	return ok && archivable[entity]
}
