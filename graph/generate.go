// Package graph is the GraphQL layer: the schema split by module (*.graphqls), thin resolvers
// that call the internal services, and the gqlgen output in graph/generated.
package graph

//go:generate go tool -C .. gqlgen generate
//go:generate go run -C .. ./graph/inorder
//go:generate go run -C .. ./graph/printschema
