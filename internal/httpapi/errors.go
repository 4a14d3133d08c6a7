package httpapi

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
)

// statusOf maps each domain error code to its HTTP status.
var statusOf = map[string]int{
	score.EINVALID:       http.StatusBadRequest,
	score.EUNAUTHORIZED:  http.StatusUnauthorized,
	score.EFORBIDDEN:     http.StatusForbidden,
	score.ENOTFOUND:      http.StatusNotFound,
	score.ECONFLICT:      http.StatusConflict,
	score.ETOOLARGE:      http.StatusRequestEntityTooLarge,
	score.EUNPROCESSABLE: http.StatusUnprocessableEntity,
	score.EPRECONDITION:  http.StatusPreconditionFailed,
	score.ETOOMANY:       http.StatusTooManyRequests,
	score.EUNSUPPORTED:   http.StatusUnsupportedMediaType,
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Details []score.Problem `json:"details"`
}

// handleError is the one place errors become responses. Handlers return
// errors; only internal ones are logged, and their text is never sent.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, body := s.errorResponse(err, c)
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
		status, ok := statusOf[de.Code]
		if ok {
			details := de.Details
			if details == nil {
				details = []score.Problem{}
			}
			return status, errorBody{errorDetail{Code: de.Code, Message: de.Message, Details: details}}
		}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code < 500 {
		code, msg := score.EINVALID, http.StatusText(he.Code)
		switch he.Code {
		case http.StatusNotFound:
			code, msg = score.ENOTFOUND, "no such route: "+c.Request().Method+" "+c.Request().URL.Path
		case http.StatusMethodNotAllowed:
			code, msg = "method_not_allowed", "method "+c.Request().Method+" is not allowed on "+c.Request().URL.Path
		case http.StatusRequestEntityTooLarge:
			code, msg = score.ETOOLARGE, "the request body is larger than the limit of "+bodyLimit(s.opt.BodyLimit)+"B"
		case http.StatusUnauthorized:
			code, msg = score.EUNAUTHORIZED, "authentication is required"
		}
		return he.Code, errorBody{errorDetail{Code: code, Message: msg, Details: []score.Problem{}}}
	}
	s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path,
		"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "err", err)
	return http.StatusInternalServerError, errorBody{errorDetail{Code: "internal", Message: "internal error: the request was not completed; it has been logged", Details: []score.Problem{}}}
}

func invalid(format string, args ...any) error { return score.Errorf(score.EINVALID, format, args...) }

func forbidden(format string, args ...any) error {
	return score.Errorf(score.EFORBIDDEN, format, args...)
}
