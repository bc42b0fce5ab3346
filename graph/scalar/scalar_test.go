package scalar

import (
	"bytes"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/assert"
)

func TestMarshalTime_WritesRFC3339WithItsZoneAndNullForZero(t *testing.T) {
	var buf bytes.Buffer
	MarshalTime(time.Date(2026, 4, 1, 10, 0, 0, 5000, time.FixedZone("JST", 9*60*60))).MarshalGQL(&buf)
	assert.Equal(t, `"2026-04-01T10:00:00.000005+09:00"`, buf.String())
	assert.Equal(t, graphql.Null, MarshalTime(time.Time{}))
}
