package server

import (
	"io"
	"net/http"
	"runtime/debug"
	"time"
)

// middleware wraps every route: the client's address is settled first, a
// panic becomes a 500 that is logged, each response gets the security
// headers, each body a deadline, each request a log line.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.resolveClient(r)
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				if !sw.wrote {
					http.Error(sw, "Internal Server Error", http.StatusInternalServerError)
				}
			}
			s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "addr", r.RemoteAddr,
				"status", sw.status, "duration", time.Since(start))
		}()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		// No inline script or style anywhere: metadata inside files is
		// hostile, and this is the last line if escaping ever slips.
		h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		s.limitBody(w, r, start)
		next.ServeHTTP(sw, r)
	})
}

// limitBody gives a request with a body until start+BodyTimeout to send
// it; a handler may move the deadline with http.NewResponseController.
// Once the body has been read to its end, net/http lifts the deadline
// itself before it waits for the client to go away, so a handler working
// longer than the timeout keeps its context (TestBodyDeadlineLifted).
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request, start time.Time) {
	if s.bodyTimeout < 0 || r.Body == nil || r.Body == http.NoBody {
		return
	}
	// An error means a writer without deadlines, such as a test's
	// recorder: there is no connection to bound.
	_ = http.NewResponseController(w).SetReadDeadline(start.Add(s.bodyTimeout))
}

// statusWriter records the status for the log line, and whether anything
// was sent, for the recovery. It must hide nothing of the writer it wraps:
// Unwrap lets http.ResponseController reach Flush and the deadlines, and
// ReadFrom keeps the connection's sendfile for http.ServeContent and
// io.Copy from a file, which would otherwise go through Write in 32 KB
// copies.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

// Unwrap returns the writer statusWriter wraps, for http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) WriteHeader(code int) {
	// An informational status (103 Early Hints) is not the response's.
	if !w.wrote && code >= 200 {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// ReadFrom hands src to the underlying writer's ReadFrom when it has one.
// The status stays as it is: without a WriteHeader before, it is 200.
func (w *statusWriter) ReadFrom(src io.Reader) (int64, error) {
	var n int64
	var err error
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(w.ResponseWriter, src)
	}
	if n > 0 {
		w.wrote = true
	}
	return n, err
}
