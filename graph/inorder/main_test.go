package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// field is a field function as gqlgen writes it, for a field of type typ read as obj.value.
func field(name, value, marshal, typ string, nonNull bool) string {
	n := "false"
	if nonNull {
		n = "true"
	}
	return `func (ec *executionContext) _Site_` + name + `(ctx context.Context, field graphql.CollectedField, obj *ent.Site) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Site_` + name + `(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.` + value + `, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v ` + typ + `) graphql.Marshaler {
			return ec.` + marshal + `(ctx, selections, v)
		},
		true,
		` + n + `,
	)
}
`
}

func TestReadLoaded_PutsAFastPathInFrontOfEveryFieldReadFromTheRecord(t *testing.T) {
	src := field("name", "Name", "marshalNString2string", "string", true) +
		field("address", "Address", "marshalOString2ᚖstring", "*string", false) +
		field("id", "ID", "marshalNID2secretariatᚋinternalᚋpulidᚐID", "pulid.ID", true) +
		field("headID", "HeadID", "marshalOID2ᚖsecretariatᚋinternalᚋpulidᚐID", "*pulid.ID", false) +
		field("floors", "Floors", "marshalNInt2int", "int", true) +
		field("open", "Open", "marshalNBoolean2bool", "bool", true) +
		field("status", "Status", "marshalNSiteStatus2secretariatᚋentᚋsiteᚐStatus", "site.Status", true) +
		field("since", "Since", "marshalOTime2ᚖtimeᚐTime", "*time.Time", false) +
		field("tags", "Tags", "marshalOString2ᚕstringᚄ", "[]string", false) +
		field("node", "Node", "marshalNCompany2ᚖsecretariatᚋentᚐCompany", "*ent.Company", true) +
		field("company", "Edges.Company", "marshalNCompany2ᚖsecretariatᚋentᚐCompany", "*ent.Company", true) +
		strings.Replace(field("edges", "Edges", "marshalNSiteEdge2ᚕᚖsecretariatᚋentᚐSiteEdgeᚄ", "[]*ent.SiteEdge", true), "\t\ttrue,\n\t\ttrue,", "\t\tfalse,\n\t\ttrue,", 1)
	scalar := map[string]bool{"fieldContext_Site_name": true, "fieldContext_Site_address": true, "fieldContext_Site_id": true,
		"fieldContext_Site_headID": true, "fieldContext_Site_floors": true, "fieldContext_Site_open": true, "fieldContext_Site_status": true, "fieldContext_Site_since": true, "fieldContext_Site_tags": true}

	enums := map[string]bool{"marshalNSiteStatus2secretariatᚋentᚋsiteᚐStatus": true}

	out, n := readLoaded([]byte(src), scalar, enums)
	got := string(out)
	if n != 11 {
		t.Fatalf("%d fields rewritten, want the eight scalars, the list of scalars, the object and the list of objects:\n%s", n, got)
	}
	for _, want := range []string{
		// Strings and IDs are held in the operation's slabs.
		"\tif v := obj.Name; ec.collected.loadedField(ctx, field, v) {\n\t\treturn ec.collected.str(v)\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.Address; ec.collected.loadedField(ctx, field, v) {\n\t\treturn ec.collected.optionalStr(v)\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.ID; ec.collected.loadedField(ctx, field, v) {\n\t\treturn ec.collected.id(v)\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.HeadID; ec.collected.loadedField(ctx, field, v) {\n\t\treturn ec.collected.optionalID(v)\n\t}\n\treturn graphql.ResolveField(",
		// So are the values of ent's enums, as strings; an Int is held in an interface.
		"\tif v := obj.Floors; ec.collected.loadedField(ctx, field, v) {\n\t\treturn ec.collected.integer(v)\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.Status; ec.collected.loadedField(ctx, field, v) {\n\t\treturn ec.collected.enum(string(v))\n\t}\n\treturn graphql.ResolveField(",
		// Other scalars keep their marshaller; a null where the schema allows none is left to gqlgen.
		"\tif v := obj.Open; ec.collected.loadedField(ctx, field, v) {\n\t\tif res := ec.marshalNBoolean2bool(ctx, field.Selections, v); res != graphql.Null {\n\t\t\treturn res\n\t\t}\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.Since; ec.collected.loadedField(ctx, field, v) {\n\t\treturn ec.marshalOTime2ᚖtimeᚐTime(ctx, field.Selections, v)\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.Tags; ec.collected.loadedValue(ctx, field, v) {\n\t\tif fc, err := ec.fieldContext_Site_tags(ctx, field); err == nil {\n\t\t\treturn marshalLoaded(ctx, ec.OperationContext, &ec.collected, fc, v, true, ec.marshalOString2ᚕstringᚄ)\n\t\t}\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.Node; ec.collected.loadedValue(ctx, field, v) {\n\t\tif fc, err := ec.fieldContext_Site_node(ctx, field); err == nil {\n\t\t\treturn marshalLoaded(ctx, ec.OperationContext, &ec.collected, fc, v, true, ec.marshalNCompany2ᚖsecretariatᚋentᚐCompany)\n\t\t}\n\t}\n\treturn graphql.ResolveField(",
		// gqlgen's choice of recovering a panic is kept.
		"\tif v := obj.Edges; ec.collected.loadedValue(ctx, field, v) {\n\t\tif fc, err := ec.fieldContext_Site_edges(ctx, field); err == nil {\n\t\t\treturn marshalLoaded(ctx, ec.OperationContext, &ec.collected, fc, v, false, ec.marshalNSiteEdge2ᚕᚖsecretariatᚋentᚐSiteEdgeᚄ)\n\t\t}\n\t}\n\treturn graphql.ResolveField(",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing the fast path:\n%s\nin:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Edges.Company; loaded") {
		t.Error("a value read through another value is left to gqlgen's path")
	}
	again, _ := readLoaded(out, scalar, enums)
	if string(again) != got {
		t.Error("a second run changes the output")
	}
}

func TestReadEnums_FindsTheMarshallersOfEntsEnumsThatQuoteTheirValue(t *testing.T) {
	ent := t.TempDir()
	pkg := func(name, src string) {
		if err := os.MkdirAll(filepath.Join(ent, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ent, name, name+".go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	quotes := func(typ string) string {
		return "func (e " + typ + ") MarshalGQL(w io.Writer) {\n\tgqlquote.Write(w, e.String())\n}\n"
	}
	pkg("task", "func (s Status) String() string {\n\treturn string(s)\n}\n"+quotes("Status")+
		// Its String is not the value: left to gqlgen.
		"func (p Priority) String() string {\n\treturn \"P\" + string(p)\n}\n"+quotes("Priority"))
	// Its MarshalGQL is another: left to gqlgen.
	pkg("risk", "func (l Level) String() string {\n\treturn string(l)\n}\nfunc (e Level) MarshalGQL(w io.Writer) {\n\tio.WriteString(w, `\"`+e.String()+`\"`)\n}\n")
	marshaller := func(name, typ string) string {
		return "func (ec *executionContext) " + name + "(ctx context.Context, sel ast.SelectionSet, v " + typ + ") graphql.Marshaler {\n\treturn v\n}\n"
	}
	sources := [][]byte{[]byte(marshaller("marshalNTaskStatus2secretariatᚋentᚋtaskᚐStatus", "task.Status") +
		marshaller("marshalNTaskPriority2secretariatᚋentᚋtaskᚐPriority", "task.Priority") +
		marshaller("marshalNRiskLevel2secretariatᚋentᚋriskᚐLevel", "risk.Level") +
		// Imported under another name: left to gqlgen.
		marshaller("marshalNOtherStatus2secretariatᚋentᚋtaskᚐStatus", "task1.Status") + "\n")}
	got, err := readEnums(ent, sources)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got["marshalNTaskStatus2secretariatᚋentᚋtaskᚐStatus"] {
		t.Errorf("enum marshallers %v, want the task's status alone", got)
	}
	if _, err := readEnums(t.TempDir(), sources); err == nil {
		t.Error("no enum in ent: want an error, the template changed shape")
	}
}

func TestChildContext_LeavesOutTheClosureOverTheExecutionContext(t *testing.T) {
	src := `func (ec *executionContext) fieldContext_SiteEdge_node(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     "SiteEdge",
		Field:      field,
		IsMethod:   false,
		IsResolver: false,
		Child: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.childFields_Site(ctx, field)
		},
	}
	return fc, nil
}
`
	want := strings.Replace(src, "\t\tChild: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {\n\t\t\treturn ec.childFields_Site(ctx, field)\n\t\t},\n", "", 1)
	if got := string(childContext.ReplaceAll([]byte(src), nil)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	scalar := "\t\tChild: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {\n\t\t\treturn nil, errors.New(\"field of type ID does not have child fields\")\n\t\t},\n"
	if got := string(childContext.ReplaceAll([]byte(scalar), nil)); got != scalar {
		t.Error("a Child that captures nothing costs nothing and stays")
	}
}

func TestReadCalls_PutsTheFastPathInFrontOfAMethodOrAResolverCalledWithTheRecordAlone(t *testing.T) {
	method := func(name, call string) string {
		return strings.Replace(strings.Replace(field("head", "Head", "marshalOUser2ᚖsecretariatᚋentᚐUser", "*ent.User", false),
			"return obj.Head, nil", call, 1), "_Site_head", "_Site_"+name, 2)
	}
	// An edge ent can tell loaded, and one it cannot; a non-null edge ent can tell loaded.
	loaded := map[string]bool{"Site.Head": true, "Site.Manager": true}
	src := method("head", "return obj.Head(ctx)") + method("sites", `return obj.Sites(ctx, fc.Args["first"].(*int))`) +
		method("resolved", "return ec.Resolvers.Site().Head(ctx, obj)") +
		method("searched", `return ec.Resolvers.Site().Search(ctx, obj, fc.Args["text"].(string))`) +
		method("deputy", "return obj.Deputy(ctx)") +
		strings.Replace(method("manager", "return obj.Manager(ctx)"), "\t\ttrue,\n\t\tfalse,\n\t)", "\t\ttrue,\n\t\ttrue,\n\t)", 1)

	out, n := readCalls([]byte(src), loaded)
	got := string(out)
	if n != 4 {
		t.Fatalf("%d fields rewritten, want the methods and the resolver called with the record alone:\n%s", n, got)
	}
	for _, want := range []string{
		"(ret graphql.Marshaler) {\n\tif v, ok := obj.HeadLoaded(); ok && v == nil && ec.collected.loadedField(ctx, field, nil) {\n\t\treturn graphql.Null\n\t}\n" +
			"\tres, c := resolveCall(ctx, ec.OperationContext, &ec.collected, field, ec.fieldContext_Site_head, true, obj.Head, ec.marshalOUser2ᚖsecretariatᚋentᚐUser)\n\tif res != nil {\n\t\treturn res\n\t}\n\treturn graphql.ResolveField(",
		"(ret graphql.Marshaler) {\n\tres, c := resolveCall(ctx, ec.OperationContext, &ec.collected, field, ec.fieldContext_Site_deputy, true, obj.Deputy, ec.marshalOUser2ᚖsecretariatᚋentᚐUser)\n",
		"(ret graphql.Marshaler) {\n\tres, c := resolveCall(ctx, ec.OperationContext, &ec.collected, field, ec.fieldContext_Site_manager, true, obj.Manager, ec.marshalOUser2ᚖsecretariatᚋentᚐUser)\n",
		"\t\tfunc(ctx context.Context) (any, error) {\n\t\t\tif c.ok {\n\t\t\t\treturn c.v, c.err\n\t\t\t}\n\t\t\treturn obj.Head(ctx)\n\t\t},\n",
		"(ret graphql.Marshaler) {\n\tres, c := resolveCall(ctx, ec.OperationContext, &ec.collected, field, ec.fieldContext_Site_resolved, true, func(ctx context.Context) (*ent.User, error) {\n\t\treturn ec.Resolvers.Site().Head(ctx, obj)\n\t}, ec.marshalOUser2ᚖsecretariatᚋentᚐUser)\n\tif res != nil {\n\t\treturn res\n\t}\n\treturn graphql.ResolveField(",
		"\t\tfunc(ctx context.Context) (any, error) {\n\t\t\tif c.ok {\n\t\t\t\treturn c.v, c.err\n\t\t\t}\n\t\t\treturn ec.Resolvers.Site().Head(ctx, obj)\n\t\t},\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing:\n%s\nin:\n%s", want, got)
		}
	}
	if strings.Count(got, "resolveCall(") != 4 {
		t.Error("a method or a resolver with arguments is left to gqlgen's path")
	}
	if strings.Count(got, "Loaded(); ok") != 1 {
		t.Error("only a nullable edge ent can tell loaded is answered null at once")
	}
	again, _ := readCalls(out, loaded)
	if string(again) != got {
		t.Error("a second run changes the output")
	}
}

func TestReadLoadedEdges_FindsTheEdgesEntCanTellLoaded(t *testing.T) {
	src := `func (_m *Department) HeadLoaded() (*User, bool) {
	return _m.Edges.Head, _m.Edges.loadedTypes[3]
}

func (_m *Department) Head(ctx context.Context) (*User, error) {
`
	got := readLoadedEdges([]byte(src))
	if len(got) != 1 || !got["Department.Head"] {
		t.Errorf("got %v, want Department.Head", got)
	}
}

func TestReadArgsOnce_ParsesTheArgumentsOfFieldsBelowTheRootOncePerOperation(t *testing.T) {
	context := func(object, name string) string {
		return "\tif fc.Args, err = ec.field_" + object + "_" + name + "_args(ctx, field.ArgumentMap(ec.Variables)); err != nil {\n"
	}
	src := context("Site", "departments") + context("Company", "sites") +
		context("Query", "companies") + context("Mutation", "createRisk") + context("Subscription", "companyActivity")
	out, n := readArgsOnce([]byte(src))
	got := string(out)
	if n != 2 {
		t.Fatalf("%d rewritten, want the two fields below the root:\n%s", n, got)
	}
	for _, want := range []string{
		"\tif fc.Args, err = ec.collected.argsOf(ctx, ec, fc.Object, field, (*executionContext).field_Site_departments_args); err != nil {\n",
		"\tif fc.Args, err = ec.collected.argsOf(ctx, ec, fc.Object, field, (*executionContext).field_Company_sites_args); err != nil {\n",
		context("Query", "companies"), context("Mutation", "createRisk"), context("Subscription", "companyActivity"),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing:\n%s\nin:\n%s", want, got)
		}
	}
	if again, m := readArgsOnce(out); m != 0 || string(again) != got {
		t.Errorf("a second run rewrote %d more", m)
	}
}

func TestFieldContextLiteral_CutsTheFieldContextFromTheSlabs(t *testing.T) {
	src := "func (ec *executionContext) fieldContext_SiteEdge_node(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n" +
		"\tfc = &graphql.FieldContext{\n\t\tObject:     \"SiteEdge\",\n\t\tField:      field,\n\t\tIsMethod:   false,\n\t\tIsResolver: false,\n\t}\n\treturn fc, nil\n}\n"
	want := "func (ec *executionContext) fieldContext_SiteEdge_node(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n" +
		"\tfc = ec.collected.newFieldContext(graphql.FieldContext{\n\t\tObject:     \"SiteEdge\",\n\t\tField:      field,\n\t\tIsMethod:   false,\n\t\tIsResolver: false,\n\t})\n\treturn fc, nil\n}\n"
	rewrite := func(b []byte) []byte {
		return fieldContextLiteral.ReplaceAll(b, []byte(fieldContextFromSlab))
	}
	got := rewrite([]byte(src))
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if string(rewrite(got)) != want {
		t.Error("a second run changes the output")
	}
}

func TestReadConnections_PutsTheFastPathInFrontOfAConnectionOfARecord(t *testing.T) {
	connection := func(name, call, typ string) string {
		f := field(name, "X", "marshalNSiteConnection2ᚖsecretariatᚋentᚐSiteConnection", typ, true)
		return strings.Replace(f, "\t\t\treturn obj.X, nil\n", "\t\t\tfc := graphql.GetFieldContext(ctx)\n\t\t\t"+call+"\n", 1)
	}
	src := connection("departments", `return obj.Departments(ctx, fc.Args["after"].(*entgql.Cursor[pulid.ID]), fc.Args["first"].(*int))`, "*ent.DepartmentConnection") +
		connection("history", `return ec.Resolvers.Site().History(ctx, obj, fc.Args["first"].(*int))`, "*ent.VersionConnection") +
		connection("owners", `return obj.Owners(ctx, fc.Args["first"].(*int))`, "[]*ent.User") + // a list, not a connection
		connection("secretariat", `return ec.Resolvers.Site().Secretariat(ctx, obj, fc.Args["locale"].(*locale.Locale))`, "*ent.Secretariat")

	out, n := readConnections([]byte(src))
	got := string(out)
	if n != 2 {
		t.Fatalf("%d fields rewritten, want the two connections:\n%s", n, got)
	}
	for _, want := range []string{
		"(ret graphql.Marshaler) {\n\tres, c := resolveConnection(ctx, ec.OperationContext, &ec.collected, ec.Resolvers, field, ec.fieldContext_Site_departments, true, func(ctx context.Context) (*ent.DepartmentConnection, error) {\n" +
			"\t\tfc := graphql.GetFieldContext(ctx)\n\t\treturn obj.Departments(ctx, fc.Args[\"after\"].(*entgql.Cursor[pulid.ID]), fc.Args[\"first\"].(*int))\n" +
			"\t}, ec.marshalNSiteConnection2ᚖsecretariatᚋentᚐSiteConnection)\n\tif res != nil {\n\t\treturn res\n\t}\n\treturn graphql.ResolveField(",
		"\t\tfunc(ctx context.Context) (any, error) {\n\t\t\tif c.ok {\n\t\t\t\treturn c.v, c.err\n\t\t\t}\n\t\t\tfc := graphql.GetFieldContext(ctx)\n\t\t\treturn obj.Departments(ctx, ",
		"func(ctx context.Context) (*ent.VersionConnection, error) {\n\t\tfc := graphql.GetFieldContext(ctx)\n\t\treturn ec.Resolvers.Site().History(ctx, obj, fc.Args[\"first\"].(*int))\n\t}",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing:\n%s\nin:\n%s", want, got)
		}
	}
	if strings.Count(got, "resolveConnection(") != 2 {
		t.Error("a field returning anything but a connection is left to gqlgen's path")
	}
	again, _ := readConnections(out)
	if string(again) != got {
		t.Error("a second run changes the output")
	}
}
