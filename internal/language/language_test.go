package language_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/organization"
	"secretariat/internal/apperr"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

func TestResolve_AskedThenViewerThenOrganizationThenHeaderThenJapanese(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	sys := viewer.System(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)), "test fixture")
	org := db.Client.Organization.Create().SetName("さくら").SetKind(organization.KindCONSULTANCY).SaveX(sys)
	u := db.Client.User.Create().SetEmail("u@example.com").SetName("利用者").SaveX(sys)
	db.Client.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(viewer.RoleOwner).SaveX(sys)
	signedIn := viewer.NewContext(context.Background(), &viewer.Viewer{UserID: u.ID, OrganizationID: org.ID, Role: viewer.RoleOwner})
	resolve := func(ctx context.Context, r language.Request) locale.Locale {
		t.Helper()
		l, err := language.Resolve(ctx, db.Client, r)
		require.NoError(t, err)
		return l
	}

	assert.Equal(t, locale.English, resolve(signedIn, language.Request{Asked: "en-GB", AcceptLanguage: "ja"}), "asked, as a tag")
	assert.Equal(t, locale.Japanese, resolve(signedIn, language.Request{AcceptLanguage: "en-US,en;q=0.9"}), "the organization's default before the header")
	db.Client.Organization.UpdateOne(org).SetDefaultLocale(locale.English).ExecX(sys)
	assert.Equal(t, locale.English, resolve(signedIn, language.Request{AcceptLanguage: "ja"}))
	db.Client.User.UpdateOne(u).SetLocale(locale.Japanese).ExecX(sys)
	assert.Equal(t, locale.Japanese, resolve(signedIn, language.Request{AcceptLanguage: "en"}), "the viewer's own before the organization's")

	anonymous := context.Background()
	assert.Equal(t, locale.English, resolve(anonymous, language.Request{AcceptLanguage: "fr-FR, en;q=0.8"}), "without a viewer, the header")
	assert.Equal(t, locale.Japanese, resolve(anonymous, language.Request{AcceptLanguage: "fr"}), "else Japanese")

	_, err := language.Resolve(signedIn, db.Client, language.Request{Asked: "fr"})
	e, ok := apperr.As(err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, apperr.KindInvalid, e.Kind)
	assert.Equal(t, "locale", e.Field)
}
