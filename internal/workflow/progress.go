package workflow

import "github.com/parindex/parindex/internal/score"

// Appraises says whether a role gives a leaf its official points: the
// council appraises the appraisal leaves, staff also enter the survey's
// (rule 12).
func Appraises(role string, src score.Source) bool {
	return src != score.Survey || MayEnterSurvey(role)
}

// Progress counts the leaves of a unit that a role appraises and how many
// of them are done: with official points, or marked not applicable.
func Progress(f *score.Framework, u score.UnitScores, role string) (done, of int) {
	for pos, ni := range f.Leaves {
		if !Appraises(role, f.Nodes[ni].Source) {
			continue
		}
		of++
		if pos < len(u.Entries) && (u.Entries[pos].HasPoints || u.Entries[pos].NotApplicable) {
			done++
		}
	}
	return done, of
}
