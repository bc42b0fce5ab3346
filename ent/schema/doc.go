package schema

import (
	"fmt"

	"entgo.io/ent"

	"secretariat/ent/entgqldoc"
)

// describeEnum describes the GraphQL enum of an enum field and each of its values, which entgql
// leaves undescribed (ent/entgqldoc writes them into graph/ent.graphqls): the type first,
// then each value and its description. Entity types are described by a schema.Comment in their
// Annotations, fields and edges by their Comment; none of these reach the database (no
// entsql.WithComments).
func describeEnum(typ string, valueAndDescription ...string) entgqldoc.EnumDoc {
	if len(valueAndDescription)%2 != 0 {
		panic(fmt.Sprintf("describeEnum(%q): a value without its description", typ))
	}
	doc := entgqldoc.EnumDoc{Type: typ, Values: map[string]string{}}
	for i := 0; i < len(valueAndDescription); i += 2 {
		doc.Values[valueAndDescription[i]] = valueAndDescription[i+1]
	}
	return doc
}

// withComment gives a field built by a helper (dateField) its Comment, the description of its
// GraphQL field.
func withComment(f ent.Field, comment string) ent.Field {
	f.Descriptor().Comment = comment
	return f
}
