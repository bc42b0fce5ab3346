// Package seed creates demonstration data: a consultancy with client companies, their sites
// (拠点) and departments (部署), and an owner account. It writes the structure through the ent
// client in the system context, so the same tenancy hooks stamp and check every row, and the
// first company's ISMS work (living.go) through the modules' services, as the API would.
package seed

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"secretariat/ent"
	"secretariat/ent/organization"
	"secretariat/internal/auth/password"
	"secretariat/internal/date"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/secret"
	"secretariat/internal/viewer"
)

// Options size the demo.
type Options struct {
	// Companies is the number of client companies (at least 1).
	Companies int
	// Progress receives a line every so often on large seeds; nil for none.
	Progress io.Writer
	// DataDir is where attached files would be kept (DATA_DIR); the demo attaches none.
	DataDir string
}

// Result names what was created.
type Result struct {
	Organization *ent.Organization
	Owner        *ent.User
	// OwnerPassword is the owner's generated password, shown once; it is stored hashed only.
	OwnerPassword string
	Companies     int
	Sites         int
	Departments   int
}

// demoDomain is the mail domain of the demo owners: each seed signs its owner up as
// owner-<organization>@demo.secretariat.example, so the demo can be seeded again on the same
// database.
const demoDomain = "demo.secretariat.example"

// demoCompanies are the first client companies; more are numbered after them.
var demoCompanies = []struct{ name, alt, industry string }{
	{"株式会社さくら精工", "Sakura Precision Co., Ltd.", "精密機械製造"},
	{"みなと物流株式会社", "Minato Logistics Inc.", "物流・倉庫"},
	{"あおば情報サービス株式会社", "Aoba Information Services Co., Ltd.", "情報サービス"},
}

var demoSites = []string{"本社", "大阪事業所"}

var demoDepartments = []string{"総務部", "情報システム部", "営業部"}

// Demo creates the demo consultancy. It runs in one transaction per company, so an interrupted
// seed leaves whole companies only.
func Demo(ctx context.Context, client *ent.Client, log *slog.Logger, opts Options) (*Result, error) {
	if opts.Companies < 1 {
		return nil, fmt.Errorf("seed: companies must be at least 1, not %d", opts.Companies)
	}
	ctx = viewer.System(ctx, log, "seed demo data")
	pw, err := secret.New()
	if err != nil {
		return nil, fmt.Errorf("seed owner password: %w", err)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, fmt.Errorf("seed owner password: %w", err)
	}
	// The organization, its owner and the membership commit together: a failed seed leaves no
	// empty organization behind.
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, fmt.Errorf("seed organization: %w", err)
	}
	org, err := tx.Organization.Create().
		SetName("デモ・コンサルティング株式会社").
		SetKind(organization.KindCONSULTANCY).
		SetDefaultLocale(locale.Japanese).
		Save(ctx)
	if err != nil {
		return nil, rollback(tx, fmt.Errorf("seed organization: %w", err))
	}
	owner, err := tx.User.Create().
		SetEmail("owner-" + lower(org.ID) + "@" + demoDomain).
		SetName("デモ 管理者").
		SetLocale(locale.Japanese).
		SetPasswordHash(hash).
		Save(ctx)
	if err != nil {
		return nil, rollback(tx, fmt.Errorf("seed owner: %w", err))
	}
	if _, err := tx.Membership.Create().
		SetOrganizationID(org.ID).
		SetUserID(owner.ID).
		SetRole(viewer.RoleOwner).
		Save(ctx); err != nil {
		return nil, rollback(tx, fmt.Errorf("seed membership: %w", err))
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("seed organization: commit: %w", err)
	}
	res := &Result{Organization: org, Owner: owner, OwnerPassword: pw}
	start := time.Now()
	for i := range opts.Companies {
		co, err := seedCompany(ctx, client, org, i, res)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			if err := living(ctx, client, log, org, owner, co.ID, opts.DataDir); err != nil {
				return nil, err
			}
		}
		if opts.Progress != nil && (i+1)%progressEvery(opts.Companies) == 0 {
			fmt.Fprintf(opts.Progress, "seeded %d/%d companies (%s)\n", i+1, opts.Companies, time.Since(start).Round(time.Millisecond))
		}
	}
	return res, nil
}

// progressEvery reports about twenty times over a large seed, and not at all on a small one.
func progressEvery(total int) int {
	if total < 100 {
		return total
	}
	return total / 20
}

func seedCompany(ctx context.Context, client *ent.Client, org *ent.Organization, i int, res *Result) (*ent.Company, error) {
	name, alt, industry := fmt.Sprintf("クライアント%04d株式会社", i+1), fmt.Sprintf("Client %04d Co., Ltd.", i+1), "サービス"
	if i < len(demoCompanies) {
		name, alt, industry = demoCompanies[i].name, demoCompanies[i].alt, demoCompanies[i].industry
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, fmt.Errorf("seed company %d: %w", i+1, err)
	}
	today := date.Of(time.Now())
	co, err := tx.Company.Create().
		SetOrganizationID(org.ID).
		SetName(name).
		SetAlternateName(alt).
		SetIndustry(industry).
		SetScopeStatement(name + "の本社における情報システムの開発・運用及び保守").
		SetCertificationBody("一般財団法人 デモ審査機構").
		SetCertificateNumber(fmt.Sprintf("IS-%06d", 100000+i)).
		SetCertificateExpiresOn(today.AddDays(365 + 30*(i%12))).
		SetNextAuditOn(today.AddDays(60 + 7*(i%20))).
		Save(ctx)
	if err != nil {
		return nil, rollback(tx, fmt.Errorf("seed company %q: %w", name, err))
	}
	res.Companies++
	for j, siteName := range demoSites {
		site, err := tx.Site.Create().
			SetOrganizationID(org.ID).
			SetCompanyID(co.ID).
			SetName(siteName).
			SetHeadcount(40 * (j + 1)).
			Save(ctx)
		if err != nil {
			return nil, rollback(tx, fmt.Errorf("seed site of %q: %w", name, err))
		}
		res.Sites++
		for _, deptName := range demoDepartments {
			if _, err := tx.Department.Create().
				SetOrganizationID(org.ID).
				SetCompanyID(co.ID).
				SetSiteID(site.ID).
				SetName(deptName).
				Save(ctx); err != nil {
				return nil, rollback(tx, fmt.Errorf("seed department of %q: %w", name, err))
			}
			res.Departments++
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("seed company %q: commit: %w", name, err)
	}
	return co, nil
}

// lower is an ID as it reads in an e-mail address.
func lower(id pulid.ID) string { return strings.ToLower(string(id)) }

func rollback(tx *ent.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil {
		return fmt.Errorf("%w (rollback: %v)", err, rerr)
	}
	return err
}
