package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"sync/atomic"

	"github.com/labstack/echo/v4"
)

// clientAddress is how the client's address (sign-in throttles, rate
// limits, the audit log, logs) is found. Without trusted proxies it is the
// TCP peer, whatever the headers say. With them, X-Forwarded-For is read
// from the right, past the trusted proxies only: the first address that
// is not one of them is the client. Loopback and private addresses are
// not trusted unless named, so a client cannot choose its own address by
// sending the header itself.
func clientAddress(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// maxRequestID bounds a client's X-Request-Id that is kept.
const maxRequestID = 64

// requestID gives every request an id, in the X-Request-Id response
// header, the request log and the audit log. A client's own id (a proxy's,
// to follow a request through) is kept only when it is short and plain:
// 1 to 64 of A–Z, a–z, 0–9, '.', '_', '-'. Anything else is replaced by an
// id the server makes, so that no header reaches the logs verbatim.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		rid := req.Header.Get(echo.HeaderXRequestID)
		if !plainRequestID(rid) || len(req.Header.Values(echo.HeaderXRequestID)) > 1 {
			rid = newRequestID()
		}
		req.Header.Set(echo.HeaderXRequestID, rid) // what the request logger reads
		c.Response().Header().Set(echo.HeaderXRequestID, rid)
		return next(c)
	}
}

// frontRequestID is requestID for an answer of the Front (the public
// read path without echo): the client's id when it is plain, else a new one.
func frontRequestID(w http.ResponseWriter, r *http.Request) {
	rid := ""
	if v := r.Header[echo.HeaderXRequestID]; len(v) == 1 && plainRequestID(v[0]) {
		rid = v[0]
	} else {
		rid = quickRequestID()
	}
	w.Header()[echo.HeaderXRequestID] = []string{rid}
}

// The Front's request ids: a random prefix drawn once and a counter, as
// unique as newRequestID's within a process and across processes (the
// prefix), without a call to the random source per answer. An id only
// ties log lines and answers together; it guards nothing.
var (
	ridPrefix  = newRequestID()[:16]
	ridCounter atomic.Uint64
)

func quickRequestID() string {
	var b [32]byte
	copy(b[:16], ridPrefix)
	n := ridCounter.Add(1)
	const digits = "0123456789abcdef"
	for i := 31; i >= 16; i-- {
		b[i] = digits[n&15]
		n >>= 4
	}
	return string(b[:])
}

func plainRequestID(s string) bool {
	if s == "" || len(s) > maxRequestID {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '.', b == '_', b == '-':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
