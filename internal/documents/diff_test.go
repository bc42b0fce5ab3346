package documents

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected outputs are what GNU diff -u prints for the same files.
func TestUnified_ShowsChangedLinesWithThreeLinesOfContext(t *testing.T) {
	base := "# 情報セキュリティ基本方針\n\n1. 目的\n2. 適用範囲\n3. 責任\n4. 教育\n5. 見直し\n6. 罰則\n7. 附則\n"
	changed := strings.Replace(base, "2. 適用範囲\n", "2. 適用範囲（全拠点）\n", 1)

	// Changes more than six lines apart make two hunks.
	text, added, removed := unified("ISMS-P-001 1.0", "ISMS-P-001 1.1", base+"8. a\n9. b\n10. c\n", changed+"8. a\n9. b\n10. c\n11. 改訂履歴\n")
	assert.Equal(t, 2, added)
	assert.Equal(t, 1, removed)
	assert.Equal(t, `--- ISMS-P-001 1.0
+++ ISMS-P-001 1.1
@@ -1,7 +1,7 @@
 # 情報セキュリティ基本方針
 
 1. 目的
-2. 適用範囲
+2. 適用範囲（全拠点）
 3. 責任
 4. 教育
 5. 見直し
@@ -10,3 +10,4 @@
 8. a
 9. b
 10. c
+11. 改訂履歴
`, text)

	// Changes at most six lines apart share one hunk.
	text, added, removed = unified("a", "b", base, changed+"8. 改訂履歴\n")
	assert.Equal(t, 2, added)
	assert.Equal(t, 1, removed)
	assert.Equal(t, `--- a
+++ b
@@ -1,9 +1,10 @@
 # 情報セキュリティ基本方針
 
 1. 目的
-2. 適用範囲
+2. 適用範囲（全拠点）
 3. 責任
 4. 教育
 5. 見直し
 6. 罰則
 7. 附則
+8. 改訂履歴
`, text)
}

func TestUnified_EqualBodiesHaveNoDiff(t *testing.T) {
	text, added, removed := unified("a", "b", "same\n", "same\n")
	assert.Empty(t, text)
	assert.Zero(t, added+removed)
}

func TestUnified_MarksAMissingFinalNewlineAndEmptySides(t *testing.T) {
	text, added, removed := unified("a", "b", "", "one\ntwo")
	assert.Equal(t, "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+one\n+two\n\\ No newline at end of file\n", text)
	assert.Equal(t, 2, added)
	assert.Zero(t, removed)
}

// The output is a patch that the system's patch tool applies, when there is one.
func TestUnified_IsAPatchThatApplies(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Log("no patch tool here; the format is checked by the tests above")
		return
	}
	var from, to strings.Builder
	for i := range 60 {
		from.WriteString(strings.Repeat("x", i%7) + "\n")
		if i%13 == 0 {
			to.WriteString("changed\n")
		} else {
			to.WriteString(strings.Repeat("x", i%7) + "\n")
		}
		if i%17 == 0 {
			to.WriteString("inserted\n")
		}
	}
	text, _, _ := unified("a", "b", from.String(), to.String())
	dir := t.TempDir()
	file := filepath.Join(dir, "body.md")
	require.NoError(t, os.WriteFile(file, []byte(from.String()), 0o600))
	cmd := exec.Command(patch, "-s", file)
	cmd.Stdin = strings.NewReader(text)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s\n%s", out, text)
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, to.String(), string(got))
}
