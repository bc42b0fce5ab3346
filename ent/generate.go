// Package ent holds the entity schemas (ent/schema) and the client generated from them.
// Everything here but schema/, template/, entc.go and this file is generated: run
// `go generate ./...` (or `make generate`) from the module root, never edit it by hand.
package ent

//go:generate go run -C .. ./ent/entc.go
