// Package iso27001 is the reference data of the standard, compiled into the binary: the 93
// controls of ISO/IEC 27001:2022 Annex A (JIS Q 27001:2023) and the management-system clauses 4
// to 10, each with a reference and a short title of our own in English and Japanese (never text
// of the standard). It is a leaf: the modules that use the catalogue (controls, risks, the
// exports) stand beside one another instead of above one another.
package iso27001

import (
	"cmp"
	"io"
	"strconv"
	"strings"

	"secretariat/internal/apperr"
	"secretariat/internal/enum"
	"secretariat/internal/locale"
)

// Framework names the one catalogue the product carries: ISO/IEC 27001:2022 (JIS Q 27001:2023).
const Framework = "ISO27001:2022"

// Theme is the group of an Annex A control (the first number of its reference).
type Theme string

// The four themes of Annex A.
const (
	Organizational Theme = "ORGANIZATIONAL" // 5.x 組織的管理策
	People         Theme = "PEOPLE"         // 6.x 人的管理策
	Physical       Theme = "PHYSICAL"       // 7.x 物理的管理策
	Technological  Theme = "TECHNOLOGICAL"  // 8.x 技術的管理策
)

// Values lists the themes in the order of Annex A.
func (Theme) Values() []string {
	return []string{string(Organizational), string(People), string(Physical), string(Technological)}
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (t *Theme) UnmarshalGQL(v any) (err error) {
	*t, err = enum.Unmarshal[Theme](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (t Theme) MarshalGQL(w io.Writer) { enum.Marshal(w, t) }

// Control is one Annex A control of the catalogue: its reference and a short title of our own in
// each language. The catalogue holds no text of the standard.
type Control struct {
	Ref     string
	Theme   Theme
	TitleEn string
	TitleJa string
}

// Title is the control's title in the locale.
func (c Control) Title(l locale.Locale) string {
	if l == locale.English {
		return c.TitleEn
	}
	return c.TitleJa
}

// Clause is a requirement clause of the management system (4 to 10), listed for audit
// checklists. Parent is the clause it belongs to ("" for 4 … 10).
type Clause struct {
	Ref     string
	Parent  string
	TitleEn string
	TitleJa string
}

// Title is the clause's title in the locale.
func (c Clause) Title(l locale.Locale) string {
	if l == locale.English {
		return c.TitleEn
	}
	return c.TitleJa
}

// Controls returns the catalogue of the framework in the order of Annex A, BAD_USER_INPUT on
// framework for one the product does not carry.
func Controls(framework string) ([]Control, error) {
	if err := checkFramework(framework); err != nil {
		return nil, err
	}
	return annexA, nil
}

// Clauses returns the management-system clauses of the framework in the order of the standard.
func Clauses(framework string) ([]Clause, error) {
	if err := checkFramework(framework); err != nil {
		return nil, err
	}
	return clauses, nil
}

func checkFramework(framework string) error {
	if strings.TrimSpace(framework) != Framework {
		return apperr.Invalid("framework", apperr.InvalidValue,
			"unknown framework "+strconv.Quote(framework)+": the catalogue is "+strconv.Quote(Framework),
			"規格 "+strconv.Quote(framework)+" には対応していません。管理策一覧は "+strconv.Quote(Framework)+" です")
	}
	return nil
}

// AnnexA returns the controls of the catalogue in the order of Annex A. The slice is shared:
// callers read it.
func AnnexA() []Control { return annexA }

// Lookup finds a control of the catalogue by its reference.
func Lookup(ref string) (Control, bool) {
	i, ok := position[ref]
	if !ok {
		return Control{}, false
	}
	return annexA[i], true
}

// position is each control's index in annexA: the natural order of references (5.2 before 5.10).
var position = func() map[string]int {
	m := make(map[string]int, len(annexA))
	for i, c := range annexA {
		m[c.Ref] = i
	}
	return m
}()

// CompareRefs orders references naturally, number by number: 5.2 before 5.10, 5.37 before 6.1.
func CompareRefs(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] == pb[i] {
			continue
		}
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		if ea == nil && eb == nil {
			return cmp.Compare(na, nb)
		}
		return strings.Compare(pa[i], pb[i])
	}
	return cmp.Compare(len(pa), len(pb))
}

func org(ref, en, ja string) Control  { return Control{ref, Organizational, en, ja} }
func ppl(ref, en, ja string) Control  { return Control{ref, People, en, ja} }
func phy(ref, en, ja string) Control  { return Control{ref, Physical, en, ja} }
func tech(ref, en, ja string) Control { return Control{ref, Technological, en, ja} }

// annexA is the catalogue: the 93 controls of ISO/IEC 27001:2022 Annex A by reference, with
// short titles written for this product (long titles shortened).
var annexA = []Control{
	org("5.1", "Information security policies", "情報セキュリティのための方針群"),
	org("5.2", "Information security roles and responsibilities", "情報セキュリティの役割及び責任"),
	org("5.3", "Segregation of duties", "職務の分離"),
	org("5.4", "Management responsibilities", "管理層の責任"),
	org("5.5", "Contact with authorities", "関係当局との連絡"),
	org("5.6", "Contact with special interest groups", "専門組織との連絡"),
	org("5.7", "Threat intelligence", "脅威インテリジェンス"),
	org("5.8", "Information security in projects", "プロジェクトにおける情報セキュリティ"),
	org("5.9", "Inventory of information and assets", "情報及び関連資産の目録"),
	org("5.10", "Acceptable use of information and assets", "情報及び関連資産の利用の許容範囲"),
	org("5.11", "Return of assets", "資産の返却"),
	org("5.12", "Classification of information", "情報の分類"),
	org("5.13", "Labelling of information", "情報のラベル付け"),
	org("5.14", "Information transfer", "情報転送"),
	org("5.15", "Access control", "アクセス制御"),
	org("5.16", "Identity management", "識別情報の管理"),
	org("5.17", "Authentication information", "認証情報"),
	org("5.18", "Access rights", "アクセス権"),
	org("5.19", "Security in supplier relationships", "供給者関係における情報セキュリティ"),
	org("5.20", "Security in supplier agreements", "供給者との合意における情報セキュリティ"),
	org("5.21", "Security in the ICT supply chain", "ICTサプライチェーンにおける情報セキュリティ"),
	org("5.22", "Monitoring and change of supplier services", "供給者サービスの監視及び変更管理"),
	org("5.23", "Security of cloud services", "クラウドサービス利用の情報セキュリティ"),
	org("5.24", "Incident management planning and preparation", "インシデント管理の計画及び準備"),
	org("5.25", "Assessment of security events", "情報セキュリティ事象の評価及び決定"),
	org("5.26", "Response to security incidents", "情報セキュリティインシデントへの対応"),
	org("5.27", "Learning from security incidents", "情報セキュリティインシデントからの学習"),
	org("5.28", "Collection of evidence", "証拠の収集"),
	org("5.29", "Information security during disruption", "事業の中断時の情報セキュリティ"),
	org("5.30", "ICT readiness for business continuity", "事業継続のためのICTの備え"),
	org("5.31", "Legal, regulatory and contractual requirements", "法令、規制及び契約上の要求事項"),
	org("5.32", "Intellectual property rights", "知的財産権"),
	org("5.33", "Protection of records", "記録の保護"),
	org("5.34", "Privacy and protection of personal data", "プライバシー及び個人データの保護"),
	org("5.35", "Independent review of information security", "情報セキュリティの独立したレビュー"),
	org("5.36", "Compliance with security policies and standards", "情報セキュリティの方針及び標準の順守"),
	org("5.37", "Documented operating procedures", "操作手順書"),

	ppl("6.1", "Screening", "選考"),
	ppl("6.2", "Terms and conditions of employment", "雇用条件"),
	ppl("6.3", "Security awareness, education and training", "情報セキュリティの意識向上、教育及び訓練"),
	ppl("6.4", "Disciplinary process", "懲戒手続"),
	ppl("6.5", "Responsibilities after leaving or changing jobs", "雇用の終了又は変更後の責任"),
	ppl("6.6", "Confidentiality agreements", "秘密保持契約"),
	ppl("6.7", "Remote working", "リモートワーク"),
	ppl("6.8", "Reporting security events", "情報セキュリティ事象の報告"),

	phy("7.1", "Physical security perimeters", "物理的セキュリティ境界"),
	phy("7.2", "Physical entry", "物理的入退"),
	phy("7.3", "Securing offices, rooms and facilities", "オフィス、部屋及び施設のセキュリティ"),
	phy("7.4", "Physical security monitoring", "物理的セキュリティの監視"),
	phy("7.5", "Protection against physical and environmental threats", "物理的及び環境的脅威からの保護"),
	phy("7.6", "Working in secure areas", "セキュリティを保つべき領域での作業"),
	phy("7.7", "Clear desk and clear screen", "クリアデスク及びクリアスクリーン"),
	phy("7.8", "Siting and protection of equipment", "装置の設置及び保護"),
	phy("7.9", "Security of assets off-premises", "構外にある資産のセキュリティ"),
	phy("7.10", "Storage media", "記憶媒体"),
	phy("7.11", "Supporting utilities", "サポートユーティリティ"),
	phy("7.12", "Cabling security", "ケーブル配線のセキュリティ"),
	phy("7.13", "Equipment maintenance", "装置の保守"),
	phy("7.14", "Secure disposal or re-use of equipment", "装置の安全な処分又は再利用"),

	tech("8.1", "User endpoint devices", "利用者エンドポイント機器"),
	tech("8.2", "Privileged access rights", "特権的アクセス権"),
	tech("8.3", "Restriction of access to information", "情報へのアクセス制限"),
	tech("8.4", "Access to source code", "ソースコードへのアクセス"),
	tech("8.5", "Secure authentication", "セキュリティを保った認証"),
	tech("8.6", "Capacity management", "容量・能力の管理"),
	tech("8.7", "Protection against malware", "マルウェアに対する保護"),
	tech("8.8", "Management of technical vulnerabilities", "技術的ぜい弱性の管理"),
	tech("8.9", "Configuration management", "構成管理"),
	tech("8.10", "Deletion of information", "情報の削除"),
	tech("8.11", "Data masking", "データマスキング"),
	tech("8.12", "Prevention of data leakage", "データ漏えいの防止"),
	tech("8.13", "Backup of information", "情報のバックアップ"),
	tech("8.14", "Redundancy of processing facilities", "情報処理施設の冗長性"),
	tech("8.15", "Logging", "ログ取得"),
	tech("8.16", "Monitoring activities", "監視活動"),
	tech("8.17", "Clock synchronization", "クロックの同期"),
	tech("8.18", "Use of privileged utility programs", "特権的なユーティリティプログラムの使用"),
	tech("8.19", "Installing software on operational systems", "運用システムへのソフトウェアの導入"),
	tech("8.20", "Network security", "ネットワークセキュリティ"),
	tech("8.21", "Security of network services", "ネットワークサービスのセキュリティ"),
	tech("8.22", "Segregation of networks", "ネットワークの分離"),
	tech("8.23", "Web filtering", "ウェブフィルタリング"),
	tech("8.24", "Use of cryptography", "暗号の利用"),
	tech("8.25", "Secure development life cycle", "セキュリティに配慮した開発のライフサイクル"),
	tech("8.26", "Application security requirements", "アプリケーションのセキュリティ要求事項"),
	tech("8.27", "Secure architecture and engineering principles", "セキュリティに配慮したシステム設計・構築の原則"),
	tech("8.28", "Secure coding", "セキュリティに配慮したコーディング"),
	tech("8.29", "Security testing in development and acceptance", "開発及び受入れにおけるセキュリティテスト"),
	tech("8.30", "Outsourced development", "外部委託による開発"),
	tech("8.31", "Separation of development, test and production", "開発、テスト及び本番環境の分離"),
	tech("8.32", "Change management", "変更管理"),
	tech("8.33", "Test information", "テスト用情報"),
	tech("8.34", "Protecting systems during audit testing", "監査試験中の情報システムの保護"),
}

// clauses are the requirement clauses 4 to 10, with their sub-clauses where audit checklists
// go that deep (6.1.1 … 9.3.3).
var clauses = []Clause{
	{"4", "", "Context of the organization", "組織の状況"},
	{"4.1", "4", "The organization and its context", "組織及びその状況の理解"},
	{"4.2", "4", "Needs and expectations of interested parties", "利害関係者のニーズ及び期待の理解"},
	{"4.3", "4", "Scope of the ISMS", "ISMSの適用範囲の決定"},
	{"4.4", "4", "Information security management system", "情報セキュリティマネジメントシステム"},
	{"5", "", "Leadership", "リーダーシップ"},
	{"5.1", "5", "Leadership and commitment", "リーダーシップ及びコミットメント"},
	{"5.2", "5", "Policy", "方針"},
	{"5.3", "5", "Roles, responsibilities and authorities", "組織の役割、責任及び権限"},
	{"6", "", "Planning", "計画策定"},
	{"6.1", "6", "Actions to address risks and opportunities", "リスク及び機会に対処する活動"},
	{"6.1.1", "6.1", "Risks and opportunities: general", "リスク及び機会: 一般"},
	{"6.1.2", "6.1", "Information security risk assessment", "情報セキュリティリスクアセスメント"},
	{"6.1.3", "6.1", "Information security risk treatment", "情報セキュリティリスク対応"},
	{"6.2", "6", "Information security objectives and plans", "情報セキュリティ目的及びその達成計画"},
	{"6.3", "6", "Planning of changes", "変更の計画策定"},
	{"7", "", "Support", "支援"},
	{"7.1", "7", "Resources", "資源"},
	{"7.2", "7", "Competence", "力量"},
	{"7.3", "7", "Awareness", "認識"},
	{"7.4", "7", "Communication", "コミュニケーション"},
	{"7.5", "7", "Documented information", "文書化した情報"},
	{"7.5.1", "7.5", "Documented information: general", "文書化した情報: 一般"},
	{"7.5.2", "7.5", "Creating and updating", "作成及び更新"},
	{"7.5.3", "7.5", "Control of documented information", "文書化した情報の管理"},
	{"8", "", "Operation", "運用"},
	{"8.1", "8", "Operational planning and control", "運用の計画及び管理"},
	{"8.2", "8", "Performing risk assessments", "情報セキュリティリスクアセスメントの実施"},
	{"8.3", "8", "Implementing risk treatment", "情報セキュリティリスク対応の実施"},
	{"9", "", "Performance evaluation", "パフォーマンス評価"},
	{"9.1", "9", "Monitoring, measurement, analysis and evaluation", "モニタリング、測定、分析及び評価"},
	{"9.2", "9", "Internal audit", "内部監査"},
	{"9.2.1", "9.2", "Internal audit: general", "内部監査: 一般"},
	{"9.2.2", "9.2", "Internal audit programme", "内部監査プログラム"},
	{"9.3", "9", "Management review", "マネジメントレビュー"},
	{"9.3.1", "9.3", "Management review: general", "マネジメントレビュー: 一般"},
	{"9.3.2", "9.3", "Management review inputs", "マネジメントレビューへのインプット"},
	{"9.3.3", "9.3", "Management review results", "マネジメントレビューの結果"},
	{"10", "", "Improvement", "改善"},
	{"10.1", "10", "Continual improvement", "継続的改善"},
	{"10.2", "10", "Nonconformity and corrective action", "不適合及び是正処置"},
}

// LookupClause finds a management-system clause by its reference (4, 9.2, 9.3.1 …).
func LookupClause(ref string) (Clause, bool) {
	for _, c := range clauses {
		if c.Ref == ref {
			return c, true
		}
	}
	return Clause{}, false
}
