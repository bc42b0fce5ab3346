//go:build ignore

// entc generates the ent client and the GraphQL schema of the entities (graph/ent.graphqls),
// described by ent/entgqldoc where entgql writes no description.
// Run it from the module root: the paths below are relative to it.
package main

import (
	"fmt"
	"log"
	"slices"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/ent/entgqldoc"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/ent.graphqls"),
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
		entgql.WithSchemaHook(dropNoWhereFilters, relayShape, entgqldoc.Hook, entgqldoc.IncludeArchived),
	)
	if err != nil {
		log.Fatalf("entgql extension: %v", err)
	}
	cfg := &gen.Config{
		Hooks: []gen.Hook{checkReads},
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
		entgqlTemplate("./ent/entgqltemplate/gql_collection.tmpl"),
		entgqlTemplate("./ent/entgqltemplate/gql_paginate.tmpl"),
		entgqlTemplate("./ent/entgqltemplate/gql_edge.tmpl"),
		entgqlTemplate("./ent/entgqltemplate/enum.tmpl"),
		entgqlTemplate("./ent/entgqltemplate/gql_totalcount.tmpl"),
	}
	if err := entc.Generate("./ent/schema", cfg, opts...); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// entgqlTemplate adds a template that overrides one of entgql's by its name, parsed with entgql's
// template functions (entc.TemplateDir knows only ent's). It comes after the extension's
// templates, so its definition wins.
func entgqlTemplate(path string) entc.Option {
	return func(cfg *gen.Config) error {
		t, err := gen.NewTemplate(path).Funcs(entgql.TemplateFuncs).ParseFiles(path)
		if err != nil {
			return fmt.Errorf("parse %s: %w", path, err)
		}
		cfg.Templates = append(cfg.Templates, t)
		return nil
	}
}

// checkReads fails the generation when a Reads annotation (ent/schema/mixin.go) names a field
// the entity does not have: field collection would leave it out, and the resolver would read its
// zero value.
func checkReads(next gen.Generator) gen.Generator {
	return gen.GenerateFunc(func(g *gen.Graph) error {
		for _, n := range g.Nodes {
			reads, _ := n.Annotations["Reads"].(map[string]any)
			for field, names := range reads {
				list, _ := names.([]any)
				if len(list) == 0 {
					return fmt.Errorf("%s: Reads of %s names no field", n.Name, field)
				}
				for _, name := range list {
					if !slices.ContainsFunc(n.Fields, func(f *gen.Field) bool { return f.Name == name }) {
						return fmt.Errorf("%s: Reads of %s names %v, which is not one of its fields", n.Name, field, name)
					}
				}
			}
		}
		return next.Generate(g)
	})
}

// dropNoWhereFilters removes has<Edge> and has<Edge>With from the where input of every edge
// annotated NoWhereFilter (ent/schema/mixin.go).
func dropNoWhereFilters(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		input := s.Types[n.Name+"WhereInput"]
		if input == nil {
			continue
		}
		for _, e := range n.Edges {
			if _, ok := e.Annotations["NoWhereFilter"]; !ok {
				continue
			}
			name := "has" + gen.Funcs["pascal"].(func(string) string)(e.Name)
			input.Fields = slices.DeleteFunc(input.Fields, func(f *ast.FieldDefinition) bool {
				return f.Name == name || f.Name == name+"With"
			})
		}
	}
	return nil
}

// relayShape gives every connection the shape a client can rely on: its edges and their nodes
// are never null, and nodes lists the edges' nodes for a client that needs no cursors.
func relayShape(_ *gen.Graph, s *ast.Schema) error {
	for name, def := range s.Types {
		node, ok := strings.CutSuffix(name, "Connection")
		if !ok || def.Kind != ast.Object || s.Types[node+"Edge"] == nil {
			continue
		}
		if edges := def.Fields.ForName("edges"); edges != nil && edges.Type.Elem != nil {
			edges.Type = ast.NonNullListType(ast.NonNullNamedType(node+"Edge", nil), nil)
		}
		if n := s.Types[node+"Edge"].Fields.ForName("node"); n != nil {
			n.Type = ast.NonNullNamedType(node, nil)
		}
		if def.Fields.ForName("nodes") == nil {
			def.Fields = append(def.Fields, &ast.FieldDefinition{
				Name: "nodes",
				Description: "The nodes of the edges, in the same order, for a client that needs no cursors. " +
					"A list's items are selected once: under edges or here, not both.",
				Type: ast.NonNullListType(ast.NonNullNamedType(node, nil), nil),
			})
		}
	}
	return nil
}
