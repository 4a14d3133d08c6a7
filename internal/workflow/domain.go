package workflow

import (
	"time"

	"github.com/parindex/parindex/internal/score"
)

// The assessment's vocabulary: every package (store, results, xlsx, portal,
// httpapi, cmd) speaks of periods, units and scores with these types, and
// the store converts its rows to and from them.

// Roles a user may have.
const (
	RoleAdmin       = "admin"
	RoleSecretariat = "secretariat"
	RoleCouncil     = "council"
	RoleUnit        = "unit"
)

// Roles lists the roles.
var Roles = []string{RoleAdmin, RoleSecretariat, RoleCouncil, RoleUnit}

// Actor is who asks for a change: the rules check its role and units, the
// audit log records its name and request.
type Actor struct {
	Name      string // username, or "system" for the service itself
	Role      string
	Unit      string   // a unit user's unit
	Units     []string // a council member's assigned units; empty means all
	RequestID string
}

// Period is one year's assessment.
type Period struct {
	Year          int        `json:"year"`
	Title         string     `json:"title"`
	Stage         string     `json:"stage"`
	StageClosesAt *time.Time `json:"stage_closes_at"` // units' deadline in this stage, if any
	CreatedAt     time.Time  `json:"created_at"`
}

// User is someone who may sign in. A unit user belongs to one unit. Its
// password hash is the store's only.
type User struct {
	ID        int64     `json:"-"`
	Username  string    `json:"username"`
	Role      string    `json:"role"`
	Unit      string    `json:"unit,omitempty"`
	Units     []string  `json:"units,omitempty" gorm:"-"` // a council member's assigned units; none means all
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// Actor is the user as the rules see it.
func (u User) Actor() Actor {
	return Actor{Name: u.Username, Role: u.Role, Unit: u.Unit, Units: u.Units}
}

// Tier is a group of units ranked together (khối): departments, districts…
type Tier struct {
	Code string
	Name string
}

// Unit is an assessed body: a sở, ban, ngành or a UBND huyện, thành phố.
type Unit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Tier   string `json:"tier"`
	Active bool   `json:"active"`
}

// ScoreWrite is one entry of a bulk score upsert. Only the fields whose Set
// flag is true change; the others keep their stored value (or their
// default on a new row). A nil Self or Points with its flag set clears it.
type ScoreWrite struct {
	Unit             string
	Criterion        string
	Self             *score.Milli
	Points           *score.Milli
	NotApplicable    bool
	Note             string
	SetSelf          bool
	SetPoints        bool
	SetNotApplicable bool
	SetNote          bool
}

// Score is a stored leaf score.
type Score struct {
	Unit          string
	Criterion     string
	Self          *score.Milli
	Points        *score.Milli
	NotApplicable bool
	Note          string
	UpdatedAt     time.Time
}

// MaxNoteLength bounds a note, in characters.
const MaxNoteLength = 4000

// Evidence is a document (tài liệu kiểm chứng) attached to a unit's
// criterion: a link to the province's document system (URL), or a file
// kept here (File; URL is then empty). Reference cites the place in the
// document ("mục II, trang 3").
type Evidence struct {
	ID        int64         `json:"id"`
	Criterion string        `json:"criterion"`
	Title     string        `json:"title"`
	Reference string        `json:"reference"`
	URL       string        `json:"url"`
	File      *EvidenceFile `json:"file"`
	AddedBy   string        `json:"added_by"`
	AddedAt   time.Time     `json:"added_at"`
}

// EvidenceFile describes the file of a piece of evidence.
type EvidenceFile struct {
	Name        string `json:"name"`         // the original name, cleaned
	Size        int64  `json:"size"`         // bytes
	ContentType string `json:"content_type"` // as sniffed from the content
	SHA256      string `json:"sha256"`       // lower-case hex: the strong ETag of the download
	Download    string `json:"download"`     // the API path of the bytes, set by the HTTP layer
	CRC32       uint32 `json:"-"`            // IEEE, for zip archives
}

// Remark is an entry of a criterion's thread: a council remark, the
// unit's explanation (giải trình), or the thread resolved or reopened.
type Remark struct {
	ID        int64     `json:"id"`
	Criterion string    `json:"criterion"`
	Kind      string    `json:"kind"` // remark, explanation, resolved or reopened (KindRemark…)
	Body      string    `json:"body"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}

// News statuses: only published records are public.
const (
	NewsDraft     = "draft"
	NewsPublished = "published"
)

// News is a news record (tin tức). Body is Markdown as written.
type News struct {
	ID          int64        `json:"id"`
	Slug        string       `json:"slug"`
	Title       string       `json:"title"`
	Summary     string       `json:"summary"`
	Body        string       `json:"body"`
	Author      string       `json:"author"`
	Department  string       `json:"department"`
	Category    string       `json:"category"`
	Period      *int         `json:"period"`
	Status      string       `json:"status"`
	PublishedAt *time.Time   `json:"published_at"`
	Attachments []Attachment `json:"attachments"`
	Related     []NewsRef    `json:"related"`
	CreatedAt   time.Time    `json:"created_at"`
	CreatedBy   string       `json:"created_by"`
	UpdatedAt   time.Time    `json:"updated_at"`
	UpdatedBy   string       `json:"updated_by"`
}

// Attachment is a file a news record links to, by URL.
type Attachment struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// NewsRef names another news record.
type NewsRef struct {
	ID          int64      `json:"id"`
	Slug        string     `json:"slug"`
	Title       string     `json:"title"`
	Status      string     `json:"status"`
	PublishedAt *time.Time `json:"published_at"`
}

// Snapshot is a published, frozen version of a period's results.
type Snapshot struct {
	Year        int       `json:"year"`
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	Forced      bool      `json:"forced"`
	SHA256      string    `json:"sha256"`
	// Provisional lists the units whose published results counted self
	// points on some criterion (no appraised points there yet).
	Provisional []string `json:"provisional"`
	Content     []byte   `json:"-"`
}

// AuditEntry is one recorded change: who, when, what, from what to what, why.
type AuditEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	Action    string    `json:"action"` // create, update, delete, stage, publish, login_failed…
	Entity    string    `json:"entity"` // score, framework, unit, tier, period, period_unit, user, evidence, remark, snapshot, session
	Year      *int      `json:"year"`
	Unit      string    `json:"unit"`
	Criterion string    `json:"criterion"`
	Field     string    `json:"field"`
	OldValue  *string   `json:"old_value"`
	NewValue  *string   `json:"new_value"`
	Reason    string    `json:"reason"`
	RequestID string    `json:"request_id"`
}
