package httpapi

import (
	"errors"
	"testing"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// FuzzDecodeScores: any request body is either read into score writes or
// refused with a domain error (a 4xx), never a panic or an internal error;
// no write carries a control character (but a note's tabs and line breaks).
func FuzzDecodeScores(f *testing.F) {
	for _, s := range []string{
		`{"scores":[{"unit":"tt","criterion":"1.1","points":2.5,"self_points":"3","not_applicable":false,"note":"Ghi chú"}]}`,
		`{"scores":[{"unit":"tt","criterion":"1.1","points":null}]}`,
		`{"scores":[{"unit":"tt","criterion":"1.1","points":"2,5"}]}`,
		`{"scores":[{"unit":"tt","criterion":"1.1","points":1e400}]}`,
		`{"scores":[]}`, `{"scores":`, `[]`, `{"scores":[{"pionts":1}]}`, `{}` + "\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req putScoresRequest
		if err := decodeBytes(body, &req); err != nil {
			var e *score.Error
			if !errors.As(err, &e) {
				t.Fatalf("decoding %q: not a domain error: %v", body, err)
			}
			return
		}
		writes, err := scoreWrites(req.Scores)
		if err != nil {
			var e *score.Error
			if !errors.As(err, &e) || e.Code != score.EUNPROCESSABLE {
				t.Fatalf("reading %q: %v", body, err)
			}
			return
		}
		for _, w := range writes {
			for _, s := range []string{w.Unit, w.Criterion} {
				if textrule.Controls(s, false) != nil {
					t.Fatalf("%q: a control character accepted in %q", body, s)
				}
			}
			if textrule.Controls(w.Note, true) != nil {
				t.Fatalf("%q: a control character accepted in note %q", body, w.Note)
			}
			for _, p := range []*score.Milli{w.Self, w.Points} {
				if p != nil && (*p > score.MaxPointsLimit || *p < -score.MaxPointsLimit) {
					t.Fatalf("%q: value out of range accepted: %d", body, *p)
				}
			}
		}
	})
}

// FuzzFrameworkRequest: any framework body is refused with a domain error
// or yields a valid framework.
func FuzzFrameworkRequest(f *testing.F) {
	f.Add([]byte(`{"bands":[{"label":"Tốt","min_index":80}],"criteria":[{"code":"1","name":"A","children":[{"code":"1.1","name":"B","max_points":"2.5","source":"survey"}]}]}`))
	f.Add([]byte(`{"criteria":[{"code":"1","name":"A","max_points":3,"children":[{"code":"1.1","name":"B","max_points":3}]}]}`))
	f.Add([]byte(`{"criteria":[{"code":"1","name":"","max_points":"x"}],"ranking":"exact"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var req frameworkRequest
		if err := decodeBytes(body, &req); err != nil {
			return
		}
		in, err := req.toInput()
		if err == nil {
			_, err = score.NewFramework(in)
		}
		if err != nil {
			var e *score.Error
			if !errors.As(err, &e) {
				t.Fatalf("%q: not a domain error: %v", body, err)
			}
		}
	})
}
