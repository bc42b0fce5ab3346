// Package layering holds the guard tests of the import graph: which packages may speak GraphQL,
// and how the domain modules stand to one another.
package layering

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"secretariat/graph"
)

const module = "secretariat/"

// modules are the domain modules: each one ISMS subject, its rules and its writes.
var modules = []string{
	"assets", "audits", "baselines", "companies", "controls", "documents", "incidents", "meetings", "risks", "secretariat", "tasks", "templates", "training",
}

// allowed lists every import of one domain module by another, with why: a module uses another's
// service for a write that crosses them, never for reference data (that lives in leaf packages:
// iso27001, date, riskscale, enum, locale). A new import between modules fails
// TestLayering_ModulesImportOnlyTheModulesListed until it is added here with its reason.
var allowed = map[string]string{
	"baselines→controls": "a baseline's SoA decision is checked as a SoA row is (controls.ValidateDefault)",
	"baselines→risks":    "a baseline's risk method is checked as updateRiskMethod checks one",
	"audits→documents":   "an internal audit's report and a certification audit's improvement report are controlled documents",
	"audits→tasks":       "a finding's corrective actions and a routed auditor's request are tasks",
	"incidents→tasks":    "an incident's handling and the reports the law requires are tasks of the handler",
	"controls→documents": "approving the SoA writes a version of the SOA document through the documents service",
	"meetings→documents": "a meeting's minutes are a controlled document",
	"meetings→tasks":     "a meeting's action items are tasks",
	"risks→tasks":        "a risk's treatment plan creates its treatment task",
	// A client set up from a template set: each record is written by its own module, under its rules.
	"templates→audits":    "a template set's checklist templates are copied into the company as its checklists",
	"templates→companies": "createCompanyFromTemplate creates the company",
	"templates→controls":  "the SoA is initialised with the template set's defaults",
	"templates→documents": "document templates become draft documents, and a pushed version draft versions",
	"templates→meetings":  "the meeting cadence schedules the company's meetings",
	"templates→risks":     "the template set's risk method becomes the company's",
	"templates→tasks":     "standard tasks are created in the company",
	"templates→training":  "standard courses are created in the company",
}

// maxLevels bounds how deep modules stand on one another: a module that imports none is level 1.
const maxLevels = 3

type pkg struct {
	ImportPath string
	Imports    []string
}

func packages(t *testing.T) map[string]pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports", module+"...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("go list: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	all := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		all[p.ImportPath] = p
	}
	if len(all) < 40 {
		t.Fatalf("go list found %d packages: is the module root ../..?", len(all))
	}
	return all
}

// TestLayering_OnlyGraphAndServerSpeakGraphQL: services take plain Go and ent types; the
// translation from GraphQL (uploads, cursors, selected fields, headers) happens in graph/ and
// internal/server. ent's generated code and the generator's helpers are GraphQL support by
// nature; the hand-written ent/schema declares its GraphQL shape with entgql annotations only.
func TestLayering_OnlyGraphAndServerSpeakGraphQL(t *testing.T) {
	speaks := func(path string) bool {
		return path == module+"graph" || strings.HasPrefix(path, module+"graph/") ||
			path == module+"internal/server" || strings.HasPrefix(path, module+"internal/server/") ||
			path == module+"cmd/secretariat" ||
			(path == module+"ent" || strings.HasPrefix(path, module+"ent/")) && path != module+"ent/schema"
	}
	for path, p := range packages(t) {
		if speaks(path) {
			continue
		}
		for _, imp := range p.Imports {
			gqlgen := strings.HasPrefix(imp, "github.com/99designs/gqlgen")
			entgql := strings.HasPrefix(imp, "entgo.io/contrib/entgql")
			if gqlgen || (entgql && path != module+"ent/schema") {
				t.Errorf("%s imports %s: translate GraphQL types in graph/ and pass plain Go types", path, imp)
			}
		}
	}
}

// TestLayering_ModulesImportOnlyTheModulesListed: the domain modules stand side by side, at most
// maxLevels deep, each import between them listed in allowed with its reason.
func TestLayering_ModulesImportOnlyTheModulesListed(t *testing.T) {
	all := packages(t)
	isModule := func(path string) (string, bool) {
		name, ok := strings.CutPrefix(path, module+"internal/")
		return name, ok && slices.Contains(modules, name)
	}
	// reach lists the modules a package depends on, directly or through other packages of ours.
	reach := map[string][]string{}
	var walk func(path string, seen map[string]bool) []string
	walk = func(path string, seen map[string]bool) []string {
		if r, ok := reach[path]; ok {
			return r
		}
		var out []string
		for _, imp := range all[path].Imports {
			if !strings.HasPrefix(imp, module) || seen[imp] {
				continue
			}
			seen[imp] = true
			if name, ok := isModule(imp); ok {
				out = append(out, name)
			}
			out = append(out, walk(imp, seen)...)
		}
		slices.Sort(out)
		out = slices.Compact(out)
		reach[path] = out
		return out
	}
	level := map[string]int{}
	var levelOf func(name string) int
	levelOf = func(name string) int {
		if l, ok := level[name]; ok {
			return l
		}
		l := 1
		for _, dep := range walk(module+"internal/"+name, map[string]bool{}) {
			l = max(l, levelOf(dep)+1)
		}
		level[name] = l
		return l
	}
	for _, name := range modules {
		p, ok := all[module+"internal/"+name]
		if !ok {
			t.Errorf("module %s is gone: update the list of modules", name)
			continue
		}
		for _, imp := range p.Imports {
			if dep, ok := isModule(imp); ok {
				if _, listed := allowed[name+"→"+dep]; !listed {
					t.Errorf("%s imports %s: a module uses another's service only for a write that crosses them (list it in allowed with the reason); reference data belongs in a leaf package", name, dep)
				}
			}
		}
		if l := levelOf(name); l > maxLevels {
			t.Errorf("%s stands on %d levels of modules (%v), more than %d", name, l, walk(module+"internal/"+name, map[string]bool{}), maxLevels)
		}
	}
	t.Logf("levels of the modules: %v", level)
	for edge := range allowed {
		from, to, _ := strings.Cut(edge, "→")
		if !slices.Contains(all[module+"internal/"+from].Imports, module+"internal/"+to) {
			t.Errorf("allowed lists %s, which no longer exists: remove it", edge)
		}
	}
}

// TestLayering_AModuleHasOneNameEverywhere: a module is internal/<module>, its entities in
// ent/schema/<module>.go, its API in graph/<module>.graphqls and graph/<module>.resolvers.go, and
// its service in the resolver's Modules.<Module>, all with the same name, and a row in the
// README's table of modules (CONTRIBUTING.md).
func TestLayering_AModuleHasOneNameEverywhere(t *testing.T) {
	fields := reflect.TypeFor[graph.Modules]()
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	for _, name := range modules {
		for _, file := range []string{
			"internal/" + name, "ent/schema/" + name + ".go", "graph/" + name + ".graphqls", "graph/" + name + ".resolvers.go",
		} {
			if _, err := os.Stat("../../" + file); err != nil {
				t.Errorf("module %s: %s is missing", name, file)
			}
		}
		if !strings.Contains(readme, "`internal/"+name+"`") {
			t.Errorf("module %s: the README's table of modules has no row for internal/%s", name, name)
		}
		field := strings.ToUpper(name[:1]) + name[1:]
		if f, ok := fields.FieldByName(field); !ok {
			t.Errorf("module %s: graph.Modules has no field %s", name, field)
		} else if pkg := f.Type.Elem().PkgPath(); pkg != module+"internal/"+name {
			t.Errorf("module %s: graph.Modules.%s is a %s, not the module's service", name, field, f.Type)
		}
	}
}
