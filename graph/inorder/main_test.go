package main

import (
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
		field("tags", "Tags", "marshalOString2ᚕstringᚄ", "[]string", false) +
		field("node", "Node", "marshalNCompany2ᚖsecretariatᚋentᚐCompany", "*ent.Company", true) +
		field("company", "Edges.Company", "marshalNCompany2ᚖsecretariatᚋentᚐCompany", "*ent.Company", true) +
		strings.Replace(field("edges", "Edges", "marshalNSiteEdge2ᚕᚖsecretariatᚋentᚐSiteEdgeᚄ", "[]*ent.SiteEdge", true), "\t\ttrue,\n\t\ttrue,", "\t\tfalse,\n\t\ttrue,", 1)
	scalar := map[string]bool{"fieldContext_Site_name": true, "fieldContext_Site_address": true, "fieldContext_Site_tags": true}

	out, n := readLoaded([]byte(src), scalar)
	got := string(out)
	if n != 5 {
		t.Fatalf("%d fields rewritten, want the two scalars, the list of scalars, the object and the list of objects:\n%s", n, got)
	}
	for _, want := range []string{
		"\tif v := obj.Name; ec.collected.loadedField(ctx, field, v) {\n\t\tif res := ec.marshalNString2string(ctx, field.Selections, v); res != graphql.Null {\n\t\t\treturn res\n\t\t}\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.Address; ec.collected.loadedField(ctx, field, v) {\n\t\treturn ec.marshalOString2ᚖstring(ctx, field.Selections, v)\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.Tags; ec.collected.loadedValue(ctx, field, v) {\n\t\tif fc, err := ec.fieldContext_Site_tags(ctx, field); err == nil {\n\t\t\treturn marshalLoaded(ctx, ec.OperationContext, fc, v, true, ec.marshalOString2ᚕstringᚄ)\n\t\t}\n\t}\n\treturn graphql.ResolveField(",
		"\tif v := obj.Node; ec.collected.loadedValue(ctx, field, v) {\n\t\tif fc, err := ec.fieldContext_Site_node(ctx, field); err == nil {\n\t\t\treturn marshalLoaded(ctx, ec.OperationContext, fc, v, true, ec.marshalNCompany2ᚖsecretariatᚋentᚐCompany)\n\t\t}\n\t}\n\treturn graphql.ResolveField(",
		// gqlgen's choice of recovering a panic is kept.
		"\tif v := obj.Edges; ec.collected.loadedValue(ctx, field, v) {\n\t\tif fc, err := ec.fieldContext_Site_edges(ctx, field); err == nil {\n\t\t\treturn marshalLoaded(ctx, ec.OperationContext, fc, v, false, ec.marshalNSiteEdge2ᚕᚖsecretariatᚋentᚐSiteEdgeᚄ)\n\t\t}\n\t}\n\treturn graphql.ResolveField(",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing the fast path:\n%s\nin:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Edges.Company; loaded") {
		t.Error("a value read through another value is left to gqlgen's path")
	}
	again, _ := readLoaded(out, scalar)
	if string(again) != got {
		t.Error("a second run changes the output")
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
	src := method("head", "return obj.Head(ctx)") + method("sites", `return obj.Sites(ctx, fc.Args["first"].(*int))`) +
		method("resolved", "return ec.Resolvers.Site().Head(ctx, obj)") +
		method("searched", `return ec.Resolvers.Site().Search(ctx, obj, fc.Args["text"].(string))`)

	out, n := readCalls([]byte(src))
	got := string(out)
	if n != 2 {
		t.Fatalf("%d fields rewritten, want the method and the resolver called with the record alone:\n%s", n, got)
	}
	for _, want := range []string{
		"(ret graphql.Marshaler) {\n\tres, c := resolveCall(ctx, ec.OperationContext, &ec.collected, field, ec.fieldContext_Site_head, true, obj.Head, ec.marshalOUser2ᚖsecretariatᚋentᚐUser)\n\tif res != nil {\n\t\treturn res\n\t}\n\treturn graphql.ResolveField(",
		"\t\tfunc(ctx context.Context) (any, error) {\n\t\t\tif c.ok {\n\t\t\t\treturn c.v, c.err\n\t\t\t}\n\t\t\treturn obj.Head(ctx)\n\t\t},\n",
		"(ret graphql.Marshaler) {\n\tres, c := resolveCall(ctx, ec.OperationContext, &ec.collected, field, ec.fieldContext_Site_resolved, true, func(ctx context.Context) (*ent.User, error) {\n\t\treturn ec.Resolvers.Site().Head(ctx, obj)\n\t}, ec.marshalOUser2ᚖsecretariatᚋentᚐUser)\n\tif res != nil {\n\t\treturn res\n\t}\n\treturn graphql.ResolveField(",
		"\t\tfunc(ctx context.Context) (any, error) {\n\t\t\tif c.ok {\n\t\t\t\treturn c.v, c.err\n\t\t\t}\n\t\t\treturn ec.Resolvers.Site().Head(ctx, obj)\n\t\t},\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing:\n%s\nin:\n%s", want, got)
		}
	}
	if strings.Count(got, "resolveCall(") != 2 {
		t.Error("a method or a resolver with arguments is left to gqlgen's path")
	}
	again, _ := readCalls(out)
	if string(again) != got {
		t.Error("a second run changes the output")
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
