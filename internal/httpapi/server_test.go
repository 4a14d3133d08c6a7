package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/store/storetest"
)

const adminPassword = "admin-password-1"

// testPasswordCost is the bcrypt cost of the test servers' hashes: the
// lowest, so that a sign-in costs a millisecond rather than 50 to 100 (the
// service's cost, bcrypt.DefaultCost, is TestPasswordCost's).
const testPasswordCost = bcrypt.MinCost

// testHash hashes a password at testPasswordCost, for users made straight
// in the store.
func testHash(t testing.TB, password string) string {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(password), testPasswordCost)
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

// testServer is the real HTTP server on a temporary SQLite file.
type testServer struct {
	t     *testing.T
	URL   string
	store *store.Store
	admin string // an admin's token
	lang  string // the Accept-Language of its requests, "" for none (English)
}

// inVietnamese is ts sending Accept-Language: vi, for the messages people
// read in Vietnamese (a workbook import's).
func (ts *testServer) inVietnamese() *testServer {
	vi := *ts
	vi.lang = "vi"
	return &vi
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t)
	if _, err := st.CreateFirstAdmin(ctx, "admin", testHash(t, adminPassword)); err != nil {
		t.Fatal(err)
	}
	h := New(st, Options{TokenTTL: time.Hour, BodyLimit: 2 << 20, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordCost: testPasswordCost})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ts := &testServer{t: t, URL: srv.URL, store: st}
	ts.admin = ts.login("admin", adminPassword)
	return ts
}

// response is what a request got back.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value.
func (r response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("response is not a JSON object: %v\n%s", err, r.Body)
	}
	return v
}

// do sends a request; body is sent as is when it is a string or []byte and
// as JSON otherwise. Every response is checked against api/openapi.yaml.
func (ts *testServer) do(method, path, token string, body any) response {
	ts.t.Helper()
	return ts.doWith(method, path, token, body, nil)
}

// doWith is do with extra request headers.
func (ts *testServer) doWith(method, path, token string, body any, headers map[string]string) response {
	ts.t.Helper()
	var rd io.Reader
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			ts.t.Fatal(err)
		}
	}
	if raw != nil {
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		ts.t.Fatal(err)
	}
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ts.lang != "" {
		req.Header.Set("Accept-Language", ts.lang)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	r := response{Status: res.StatusCode, Header: res.Header, Body: out}
	if raw != nil {
		req.Body = io.NopCloser(bytes.NewReader(raw))
	}
	checkAgainstSpec(ts.t, req, r)
	return r
}

// must sends a request and fails the test unless the status is want.
func (ts *testServer) must(want int, method, path, token string, body any) response {
	ts.t.Helper()
	r := ts.do(method, path, token, body)
	if r.Status != want {
		ts.t.Fatalf("%s %s: status %d, want %d\n%s", method, path, r.Status, want, r.Body)
	}
	return r
}

func (ts *testServer) login(username, password string) string {
	ts.t.Helper()
	r := ts.must(http.StatusOK, "POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": password})
	tok, _ := r.JSON(ts.t)["token"].(string)
	if tok == "" {
		ts.t.Fatalf("login gave no token: %s", r.Body)
	}
	return tok
}

// user creates a user with the given role and returns its token.
func (ts *testServer) user(name, role, unit string) string {
	ts.t.Helper()
	ts.must(http.StatusCreated, "POST", "/api/v1/users", ts.admin, map[string]string{"username": name, "password": "password-" + name, "role": role, "unit": unit})
	return ts.login(name, "password-"+name)
}

// errorCode returns the error body's code, failing when the body is not
// the contract's error shape.
func errorCode(t *testing.T, r response) string {
	t.Helper()
	var body struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Details []json.RawMessage `json:"details"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.Error.Code == "" || body.Error.Message == "" || body.Error.Details == nil {
		t.Fatalf("not an error body: %s", r.Body)
	}
	return body.Error.Code
}

func contains(body []byte, s string) bool { return strings.Contains(string(body), s) }
