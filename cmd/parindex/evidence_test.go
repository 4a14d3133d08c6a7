package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"testing"
)

// Evidence files through the commands: a backup, a data move and a killed
// server keep every file's bytes, checked by their SHA-256.

// evidenceDoc is n incompressible bytes behind a PDF header (a scan).
func evidenceDoc(seed uint64, n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, 12))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, "%PDF-1.7\n")
	return b
}

func hashOf(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// multipartFile is an upload form: the fields, then the file.
func multipartFile(t *testing.T, fields map[string]string, name string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	w, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// uploadEvidence attaches a file as c's user and returns its download path.
func uploadEvidence(t *testing.T, c client, year int, unit string, fields map[string]string, name string, data []byte) string {
	t.Helper()
	body, ct := multipartFile(t, fields, name, data)
	req, err := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/periods/%d/units/%s/evidence", c.base, year, unit), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("upload of %s: %d %s", name, res.StatusCode, out)
	}
	var e struct {
		File struct {
			Download, SHA256 string
		}
	}
	if err := json.Unmarshal(out, &e); err != nil || e.File.SHA256 != hashOf(data) {
		t.Fatalf("upload of %s: %v, sha256 %q, want %s", name, err, e.File.SHA256, hashOf(data))
	}
	return e.File.Download
}

// evidenceHashes downloads every file of a unit's evidence in a period
// and returns download path → SHA-256 of the bytes received.
func evidenceHashes(t *testing.T, c client, year int, unit string) map[string]string {
	t.Helper()
	var list struct {
		Evidence []struct {
			File *struct{ Download, SHA256 string }
		}
	}
	if err := json.Unmarshal(c.must(http.StatusOK, "GET", fmt.Sprintf("/api/v1/periods/%d/units/%s/evidence", year, unit), nil).body, &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range list.Evidence {
		if e.File == nil {
			continue
		}
		r := c.must(http.StatusOK, "GET", e.File.Download, nil)
		if got := hashOf(r.body); got != e.File.SHA256 || r.header.Get("ETag") != `"`+got+`"` {
			t.Errorf("%s: bytes hash to %s, the evidence says %s, ETag %s", e.File.Download, got, e.File.SHA256, r.header.Get("ETag"))
		}
		out[e.File.Download] = hashOf(r.body)
	}
	return out
}

func sameHashes(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("%s: no evidence files to compare", what)
	}
	for path, h := range want {
		if got[path] != h {
			t.Errorf("%s: %s hashes to %q, want %s", what, path, got[path], h)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
}
