package msg

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// keyArg is, for each function that makes an error or a problem from a
// message key, the position of the key among its arguments: score's
// constructors and the packages' small wrappers around them.
var keyArg = map[string]int{
	"E": 1, "P": 0, "Err": 0, // score.E, score.P, Problems.Err
	"notFound": 1, "conflict": -1, "forbidden": 0, "invalid": 0, // store's conflict takes err first, workflow's not: see keyOf
	"tooLarge": 0, "unprocessable": 0, "throttled": 0, "bad": -1, "at": 0, "refuse": 0,
}

var errorKey = regexp.MustCompile(`^error\.[a-z0-9_]+(\.[a-z0-9_]+)*$`)

// sourceKeys walks the Go source of the product packages (internal/ and
// cmd/, no _test files) and returns every message key they name: the
// string literals that look like keys, with where each is; and the
// constructor calls whose key is neither such a literal nor a variable
// passed on (a wrapper's parameter).
func sourceKeys(t *testing.T) (keys map[string]string, kinds map[string]bool, bad []string) {
	t.Helper()
	keys, kinds = map[string]string{}, map[string]bool{}
	fset := token.NewFileSet()
	for _, root := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BasicLit:
					if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && errorKey.MatchString(s) {
						keys[s] = fset.Position(n.Pos()).String()
					}
				case *ast.KeyValueExpr:
					// score.Term{Kind: "error.what", ...}: the keys under that prefix are made at run time.
					if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Kind" {
						if l, ok := n.Value.(*ast.BasicLit); ok {
							s, _ := strconv.Unquote(l.Value)
							kinds[s] = true
						}
					}
				case *ast.CallExpr:
					if where := checkCall(fset, n); where != "" {
						bad = append(bad, where)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for k := range kinds {
		delete(keys, k)
	}
	return keys, kinds, bad
}

// checkCall returns where a constructor is called with a key that is a
// literal not in the catalog's form (a sentence), or "".
func checkCall(fset *token.FileSet, c *ast.CallExpr) string {
	var name string
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		name = fn.Name
	case *ast.SelectorExpr:
		name = fn.Sel.Name
	}
	i, ok := keyArg[name]
	if !ok || len(c.Args) == 0 {
		return ""
	}
	if i < 0 { // the key is any string argument (conflict(err, key), bad(field, key))
		for _, a := range c.Args {
			if l, ok := a.(*ast.BasicLit); ok && l.Kind == token.STRING {
				if s, _ := strconv.Unquote(l.Value); errorKey.MatchString(s) {
					return ""
				}
			}
		}
		for j, a := range c.Args {
			if l, ok := a.(*ast.BasicLit); ok && l.Kind == token.STRING {
				i = j
				break
			}
		}
		if i < 0 {
			return ""
		}
	}
	if i >= len(c.Args) {
		return ""
	}
	l, ok := c.Args[i].(*ast.BasicLit)
	if !ok || l.Kind != token.STRING {
		return "" // a variable passed on, or not a constructor of ours
	}
	// A sentence (a local helper's field name like "code" is not one).
	if s, _ := strconv.Unquote(l.Value); !errorKey.MatchString(s) && strings.ContainsAny(s, " %") {
		return fset.Position(l.Pos()).String() + ": " + l.Value
	}
	return ""
}

// argVerbs maps each argument a text takes (by its position) to its verb,
// reading explicit indexes (%[2]s).
func argVerbs(text string) map[int]string {
	out := map[int]string{}
	next := 1
	for _, m := range fmtVerb.FindAllStringSubmatch(text, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
		}
		out[next] = m[2]
		next++
	}
	return out
}

var fmtVerb = regexp.MustCompile(`%[-+# 0]*(?:\[([0-9]+)\])?[0-9]*(?:\.[0-9]+)?([a-zA-Z%])`)

// TestErrorKeysComplete fails when the product's code names a message key
// the catalog lacks, or whose Vietnamese or English text is missing, or
// (TestCatalogComplete checks that the two texts take the same
// arguments); and when a constructor is given a sentence, not a key.
func TestErrorKeysComplete(t *testing.T) {
	keys, _, bad := sourceKeys(t)
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in the source: is the walk broken?", len(keys))
	}
	for _, where := range bad {
		t.Errorf("%s: an error is made from a sentence, not a catalog key", where)
	}
	var missing []string
	for key, where := range keys {
		e, ok := catalog[key]
		switch {
		case !ok:
			missing = append(missing, key+" ("+where+")")
		case e[0] == "" || e[1] == "":
			t.Errorf("%s: a text is missing (vi %q, en %q)", key, e[0], e[1])
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("not in the catalog: %s", m)
	}
}

// TestNoDeadErrorTexts fails when a text under "error." is named nowhere
// in the product's code (keys under a term's kind, like "error.what.",
// are made at run time).
func TestNoDeadErrorTexts(t *testing.T) {
	keys, kinds, _ := sourceKeys(t)
	for key := range errorTexts {
		if _, ok := keys[key]; ok {
			continue
		}
		if i := strings.LastIndex(key, "."); i > 0 && kinds[key[:i]] {
			continue
		}
		t.Errorf("%s is in the catalog but no code names it", key)
	}
}

func TestRender(t *testing.T) {
	e := score.E(score.ECONFLICT, "error.stage.already", 2016, score.StageTerm("appraisal"))
	if got := Error(VI, e); got != "Kỳ đánh giá 2016 đã ở giai đoạn Thẩm định" {
		t.Errorf("vi: %q", got)
	}
	if got := Error(EN, e); got != "period 2016 is already in stage Appraisal" {
		t.Errorf("en: %q", got)
	}
	if got := e.Error(); got != "period 2016 is already in stage Appraisal" {
		t.Errorf("Error(): %q", got)
	}
	p := score.P("error.points.range", score.Number("1000000.5"), score.Number("1000000"))
	if got := Problem(VI, p); got != "1.000.000,5 nằm ngoài giới hạn (tối đa 1.000.000)" {
		t.Errorf("a number in Vietnamese: %q", got)
	}
	if got := Problem(EN, p); got != "1,000,000.5 is out of range (at most 1,000,000)" {
		t.Errorf("a number in English: %q", got)
	}
	// A nested error (here a text rule's) is rendered in the same language.
	n := score.P("error.news.chars", "title", &textrule.Error{Fault: textrule.Empty})
	if got := Problem(VI, n); got != "Trường title để trống" {
		t.Errorf("nested vi: %q", got)
	}
	if got := Problem(EN, n); got != "the title is empty" {
		t.Errorf("nested en: %q", got)
	}
	if got := Error(EN, errors.New("disk full")); got != T(EN, "error.body") {
		t.Errorf("an internal error shows its text: %q", got)
	}
	c := score.Problems{}.Count()
	c.N, c.AtLeast = 200, true
	if got := T(VI, "error.scores.refused", arg(VI, c), 300); !strings.HasPrefix(got, "Không lưu điểm nào: ít nhất 200 trên 300") {
		t.Errorf("a tally: %q", got)
	}
}
