// Package schemadiff finds the changes between two versions of a GraphQL schema that break the
// clients of the older one (graphql-inspector's breaking class): a type, field, argument, enum
// value, union member or interface taken away, a type changed so that an old query or its
// answer no longer fits, a required argument or input field added. Additions and descriptions
// do not break anyone and are not reported.
package schemadiff

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Change is one breaking change: the schema coordinate it is at (Type, Type.field,
// Type.field(arg:), Enum.VALUE) and what happened.
type Change struct {
	Coordinate string
	What       string
}

// Breaking lists the breaking changes from the schema oldSDL to newSDL, ordered by coordinate.
func Breaking(oldSDL, newSDL string) ([]Change, error) {
	old, err := gqlparser.LoadSchema(&ast.Source{Name: "old", Input: oldSDL})
	if err != nil {
		return nil, fmt.Errorf("old schema: %w", err)
	}
	cur, err := gqlparser.LoadSchema(&ast.Source{Name: "new", Input: newSDL})
	if err != nil {
		return nil, fmt.Errorf("new schema: %w", err)
	}
	var out []Change
	add := func(coordinate, format string, args ...any) {
		out = append(out, Change{Coordinate: coordinate, What: fmt.Sprintf(format, args...)})
	}
	for name, o := range old.Types {
		if o.BuiltIn {
			continue
		}
		n, ok := cur.Types[name]
		switch {
		case !ok:
			add(name, "type removed")
			continue
		case n.Kind != o.Kind:
			add(name, "kind changed from %s to %s", o.Kind, n.Kind)
			continue
		}
		switch o.Kind {
		case ast.Object, ast.Interface:
			for _, i := range o.Interfaces {
				if !slices.Contains(n.Interfaces, i) {
					add(name, "no longer implements %s", i)
				}
			}
			for _, of := range o.Fields {
				at := name + "." + of.Name
				nf := n.Fields.ForName(of.Name)
				if nf == nil {
					add(at, "field removed")
					continue
				}
				if !outputFits(of.Type, nf.Type) {
					add(at, "type changed from %s to %s", of.Type, nf.Type)
				}
				arguments(at, of.Arguments, nf.Arguments, add)
			}
		case ast.InputObject:
			for _, of := range o.Fields {
				at := name + "." + of.Name
				nf := n.Fields.ForName(of.Name)
				if nf == nil {
					add(at, "input field removed")
				} else if !inputFits(of.Type, nf.Type) {
					add(at, "type changed from %s to %s", of.Type, nf.Type)
				}
			}
			for _, nf := range n.Fields {
				if o.Fields.ForName(nf.Name) == nil && required(nf.Type, nf.DefaultValue) {
					add(name+"."+nf.Name, "required input field added")
				}
			}
		case ast.Enum:
			for _, v := range o.EnumValues {
				if n.EnumValues.ForName(v.Name) == nil {
					add(name+"."+v.Name, "enum value removed")
				}
			}
		case ast.Union:
			for _, t := range o.Types {
				if !slices.Contains(n.Types, t) {
					add(name, "union member %s removed", t)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Coordinate != out[j].Coordinate {
			return out[i].Coordinate < out[j].Coordinate
		}
		return out[i].What < out[j].What
	})
	return out, nil
}

// arguments reports the breaking changes to the arguments of the field at.
func arguments(at string, old, cur ast.ArgumentDefinitionList, add func(string, string, ...any)) {
	for _, oa := range old {
		na := cur.ForName(oa.Name)
		coordinate := at + "(" + oa.Name + ":)"
		if na == nil {
			add(coordinate, "argument removed")
		} else if !inputFits(oa.Type, na.Type) {
			add(coordinate, "type changed from %s to %s", oa.Type, na.Type)
		}
	}
	for _, na := range cur {
		if old.ForName(na.Name) == nil && required(na.Type, na.DefaultValue) {
			add(at+"("+na.Name+":)", "required argument added")
		}
	}
}

func required(t *ast.Type, def *ast.Value) bool { return t.NonNull && def == nil }

// outputFits tells whether every answer of type cur is an answer an old client of type old can
// read: the same type, or one that is non-null where the old one was nullable.
func outputFits(old, cur *ast.Type) bool {
	if cur.NonNull && !old.NonNull {
		return outputFits(old, nullable(cur))
	}
	if old.NonNull != cur.NonNull || (old.Elem == nil) != (cur.Elem == nil) {
		return false
	}
	if old.Elem != nil {
		return outputFits(old.Elem, cur.Elem)
	}
	return old.NamedType == cur.NamedType
}

// inputFits tells whether every value an old client sent for type old is still accepted by cur:
// the same type, or one that is nullable where the old one was non-null. It is outputFits the
// other way round: cur must accept what old did, as old readers accept what cur answers.
func inputFits(old, cur *ast.Type) bool { return outputFits(cur, old) }

func nullable(t *ast.Type) *ast.Type {
	c := *t
	c.NonNull = false
	return &c
}

// Unannounced returns the changes that the changelog does not announce: an announcement is a
// Markdown bullet "- BREAKING: `Coordinate` …" (its wrapped, indented lines included) naming the
// change's coordinate in backquotes.
func Unannounced(changes []Change, changelog string) []Change {
	announced := map[string]bool{}
	var bullet strings.Builder
	flush := func() {
		parts := strings.Split(bullet.String(), "`")
		for i := 1; i < len(parts); i += 2 {
			announced[parts[i]] = true
		}
		bullet.Reset()
	}
	inBullet := false
	for _, line := range strings.Split(changelog, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "- BREAKING:"):
			flush()
			inBullet = true
			bullet.WriteString(trimmed)
		case inBullet && trimmed != "" && !strings.HasPrefix(trimmed, "- ") && strings.HasPrefix(line, " "):
			bullet.WriteString(" " + trimmed)
		default:
			flush()
			inBullet = false
		}
	}
	flush()
	var out []Change
	for _, c := range changes {
		if !announced[c.Coordinate] {
			out = append(out, c)
		}
	}
	return out
}

// Contains tells whether list holds c.
func Contains(list []Change, c Change) bool { return slices.Contains(list, c) }
