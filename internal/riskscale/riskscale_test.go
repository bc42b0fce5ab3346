package riskscale_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/riskscale"
)

func TestDefault_IsValidAndScoresByProduct(t *testing.T) {
	m := riskscale.Default()
	require.Nil(t, m.Validate())
	for _, tc := range []struct {
		l, i, score int
		level       string
	}{
		{1, 1, 1, "LOW"}, {1, 3, 3, "LOW"}, {2, 2, 4, "MEDIUM"}, {2, 3, 6, "HIGH"}, {3, 3, 9, "HIGH"},
	} {
		score, level, err := m.Score(tc.l, tc.i)
		require.NoError(t, err)
		assert.Equal(t, tc.score, score, "%d×%d", tc.l, tc.i)
		assert.Equal(t, tc.level, level.Level, "%d×%d", tc.l, tc.i)
	}
	assert.False(t, m.AboveThreshold(3))
	assert.True(t, m.AboveThreshold(4))
}

func TestScore_RefusesValuesOutsideTheScales(t *testing.T) {
	m := riskscale.Default()
	for _, li := range [][2]int{{0, 1}, {4, 1}, {1, 0}, {1, 4}} {
		_, _, err := m.Score(li[0], li[1])
		assert.ErrorIs(t, err, riskscale.ErrOutOfScale, "%v", li)
	}
}

func TestRules_SumAndMax(t *testing.T) {
	m := riskscale.Default()
	m.Rule = riskscale.Sum
	m.Bands = []riskscale.Band{{2, "LOW", "低", "Low"}, {5, "HIGH", "高", "High"}}
	m.AcceptanceThreshold = 4
	require.Nil(t, m.Validate())
	score, level, err := m.Score(2, 3)
	require.NoError(t, err)
	assert.Equal(t, 5, score)
	assert.Equal(t, "HIGH", level.Level)
	m.Rule = riskscale.Max
	m.Bands = []riskscale.Band{{1, "LOW", "低", "Low"}, {3, "HIGH", "高", "High"}}
	m.AcceptanceThreshold = 2
	require.Nil(t, m.Validate())
	score, _, _ = m.Score(1, 3)
	assert.Equal(t, 3, score)
}

func TestValidate_NamesEachProblem(t *testing.T) {
	m := riskscale.Default()
	m.Likelihood = m.Likelihood[:1]
	m.Impact[1].LabelEn = ""
	m.Rule = "DIVIDE"
	m.Bands = []riskscale.Band{{5, "HIGH", "高", "High"}}
	problems := m.Validate()
	assert.Contains(t, problems, "likelihood")
	assert.Contains(t, problems, "impact")
	assert.Contains(t, problems, "rule")
	assert.Contains(t, problems, "bands")

	m = riskscale.Default()
	m.AcceptanceThreshold = 10
	assert.Contains(t, m.Validate(), "acceptanceThreshold")
	m = riskscale.Default()
	m.Bands = []riskscale.Band{{1, "LOW", "低", "Low"}, {1, "HIGH", "高", "High"}}
	assert.Contains(t, m.Validate(), "bands")
}
