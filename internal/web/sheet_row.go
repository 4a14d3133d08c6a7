package web

import (
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"
)

// The leaf rows of a sheet are written here rather than by html/template:
// a 120-criterion sheet has ten thousand template actions in them, each a
// reflective call, and the page must render in well under 20 ms. Every
// value goes through esc (html.EscapeString, into quoted attributes and
// text only), links through safeURL; TestSheetContent's golden file and
// the handler tests hold the markup.

// rowTexts are the catalog's texts the rows use, looked up once a page.
type rowTexts struct {
	Survey, Remove, Add, TitleLabel, URL, File, Max, Attach, Remark, Explanation, Open, New string
}

func esc(s string) string { return html.EscapeString(s) }

// safeURL is a link's address as an href: http and https only (what
// workflow.CheckEvidenceURL lets in), anything else a dead "#".
func safeURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return "#"
	}
	return esc(s)
}

type htmlWriter struct{ strings.Builder }

func (w *htmlWriter) s(parts ...string) {
	for _, p := range parts {
		w.WriteString(p)
	}
}

// cell writes one value of a leaf: text where it may not change, else its
// labelled input, the value the page was read with, its message and, in a
// conflict, the other person's value with the choice.
func (w *htmlWriter) cell(c cellView) {
	if !c.Editable {
		switch {
		case c.Kind == cellNA && c.Checked():
			w.s(esc(c.Texts.Yes))
		case c.Kind != cellNA:
			w.s(esc(c.Value))
		}
		return
	}
	id := esc(c.ID)
	invalid := ""
	if c.Error != "" {
		invalid = ` aria-invalid="true" aria-describedby="` + id + `-error"`
	}
	label := `<label class="vh" for="` + id + `">` + esc(c.Label) + `</label>`
	switch c.Kind {
	case cellNA:
		checked := ""
		if c.Checked() {
			checked = " checked"
		}
		w.s("\n", `<input type="checkbox" id="`, id, `" name="`, id, `" value="1"`, checked, invalid, `>`, label)
	case cellNote:
		w.s("\n", label, `<textarea id="`, id, `" name="`, id, `" rows="1"`, invalid, ">\n", esc(c.Value), `</textarea>`)
	default:
		w.s("\n", label, `<input type="text" inputmode="decimal" autocomplete="off" class="pts" data-col="`, esc(c.Kind), `" id="`, id, `" name="`, id,
			`" value="`, esc(c.Value), `" size="6"`, invalid, `>`)
	}
	w.s("\n", `<input type="hidden" name="was-`, id, `" value="`, esc(c.Was), `">`)
	if c.Error != "" {
		w.s(`<p class="field-error" id="`, id, `-error">`, esc(c.Error), `</p>`)
	}
	if c.Conflict {
		theirs := c.Theirs
		switch {
		case c.Kind == cellNA && theirs == "1":
			theirs = c.Texts.Yes
		case theirs == "" || c.Kind == cellNA:
			theirs = "–"
		}
		w.s("\n", `<fieldset class="pick"><legend>`, esc(c.Texts.Theirs), ` <strong>`, esc(theirs), `</strong></legend>`, "\n",
			`<input type="radio" id="mine-`, id, `" name="pick-`, id, `" value="mine" checked><label for="mine-`, id, `">`, esc(c.Texts.Keep), `</label>`, "\n",
			`<input type="radio" id="theirs-`, id, `" name="pick-`, id, `" value="theirs"><label for="theirs-`, id, `">`, esc(c.Texts.Take), `</label>`, "\n",
			`</fieldset>`)
	}
}

func tdClass(class string, c cellView) string {
	if c.Error != "" {
		class += " invalid"
	}
	return `<td class="` + class + `">`
}

// leafHTML writes a leaf's row of the table. removable says whether the
// user may remove its evidence.
func leafHTML(r *sheetRow, t *rowTexts, removable bool) template.HTML {
	var w htmlWriter
	w.Grow(4096)
	code := esc(r.Code)
	survey := ""
	if r.Survey {
		survey = " survey"
	}
	w.s(`<tr class="leaf`, survey, `" id="row-`, code, `" data-field="`, esc(r.Field), `" data-max="`, strconv.FormatInt(r.MaxMilli, 10),
		`" data-self="`, r.SelfMilli, `" data-points="`, r.PointsMilli, `" data-na="`, esc(r.NA.Was), `">`, "\n",
		`<td class="code">`, code, `</td>`, "\n",
		`<th scope="row" class="name d`, strconv.Itoa(r.Depth), `">`, esc(r.Name))
	if r.Survey {
		w.s(` <span class="tag">`, esc(t.Survey), `</span>`)
	}
	w.s(`</th>`, "\n", `<td class="num">`, esc(r.Max), `</td>`, "\n", tdClass("num", r.Self))
	w.cell(r.Self)
	w.s(`</td>`, "\n", tdClass("num", r.Points))
	w.cell(r.Points)
	w.s(`</td>`, "\n", `<td class="na">`)
	w.cell(r.NA)
	w.s(`</td>`, "\n", tdClass("note-cell", r.Note))
	w.cell(r.Note)
	w.s(`</td>`, "\n", `<td class="ev">`)
	if len(r.Evidence) > 0 {
		w.s("\n", `<ul class="ev-list">`)
		for _, e := range r.Evidence {
			w.s("\n<li>")
			if e.URL != "" {
				w.s(`<a href="`, safeURL(e.URL), `" rel="noopener noreferrer">`, esc(e.Title), `</a>`)
			} else {
				w.s(`<a href="`, esc(e.Download), `">`, esc(e.Title), `</a> <span class="size">(`, esc(e.File), `)</span>`)
			}
			if removable {
				w.s(` <button type="submit" class="link" form="del-`, strconv.FormatInt(e.ID, 10), `">`, esc(t.Remove), `<span class="vh"> `, esc(e.Title), `</span></button>`)
			}
			w.s(`</li>`)
		}
		w.s("\n</ul>")
	}
	if r.AddEvidence {
		forCode := esc(r.ForCode)
		open, described, invalid := "", "", ""
		if r.EvidenceError != "" {
			open = " open"
			described = ` aria-describedby="ev-error-` + code + `"`
			invalid = ` aria-invalid="true"` + described
		}
		w.s("\n", `<details class="ev-add"`, open, `>`, "\n", `<summary>`, esc(t.Add), `<span class="vh"> `, forCode, `</span></summary>`)
		if r.EvidenceError != "" {
			w.s(`<p class="field-error" id="ev-error-`, code, `">`, esc(r.EvidenceError), `</p>`)
		}
		w.s("\n", `<label for="ev-title-`, code, `">`, esc(t.TitleLabel), `</label>`, "\n",
			`<input type="text" id="ev-title-`, code, `" name="ev-title-`, code, `" form="ev-`, code, `" value="`, esc(r.EvidenceTitle), `"`, described, `>`, "\n",
			`<label for="ev-url-`, code, `">`, esc(t.URL), `</label>`, "\n",
			`<input type="text" inputmode="url" id="ev-url-`, code, `" name="ev-url-`, code, `" form="ev-`, code, `" value="`, esc(r.EvidenceURL), `"`, invalid, `>`, "\n",
			`<label for="ev-file-`, code, `">`, esc(t.File))
		if t.Max != "" {
			w.s(` (`, esc(t.Max), `)`)
		}
		w.s(`</label>`, "\n",
			`<input type="file" id="ev-file-`, code, `" name="ev-file-`, code, `" form="ev-`, code, `">`, "\n",
			`<button type="submit" form="ev-`, code, `">`, esc(t.Attach), `</button>`, "\n", `</details>`)
	}
	w.s("\n</td>\n", `<td class="remarks">`)
	for _, m := range r.Remarks {
		kind := t.Remark
		if m.Kind == "explanation" {
			kind = t.Explanation
		}
		w.s("\n", `<p class="remark `, esc(m.Kind), `"><span class="who">`, esc(kind), ` · `, esc(m.Author), ` · `, esc(m.At), `</span> `, esc(m.Body), `</p>`)
	}
	link := t.New
	if len(r.Remarks) > 0 {
		link = t.Open
	}
	w.s("\n", `<a href="`, esc(r.RemarksLink), `">`, esc(link), `<span class="vh"> `, esc(r.ForCode), `</span></a>`, "\n</td>\n</tr>")
	return template.HTML(w.String())
}
