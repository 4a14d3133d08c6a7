package httpapi

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/web"
)

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string        `json:"code"`
	Message string        `json:"message"`
	Details []problemBody `json:"details"`
}

// problemBody is a problem as the API sends it: its fields, and its
// message rendered in the reader's language.
type problemBody struct {
	score.Problem
	Message string `json:"message"`
}

// apiLangs are the API's languages, English first: the default.
var apiLangs = language.NewMatcher([]language.Tag{language.English, language.Vietnamese})

// errorLang is the language of the API's messages for a request: English,
// or Vietnamese when the request's Accept-Language prefers it (q-values
// weigh; a header that cannot be read means English).
func errorLang(c echo.Context) string {
	h := c.Request().Header.Get("Accept-Language")
	if h == "" {
		return msg.EN
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return msg.EN
	}
	if _, i, conf := apiLangs.Match(tags...); i == 1 && conf != language.No {
		return msg.VI
	}
	return msg.EN
}

// errorDetail renders a domain error for the request's reader: its
// message and each problem's from the catalog (internal/msg).
func (s *Server) errorDetail(c echo.Context, err error) errorDetail {
	d := errorDetail{Code: score.ErrorCode(err), Message: msg.Error(errorLang(c), err), Details: []problemBody{}}
	var de *score.Error
	if errors.As(err, &de) {
		d.Details = renderProblems(c, de.Details)
	}
	return d
}

// renderProblems is problems as the API sends them, each message in the
// request's language; never nil.
func renderProblems(c echo.Context, ps []score.Problem) []problemBody {
	lang := errorLang(c)
	out := make([]problemBody, len(ps))
	for i, p := range ps {
		out[i] = problemBody{p, msg.Problem(lang, p)}
	}
	return out
}

// plainError is an error of the API's own (a route, a method, a body
// limit) rendered for the request's reader.
func plainError(c echo.Context, code, key string, args ...any) errorBody {
	return errorBody{errorDetail{Code: code, Message: msg.Error(errorLang(c), score.E(code, key, args...)), Details: []problemBody{}}}
}

// handleError is the one place errors become responses. Handlers return
// errors; only internal ones are logged, and their text is never sent.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, body := s.errorResponse(err, c)
	if s.web != nil && web.IsPagePath(c.Request().URL.Path) && c.Request().Method != http.MethodHead {
		text := ""
		if status != http.StatusInternalServerError {
			text = body.Error.Message
		}
		if err := s.web.ErrorPage(c, status, text); err != nil {
			s.log.Error("writing an error page", "err", err)
		}
		return
	}
	if c.Request().Method == http.MethodHead {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, body)
	}
	if err != nil {
		s.log.Error("writing an error response", "err", err)
	}
}

func (s *Server) errorResponse(err error, c echo.Context) (int, errorBody) {
	var de *score.Error
	if errors.As(err, &de) {
		if status := score.Status(de.Code); status != 0 {
			return status, errorBody{s.errorDetail(c, de)}
		}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code < 500 {
		r := c.Request()
		body := plainError(c, score.EINVALID, "error.http.status", http.StatusText(he.Code))
		switch he.Code {
		case http.StatusNotFound:
			body = plainError(c, score.ENOTFOUND, "error.http.route", r.Method, r.URL.Path)
		case http.StatusMethodNotAllowed:
			body = plainError(c, "method_not_allowed", "error.http.method", r.Method, r.URL.Path)
		case http.StatusRequestEntityTooLarge:
			body = plainError(c, score.ETOOLARGE, "error.http.body_limit", bodyLimit(s.opt.BodyLimit))
		case http.StatusUnauthorized:
			body = plainError(c, score.EUNAUTHORIZED, "error.http.auth")
		}
		return he.Code, body
	}
	s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path,
		"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "err", err)
	return http.StatusInternalServerError, plainError(c, "internal", "error.http.internal")
}

func invalid(key string, args ...any) error { return score.E(score.EINVALID, key, args...) }

func forbidden(key string, args ...any) error {
	return score.E(score.EFORBIDDEN, key, args...)
}
