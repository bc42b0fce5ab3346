//go:build ignore

// entc generates the ent client and the GraphQL schema of the entities (graph/ent.graphqls).
// Run it from the module root: the paths below are relative to it.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/ent.graphqls"),
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
	)
	if err != nil {
		log.Fatalf("entgql extension: %v", err)
	}
	cfg := &gen.Config{
		Features: []gen.Feature{
			gen.FeatureVersionedMigration,
			gen.FeatureIntercept,
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
			gen.FeatureLock,
		},
	}
	opts := []entc.Option{
		entc.Extensions(ex),
		entc.TemplateDir("./ent/template"),
	}
	if err := entc.Generate("./ent/schema", cfg, opts...); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
