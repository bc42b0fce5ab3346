// Command inorder rewrites gqlgen's output in graph/generated to resolve fields and list
// elements in order on the caller's goroutine, and to answer a field read straight from a
// loaded record, or a connection of a record, without gqlgen's per-field machinery
// (graph/generated/inorder.go says why). It runs after gqlgen in `go generate ./graph` and fails
// when gqlgen's output no longer has the shape it rewrites, so that a gqlgen upgrade cannot
// silently undo it.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// rewrites are the calls gqlgen writes and what they become. Each must be found in the output.
var rewrites = []struct{ from, to string }{
	{"graphql.MarshalSliceConcurrently(", "ec.collected.marshalSliceInOrder("},
	{"out.ResolveConcurrently(ec.OperationContext, &deferred, i,", "resolveInOrder(ctx, ec.OperationContext, out, i,"},
	{"out.ResolveRootConcurrently(innerCtx, ec.OperationContext, i,", "resolveRootInOrder(innerCtx, ec.OperationContext, out, i,"},
	{"deferred := graphql.NewDeferredGroup(ctx)", "var deferred graphql.DeferredGroup // never filled: no @defer (inorder.go)"},
	{"out := graphql.NewFieldSet(fields)\n", "out := ec.collected.newFieldSet(fields)\n\tdefer ec.collected.release(ec.collected.mark())\n"},
	{"return graphql.WrapContextMarshaler(ctx, res)", "return marshalNow(ctx, res)"},
	{"\tctx = graphql.WithFieldContext(ctx, fc)\n", "\tctx = ec.collected.withFieldContext(ctx, fc)\n"},
	{"fields := graphql.CollectFields(ec.OperationContext, sel, ", "fields := ec.collected.of(ec.OperationContext, sel, "},
	{"\treturn graphql.NewScalarFieldContext(", "\treturn ec.collected.newScalarFieldContext("},
	{"\t\t\tvar buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n\t\t\tresponse.Data = buf.Bytes()\n",
		"\t\t\tbuf := answerBuffer(ctx)\n\t\t\tdata.MarshalGQL(buf)\n\t\t\tresponse.Data = buf.Bytes()\n"},
	{"\t\t\tdata := ec._Mutation(ctx, opCtx.Operation.SelectionSet)\n\t\t\tvar buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n",
		"\t\t\tdata := ec._Mutation(ctx, opCtx.Operation.SelectionSet)\n\t\t\tbuf := answerBuffer(ctx)\n\t\t\tdata.MarshalGQL(buf)\n"},
	{"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n}",
		"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n\tcollected collected // inorder.go\n}"},
}

// fieldContextLiteral finds where a field context function allocates its field context; it is
// cut from the operation's slabs instead (collected.newFieldContext).
var fieldContextLiteral = regexp.MustCompile(`(?s)\tfc = &graphql\.FieldContext\{\n(.*?)\n\t\}\n`)

const fieldContextFromSlab = "\tfc = ec.collected.newFieldContext(graphql.FieldContext{\n$1\n\t})\n"

// left are calls that must not remain after the rewrite.
var left = []string{"fc = &graphql.FieldContext{", "graphql.NewScalarFieldContext(", "MarshalSliceConcurrently(", "ResolveConcurrently(", "ResolveRootConcurrently(", "NewDeferredGroup(", "graphql.NewFieldSet(", "graphql.CollectFields(ec.OperationContext, sel, ", "return ec.childFields_", "WrapContextMarshaler("}

func main() {
	if err := run("graph/generated", "ent"); err != nil {
		fmt.Fprintln(os.Stderr, "inorder:", err)
		os.Exit(1)
	}
}

func run(dir, entDir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.generated.go"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no generated files in %s", dir)
	}
	found := make([]int, len(rewrites))
	sources := make([][]byte, len(files))
	scalar := map[string]bool{}
	for i, name := range files {
		if sources[i], err = os.ReadFile(name); err != nil {
			return err
		}
		for _, m := range scalarContext.FindAllSubmatch(sources[i], -1) {
			scalar[string(m[1])] = true
		}
	}
	entEdges := filepath.Join(entDir, "gql_edge.go")
	edges, err := os.ReadFile(entEdges)
	if err != nil {
		return err
	}
	loadedEdges := readLoadedEdges(edges)
	if len(loadedEdges) == 0 {
		return fmt.Errorf("%s: no method telling a loaded edge: ent's output changed shape", entEdges)
	}
	enums, err := readEnums(entDir, sources)
	if err != nil {
		return err
	}
	loaded, calls, connections, parsedOnce, nullEdges := 0, 0, 0, 0, 0
	for f, name := range files {
		src := sources[f]
		out, n := readLoaded(src, scalar, enums)
		out, m := readCalls(out, loadedEdges)
		out, k := readConnections(out)
		connections += k + bytes.Count(src, []byte(connectionPathCall)) // run twice, it changes nothing
		nullEdges += bytes.Count(out, []byte(nullEdgeTest))
		out = childContext.ReplaceAll(out, nil)
		out = fieldContextLiteral.ReplaceAll(out, []byte(fieldContextFromSlab))
		out, k = readArgsOnce(out)
		parsedOnce += k + bytes.Count(src, []byte("ec.collected.argsOf("))                             // run twice, it changes nothing
		loaded += n + bytes.Count(src, []byte(fastPathCall)) + bytes.Count(src, []byte(valuePathCall)) // run twice, it changes nothing
		calls += m + bytes.Count(src, []byte(callPathCall))
		for i, r := range rewrites {
			found[i] += bytes.Count(out, []byte(r.from)) + bytes.Count(out, []byte(r.to)) // run twice, it changes nothing
			out = bytes.ReplaceAll(out, []byte(r.from), []byte(r.to))
		}
		for _, call := range left {
			if bytes.Contains(out, []byte(call)) {
				return fmt.Errorf("%s: %s is left after the rewrite: gqlgen's output changed shape", name, call)
			}
		}
		if !bytes.Equal(out, src) {
			if err := os.WriteFile(name, out, 0o644); err != nil {
				return err
			}
		}
	}
	if nullEdges == 0 {
		return fmt.Errorf("no empty edge answered null at once: gqlgen's or ent's output changed shape")
	}
	if calls == 0 {
		return fmt.Errorf("no field calling a method of the loaded record without arguments found in gqlgen's output: it changed shape")
	}
	if connections == 0 {
		return fmt.Errorf("no field of a record returning a connection found in gqlgen's output: it changed shape")
	}
	if parsedOnce == 0 {
		return fmt.Errorf("no field context parsing its field's arguments found in gqlgen's output: it changed shape")
	}
	if loaded == 0 {
		return fmt.Errorf("no scalar field read from a loaded record found in gqlgen's output: it changed shape")
	}
	for i, r := range rewrites {
		if found[i] == 0 {
			return fmt.Errorf("%q is not in gqlgen's output: it changed shape", r.from)
		}
	}
	return nil
}

// childContext finds the Child function gqlgen gives the field context of an object field: a
// closure over the operation's executionContext, allocated with each such field of the answer,
// for field middleware that wants to look ahead at a child's arguments. Nothing here does, and
// the closure costs an allocation per object field of the answer; it is left out.
var childContext = regexp.MustCompile(`\t\tChild: func\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{\n\t\t\treturn ec\.childFields_\w+\(ctx, field\)\n\t\t\},\n`)

// fieldArgs finds where a field context parses its field's arguments, for every instance of
// the field in the answer; readArgsOnce has the ones below the operation's root parsed once for
// the operation instead (collected.argsOf in generated/inorder.go).
var fieldArgs = regexp.MustCompile(`if fc\.Args, err = ec\.(field_(\w+)_args)\(ctx, field\.ArgumentMap\(ec\.Variables\)\); err != nil \{`)

// rootObjects are the operation types. A root field is resolved once: its arguments, a
// mutation's input among them, are left to gqlgen.
var rootObjects = [][]byte{[]byte("Query_"), []byte("Mutation_"), []byte("Subscription_")}

// readArgsOnce has the field contexts of the fields below the root read their arguments through
// collected.argsOf.
func readArgsOnce(src []byte) ([]byte, int) {
	n := 0
	out := fieldArgs.ReplaceAllFunc(src, func(m []byte) []byte {
		g := fieldArgs.FindSubmatch(m)
		for _, root := range rootObjects {
			if bytes.HasPrefix(g[2], root) {
				return m
			}
		}
		n++
		return []byte(fmt.Sprintf("if fc.Args, err = ec.collected.argsOf(ctx, ec, fc.Object, field, (*executionContext).%s); err != nil {", g[1]))
	})
	return out, n
}

// fastPathCall and valuePathCall are how the fast paths begin in a rewritten field: a scalar's,
// and an object's or a list's.
const (
	fastPathCall  = "ec.collected.loadedField(ctx, field, v)"
	valuePathCall = "ec.collected.loadedValue(ctx, field, v)"
)

// scalarContext finds the field contexts of scalar and enum fields.
var scalarContext = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) (fieldContext_\w+)\(_ context\.Context, field graphql\.CollectedField\) \(fc \*graphql\.FieldContext, err error\) \{\n\treturn (?:graphql\.NewScalarFieldContext|ec\.collected\.newScalarFieldContext)\(`)

// loadedField finds a field whose resolver returns a field of the loaded record and nothing
// else, with its field context, the value, the marshaller, whether gqlgen recovers a panic in it
// and whether the field is non-null.
var loadedField = fieldFunction(`\t\t\treturn (obj\.\w+), nil\n`, `[^)]+`)

// fieldFunction is the pattern of the function gqlgen writes for a field of a record, whose
// resolver's body is what resolver matches and whose value is of a type value matches. Its groups:
// the function's header; what comes before the resolver's body, with the field context function
// in it; resolver's own; and the rest of the function, with the value's type, the marshaller,
// whether gqlgen recovers a panic in it and whether the field is non-null.
func fieldFunction(resolver, value string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^(func \(ec \*executionContext\) _\w+\(ctx context\.Context, field graphql\.CollectedField, obj [^)]+\) \(ret graphql\.Marshaler\) \{\n)` +
		`(\treturn graphql\.ResolveField\(\n\t\tctx,\n\t\tec\.OperationContext,\n\t\tfield,\n` +
		`\t\tfunc\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{\n\t\t\treturn ec\.(fieldContext_\w+)\(ctx, field\)\n\t\t\},\n` +
		`\t\tfunc\(ctx context\.Context\) \(any, error\) \{\n)` + resolver +
		`(\t\t\},\n\t\tnil,\n` +
		`\t\tfunc\(ctx context\.Context, selections ast\.SelectionSet, v (` + value + `)\) graphql\.Marshaler \{\n\t\t\treturn ec\.([^\s(]+)\(ctx, selections, v\)\n\t\t\},\n` +
		`\t\t(true|false),\n\t\t(true|false),\n\t\)\n\})`)
}

// loadedScalars are the marshallers of strings, IDs and Ints, and the methods of
// generated.collected that hold such a value of the answer instead: a string or an ID cut from
// the operation's slabs, an Int in an interface (gqlgen's marshaller allocates a closure for
// each, such as every connection's totalCount). Each writes what the marshaller writes, and none
// returns null for a value (gqlgen's non-null check is moot).
var loadedScalars = map[string]string{
	"marshalNString2string":                     "str",
	"marshalOString2ᚖstring":                    "optionalStr",
	"marshalNID2secretariatᚋinternalᚋpulidᚐID":  "id",
	"marshalOID2ᚖsecretariatᚋinternalᚋpulidᚐID": "optionalID",
	"marshalNInt2int":                           "integer",
}

// readLoaded puts a fast path in front of each field read from a loaded record
// (generated/inorder.go): loadedField for a scalar, loadedValue for an object or a list. gqlgen's
// own path stays behind it for the cases the fast path hands back (a stopped operation, a null
// where the schema allows none).
func readLoaded(src []byte, scalar, enums map[string]bool) ([]byte, int) {
	n := 0
	out := loadedField.ReplaceAllFunc(src, func(m []byte) []byte {
		g := loadedField.FindSubmatch(m)
		header, body, context, value, marshal := g[1], m[len(g[1]):], string(g[3]), string(g[4]), string(g[7])
		recoverPanic, nonNull := string(g[8]), string(g[9]) == "true"
		n++
		var fast string
		switch slabbed, ok := loadedScalars[marshal]; {
		case ok:
			fast = fmt.Sprintf("\tif v := %s; "+fastPathCall+" {\n\t\treturn ec.collected.%s(v)\n\t}\n", value, slabbed)
		case enums[marshal]:
			fast = fmt.Sprintf("\tif v := %s; "+fastPathCall+" {\n\t\treturn ec.collected.enum(string(v))\n\t}\n", value)
		case !scalar[context] || strings.Contains(marshal, "ᚕ"):
			fast = fmt.Sprintf("\tif v := %s; "+valuePathCall+" {\n\t\tif fc, err := ec.%s(ctx, field); err == nil {\n\t\t\treturn marshalLoaded(ctx, ec.OperationContext, &ec.collected, fc, v, %s, ec.%s)\n\t\t}\n\t}\n", value, context, recoverPanic, marshal)
		case nonNull:
			fast = fmt.Sprintf("\tif v := %s; "+fastPathCall+" {\n\t\tif res := ec.%s(ctx, field.Selections, v); res != graphql.Null {\n\t\t\treturn res\n\t\t}\n\t}\n", value, marshal)
		default:
			fast = fmt.Sprintf("\tif v := %s; "+fastPathCall+" {\n\t\treturn ec.%s(ctx, field.Selections, v)\n\t}\n", value, marshal)
		}
		return append(append(append([]byte{}, header...), fast...), body...)
	})
	return out, n
}

// entEnum finds, in an ent package, an enum whose MarshalGQL quotes its String
// (ent/entgqltemplate/enum.tmpl), and enumString a String that is the value itself.
var (
	entEnum    = regexp.MustCompile(`(?m)^func \(e (\w+)\) MarshalGQL\(w io\.Writer\) \{\n\tgqlquote\.Write\(w, e\.String\(\)\)\n\}$`)
	enumString = regexp.MustCompile(`(?m)^func \((\w+) (\w+)\) String\(\) string \{\n\treturn string\((\w+)\)\n\}$`)
)

// enumMarshaller finds gqlgen's marshaller of a non-null value of a type of an ent package that
// returns the value as it is (the type is its own graphql.Marshaler).
var enumMarshaller = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) (marshalN\w+2secretariatᚋentᚋ(\w+)ᚐ(\w+))\(ctx context\.Context, sel ast\.SelectionSet, v (\w+)\.(\w+)\) graphql\.Marshaler \{\n\treturn v\n\}$`)

// readEnums is the marshallers of gqlgen's output (sources) that return a value of one of ent's
// enums (in entDir's packages), which is written as gqlquote writes its string: the fast path
// holds that string (collected.enum) instead of the value in an interface.
func readEnums(entDir string, sources [][]byte) (map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(entDir, "*", "*.go"))
	if err != nil {
		return nil, err
	}
	quoted := map[string]bool{} // package.Type
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		pkg := filepath.Base(filepath.Dir(name))
		strs := map[string]bool{}
		for _, m := range enumString.FindAllSubmatch(src, -1) {
			if string(m[1]) == string(m[3]) {
				strs[string(m[2])] = true
			}
		}
		for _, m := range entEnum.FindAllSubmatch(src, -1) {
			if strs[string(m[1])] {
				quoted[pkg+"."+string(m[1])] = true
			}
		}
	}
	if len(quoted) == 0 {
		return nil, fmt.Errorf("%s: no enum quoting its string: ent's output or ent/entgqltemplate/enum.tmpl changed shape", entDir)
	}
	out := map[string]bool{}
	for _, src := range sources {
		for _, m := range enumMarshaller.FindAllSubmatch(src, -1) {
			pkg, typ := string(m[2]), string(m[3])
			if string(m[4]) == pkg && string(m[5]) == typ && quoted[pkg+"."+typ] {
				out[string(m[1])] = true
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no marshaller of an ent enum in gqlgen's output: it changed shape")
	}
	return out, nil
}

// callPathCall is how the fast path of a method field begins, nullEdgeCall the one of an empty
// edge in front of it (%s is the method value, obj.Head).
const (
	callPathCall = "res, c := resolveCall(ctx, ec.OperationContext, &ec.collected, field, "
	nullEdgeCall = "if v, ok := %s" + nullEdgeTest
	nullEdgeTest = "Loaded(); ok && v == nil && ec.collected.loadedField(ctx, field, nil)"
)

// methodField finds a field whose resolver calls a method of the loaded record with the
// context and nothing else (an edge to one record: a department's head, a document's owner), or
// a resolver of the API with the context and the record and nothing else (a version's number, a
// task's overdue flag), with its field context, the call, the value's type, the marshaller and
// whether gqlgen recovers a panic in it.
var methodField = fieldFunction(`\t\t\treturn (obj\.\w+\(ctx\)|ec\.Resolvers\.\w+\(\)\.\w+\(ctx, obj\))\n`, `[^)]+`)

// connectionPathCall is how the fast path of a connection field begins.
const connectionPathCall = "res, c := resolveConnection(ctx, ec.OperationContext, &ec.collected, ec.Resolvers, field, "

// connectionField finds a field of a record that returns a connection, whose resolver calls a
// method of the record (an edge of ent's: a company's sites) or a resolver of the API with the
// record, and the field's arguments: its field context, the call, the connection's type, the
// marshaller and whether gqlgen recovers a panic in it.
var connectionField = fieldFunction(`(\t\t\tfc := graphql\.GetFieldContext\(ctx\)\n\t\t\treturn (?:obj\.\w+\(ctx, |ec\.Resolvers\.\w+\(\)\.\w+\(ctx, obj, )fc\.Args\[[^\n]*\)\n)`,
	`\*\w+\.\w+Connection`)

// readConnections puts the fast path resolveConnection (generated/inorder.go) in front of each
// field of a record that returns a connection; gqlgen's path behind it reports what the call
// returned when the fast path hands it back (an error), without calling again.
func readConnections(src []byte) ([]byte, int) {
	n := 0
	out := connectionField.ReplaceAllFunc(src, func(m []byte) []byte {
		g := connectionField.FindSubmatch(m)
		header, before, context, call, after, typ, marshal, recoverPanic := g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8]
		n++
		var b bytes.Buffer
		b.Write(header)
		fmt.Fprintf(&b, "\t"+connectionPathCall+"ec.%s, %s, func(ctx context.Context) (%s, error) {\n", context, recoverPanic, typ)
		b.Write(bytes.ReplaceAll(call, []byte("\t\t\t"), []byte("\t\t")))
		fmt.Fprintf(&b, "\t}, ec.%s)\n\tif res != nil {\n\t\treturn res\n\t}\n", marshal)
		b.Write(before)
		b.WriteString("\t\t\tif c.ok {\n\t\t\t\treturn c.v, c.err\n\t\t\t}\n")
		b.Write(call)
		b.Write(after)
		return b.Bytes()
	})
	return out, n
}

// loadedEdge finds, in ent's edge resolvers (ent/entgqltemplate/gql_edge.tmpl), the method that
// tells an optional edge to one record as field collection loaded it.
var loadedEdge = regexp.MustCompile(`(?m)^func \(_m \*(\w+)\) (\w+)Loaded\(\) \(\*\w+, bool\) \{$`)

// readLoadedEdges is the optional edges to one record that ent can tell loaded, as Type.Edge.
func readLoadedEdges(src []byte) map[string]bool {
	edges := map[string]bool{}
	for _, m := range loadedEdge.FindAllSubmatch(src, -1) {
		edges[string(m[1])+"."+string(m[2])] = true
	}
	return edges
}

// entObject finds the ent type of a field function's record.
var entObject = regexp.MustCompile(`obj \*ent\.(\w+)\)`)

// readCalls puts the fast path resolveCall (generated/inorder.go) in front of each field that
// calls a method of the loaded record, or a resolver with the record, without arguments;
// gqlgen's path behind it reports what the call returned when the fast path hands it back (an
// error, a null interface), without calling again.
//
// In front of that, a nullable edge to one record that ent can tell loaded (loaded, Type.Edge)
// is answered null at once when it is empty (a department without a head, a task without an
// assignee): no field context, no context, no call, where most of a list's records may have none.
func readCalls(src []byte, loaded map[string]bool) ([]byte, int) {
	n := 0
	out := methodField.ReplaceAllFunc(src, func(m []byte) []byte {
		g := methodField.FindSubmatch(m)
		header, before, context, call, after, typ, marshal, recoverPanic := g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8]
		nonNull := string(g[9]) == "true"
		n++
		// A method is passed as a method value (obj.Head), a resolver in a function literal.
		fn := bytes.TrimSuffix(call, []byte("(ctx)"))
		if bytes.HasPrefix(call, []byte("ec.Resolvers.")) {
			fn = []byte(fmt.Sprintf("func(ctx context.Context) (%s, error) {\n\t\treturn %s\n\t}", typ, call))
		}
		var b bytes.Buffer
		b.Write(header)
		if obj := entObject.FindSubmatch(header); obj != nil && !nonNull && bytes.HasPrefix(fn, []byte("obj.")) &&
			loaded[string(obj[1])+"."+string(bytes.TrimPrefix(fn, []byte("obj.")))] {
			fmt.Fprintf(&b, "\t"+nullEdgeCall+" {\n\t\treturn graphql.Null\n\t}\n", fn)
		}
		fmt.Fprintf(&b, "\t"+callPathCall+"ec.%s, %s, %s, ec.%s)\n\tif res != nil {\n\t\treturn res\n\t}\n", context, recoverPanic, fn, marshal)
		b.Write(before)
		fmt.Fprintf(&b, "\t\t\tif c.ok {\n\t\t\t\treturn c.v, c.err\n\t\t\t}\n\t\t\treturn %s\n", call)
		b.Write(after)
		return b.Bytes()
	})
	return out, n
}
