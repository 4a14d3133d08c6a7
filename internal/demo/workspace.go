package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// The open year beside the published 2016, for the workspace in the
// browser: Lai Châu's 2017 assessment in the appraisal stage, every unit
// self-assessed, about half of them appraised, a few remarks open, and
// three accounts to sign in with. All of it is invented; it exists only
// with serve --demo.

// OpenYear is the demo's year in appraisal.
const OpenYear = 2017

// OpenTitle is its title.
const OpenTitle = "Chỉ số cải cách hành chính năm 2017"

// Account is a demo user, with the password the README gives.
type Account struct {
	Username, Password, Role, Unit string
	Units                          []string // a council member's assigned units
}

// Accounts are the demo's users: a unit officer of Sở Tư pháp, a council
// member assigned four units, and a secretariat officer. They are created
// only by LoadWorkspace (serve --demo), never by Load or outside the demo.
var Accounts = []Account{
	{Username: "sotuphap", Password: "demo-donvi-2017", Role: workflow.RoleUnit, Unit: "so-tu-phap"},
	{Username: "hoidong", Password: "demo-hoidong-2017", Role: workflow.RoleCouncil,
		Units: []string{"so-tu-phap", "so-noi-vu", "so-xay-dung", "ubnd-tam-duong"}},
	{Username: "thuky", Password: "demo-thuky-2017", Role: workflow.RoleSecretariat},
}

// partial is the assigned unit the council has begun: its first three
// fields are appraised, the rest wait.
const partial = "so-tu-phap"

// demoRemark is an entry of a demo thread, by the council member or the
// unit's officer.
type demoRemark struct {
	Unit, Criterion string
	Kind            string // remark, explanation or resolved
	Body            string
}

// remarks are the demo's threads: some waiting for the unit, some for the
// council, one resolved.
var remarks = []demoRemark{
	{"so-tu-phap", "1.1.1", workflow.KindRemark, "Kế hoạch cải cách hành chính năm 2017 ban hành ngày 20/02/2017, chậm so với yêu cầu của UBND tỉnh (trước 31/01). Đề nghị đơn vị giải trình."},
	{"so-tu-phap", "1.1.1", workflow.KindExplanation, "Kế hoạch được ban hành sau khi UBND tỉnh điều chỉnh kế hoạch chung ngày 10/02/2017; đơn vị gửi kèm văn bản số 35/STP-VP."},
	{"so-tu-phap", "3.1.3", workflow.KindRemark, "Chưa có báo cáo kết quả rà soát, đánh giá thủ tục hành chính năm 2017 kèm theo tài liệu kiểm chứng."},
	{"so-tu-phap", "2.3.3", workflow.KindRemark, "Tự chấm tối đa nhưng chưa có kế hoạch kiểm tra tình hình thi hành pháp luật."},
	{"so-tu-phap", "2.3.3", workflow.KindExplanation, "Đã bổ sung Kế hoạch số 12/KH-STP ngày 15/3/2017 vào tài liệu kiểm chứng."},
	{"so-tu-phap", "2.3.3", workflow.KindResolved, "Chấp nhận giải trình."},
	{"so-noi-vu", "2.2.2", workflow.KindRemark, "Tỷ lệ văn bản được rà soát chưa khớp với báo cáo của Sở Tư pháp; đề nghị giải trình."},
	{"so-xay-dung", "5.3", workflow.KindRemark, "Kết quả đánh giá, phân loại công chức chưa có quyết định phê duyệt."},
	{"so-xay-dung", "5.3", workflow.KindExplanation, "Quyết định số 102/QĐ-SXD ngày 28/12/2017 đã được tải lên phiếu chấm điểm."},
	{"ubnd-tam-duong", "8.2.1", workflow.KindRemark, "Tỷ lệ hồ sơ giải quyết đúng hạn tự chấm cao hơn số liệu của phần mềm một cửa điện tử."},
}

// appraised says whether the council has appraised a unit of 2017: every
// other unit of each tier (the first, the third…), and the partial one in
// part.
func appraised(tier string, code string) bool {
	i := 0
	for _, u := range units {
		if u.Tier != tier {
			continue
		}
		if u.Code == code {
			return i%2 == 0
		}
		i++
	}
	return false
}

// openYearTotal is a unit's illustrative 2017 total: its 2016 total moved
// by a fixed amount between −2 and +4 points, at most 100.
func openYearTotal(u demoUnit) score.Milli {
	delta := score.Milli(hash(u.Code, "2017")%6001) - 2000
	return min(u.Total+delta, 100_000)
}

// openYearWrites are the 2017 scores: the units' self points on every
// leaf they assess, the survey's points on every survey leaf, and the
// council's points on the appraised units (on the partial unit, its first
// three fields).
func openYearWrites(tier string, f *score.Framework) (self, points []workflow.ScoreWrite, err error) {
	for _, u := range units {
		if u.Tier != tier {
			continue
		}
		pts, sf, err := distribute(f, u.Code+"/2017", openYearTotal(u))
		if err != nil {
			return nil, nil, err
		}
		for i, ni := range f.Leaves {
			n := f.Nodes[ni]
			pt, s := pts[i], sf[i]
			field := ni
			for f.Nodes[field].Parent >= 0 {
				field = f.Nodes[field].Parent
			}
			switch {
			case n.Source == score.Survey:
				points = append(points, workflow.ScoreWrite{Unit: u.Code, Criterion: n.Code, Points: &pt, Note: SurveyNote, SetPoints: true, SetNote: true})
				continue
			case appraised(tier, u.Code), u.Code == partial && slices.Contains([]string{"1", "2", "3"}, f.Nodes[field].Code):
				points = append(points, workflow.ScoreWrite{Unit: u.Code, Criterion: n.Code, Points: &pt, SetPoints: true})
			}
			self = append(self, workflow.ScoreWrite{Unit: u.Code, Criterion: n.Code, Self: &s, Note: Note, SetSelf: true, SetNote: true})
		}
	}
	return self, points, nil
}

// LoadWorkspace is what serve --demo loads: Load's published 2016 and,
// in the same transaction, the open 2017 in appraisal with its remarks and
// the demo Accounts (their passwords hashed with hashPassword). Like Load, it
// loads only into a database without periods, and reports whether it did.
func LoadWorkspace(ctx context.Context, st *store.Store, hashPassword func(string) (string, error)) (bool, error) {
	periods, err := st.Periods(ctx)
	if err != nil || len(periods) > 0 {
		return false, err
	}
	p, err := build()
	if err != nil {
		return false, err
	}
	hashes := map[string]string{}
	for _, a := range Accounts {
		if hashes[a.Username], err = hashPassword(a.Password); err != nil {
			return false, err
		}
	}
	ctx = store.WithActor(ctx, workflow.Actor{Name: "demo"})
	err = st.InTx(ctx, func(tx *store.Store) error {
		if err := load(ctx, tx, p); err != nil {
			return err
		}
		return openYear(ctx, tx, p, hashes)
	})
	if errors.Is(err, errLoadedMeanwhile) {
		return false, nil
	}
	return err == nil, err
}

// openYear adds 2017 and the accounts (after load, in its transaction).
func openYear(ctx context.Context, st *store.Store, p plan, hashes map[string]string) error {
	for _, a := range Accounts {
		// An account of that name made by hand stays as it is.
		if _, err := st.User(ctx, a.Username); score.ErrorCode(err) != score.ENOTFOUND {
			if err != nil {
				return err
			}
			continue
		}
		if _, err := st.CreateUser(ctx, workflow.User{Username: a.Username, Role: a.Role, Unit: a.Unit}, hashes[a.Username]); err != nil {
			return fmt.Errorf("demo user %s: %w", a.Username, err)
		}
		if len(a.Units) > 0 {
			units := slices.Clone(a.Units)
			if _, err := st.UpdateUser(ctx, a.Username, store.UserChange{Units: &units}); err != nil {
				return fmt.Errorf("demo user %s: %w", a.Username, err)
			}
		}
	}
	if _, err := st.CreatePeriod(ctx, OpenYear, OpenTitle); err != nil {
		return err
	}
	var self, points []workflow.ScoreWrite
	for _, tier := range []string{tierDepartment, tierDistrict} {
		f, err := st.PutFramework(ctx, OpenYear, tier, p.frameworks[tier])
		if err != nil {
			return fmt.Errorf("demo framework of tier %s in %d: %w", tier, OpenYear, err)
		}
		s, pt, err := openYearWrites(tier, f)
		if err != nil {
			return err
		}
		self, points = append(self, s...), append(points, pt...)
	}
	now := time.Now()
	staff := store.By{Actor: workflow.Actor{Name: "demo", Role: workflow.RoleAdmin}, At: now}
	move := func(to string) error {
		_, err := st.ChangeStage(ctx, OpenYear, store.StageMove{To: to, Reason: "Dữ liệu minh họa"}, staff)
		return err
	}
	if err := move(workflow.SelfAssessment); err != nil {
		return err
	}
	if err := st.UpsertScores(ctx, OpenYear, workflow.User{}, self); err != nil {
		return fmt.Errorf("demo self-assessment %d: %w", OpenYear, err)
	}
	if err := move(workflow.Appraisal); err != nil {
		return err
	}
	if err := st.UpsertScores(ctx, OpenYear, workflow.User{}, points); err != nil {
		return fmt.Errorf("demo appraisal %d: %w", OpenYear, err)
	}
	return openRemarks(ctx, st, now)
}

// openRemarks writes the demo threads as their authors would, through the
// same use cases and rules.
func openRemarks(ctx context.Context, st *store.Store, now time.Time) error {
	var council, unitUser Account
	for _, a := range Accounts {
		switch a.Role {
		case workflow.RoleCouncil:
			council = a
		case workflow.RoleUnit:
			unitUser = a
		}
	}
	for _, r := range remarks {
		a := workflow.Actor{Name: council.Username, Role: council.Role, Units: council.Units}
		if r.Kind == workflow.KindExplanation {
			a = workflow.Actor{Name: unitUser.Username, Role: workflow.RoleUnit, Unit: r.Unit}
			if r.Unit != unitUser.Unit {
				// Another unit's officer (no demo account): the entry is its.
				a.Name = "canbo-" + r.Unit
			}
		}
		actx, by := store.WithActor(ctx, a), store.By{Actor: a, At: now}
		var err error
		if r.Kind == workflow.KindResolved {
			_, err = st.SetThreadStatus(actx, OpenYear, r.Unit, r.Criterion, r.Kind, r.Body, by)
		} else {
			_, err = st.AddRemark(actx, OpenYear, r.Unit, workflow.Remark{Criterion: r.Criterion, Body: r.Body}, by)
		}
		if err != nil {
			return fmt.Errorf("demo remark on %s %s: %w", r.Unit, r.Criterion, err)
		}
	}
	return nil
}
