package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Evidence files through the real handler: a 20 MiB upload (multipart,
// hashed, sniffed, 20 chunks written in one transaction) and its download
// (chunk by chunk through http.ServeContent), each against writing and
// reading the same bytes to a temporary file; and the memory an upload
// takes above idle, which must stay under 64 MB (the body is never held
// whole).

// EvidenceFileBytes is the size of the benchmark's evidence file.
const EvidenceFileBytes = 20 << 20

// evidenceFigures are the measurements of one run, medians of repeat.
type evidenceFigures struct {
	Upload, Download, Again time.Duration // through HTTP
	RefWrite, RefRead       time.Duration // a temporary file
	PeakRSS                 int64         // bytes above idle, from the kernel (VmHWM after clear_refs, or VmRSS sampled)
	PeakHeap                int64         // bytes of Go heap objects above idle (runtime/metrics, sampled every ms)
	RSSHow                  string
}

type evidenceTarget struct {
	base, tok, dir  string
	year            int
	unit, criterion string
	repeat          int
}

func (f evidenceFigures) rate(d time.Duration) float64 {
	return float64(EvidenceFileBytes) / (1 << 20) / d.Seconds()
}

// measureEvidence uploads repeat distinct 20 MiB files and downloads each,
// times writing and reading the same bytes to a temporary file, uploads
// the last one again (stored once), and takes the memory of the last
// distinct upload.
func measureEvidence(ctx context.Context, tg evidenceTarget, logf func(string, ...any)) (evidenceFigures, error) {
	var f evidenceFigures
	var ups, downs, writes, reads []time.Duration
	src := filepath.Join(tg.dir, "evidence-src.pdf")
	defer os.Remove(src)
	for i := range tg.repeat {
		data := evidenceBytes(uint64(time.Now().UnixNano()) + uint64(i))
		sum := sha256.Sum256(data)
		want := hex.EncodeToString(sum[:])
		if err := os.WriteFile(src, data, 0o600); err != nil {
			return f, err
		}
		w, r, err := tempFileReference(tg.dir, data)
		if err != nil {
			return f, err
		}
		writes, reads = append(writes, w), append(reads, r)
		data = nil
		var up time.Duration
		var download string
		if i == tg.repeat-1 {
			up, download, err = measureMemory(&f, func() (time.Duration, string, error) { return uploadEvidence(ctx, tg, src) })
		} else {
			up, download, err = uploadEvidence(ctx, tg, src)
		}
		if err != nil {
			return f, err
		}
		d, got, err := downloadEvidence(ctx, tg, download)
		if err != nil {
			return f, err
		}
		if got != want {
			return f, fmt.Errorf("evidence download: the bytes hash to %s, not %s", got, want)
		}
		ups, downs = append(ups, up), append(downs, d)
	}
	again, _, err := uploadEvidence(ctx, tg, src)
	if err != nil {
		return f, err
	}
	f.Upload, f.Download, f.Again, f.RefWrite, f.RefRead = median(ups), median(downs), again, median(writes), median(reads)
	logf("evidence: upload %s, download %s, again %s; temporary file write %s, read %s; peak %d MB RSS (%s), %d MB Go heap above idle",
		f.Upload, f.Download, f.Again, f.RefWrite, f.RefRead, f.PeakRSS>>20, f.RSSHow, f.PeakHeap>>20)
	return f, nil
}

// evidenceBytes is a 20 MiB "scan": incompressible bytes behind a PDF header.
func evidenceBytes(seed uint64) []byte {
	b := make([]byte, EvidenceFileBytes)
	r := rand.New(rand.NewPCG(seed, 2026))
	for i := 0; i+8 <= len(b); i += 8 {
		v := r.Uint64()
		for k := range 8 {
			b[i+k] = byte(v >> (8 * k))
		}
	}
	copy(b, "%PDF-1.7\n")
	return b
}

// tempFileReference writes data to a new temporary file (created, written,
// closed) and reads it back to the end: the reference of the same run.
func tempFileReference(dir string, data []byte) (write, read time.Duration, err error) {
	t0 := time.Now()
	tmp, err := os.CreateTemp(dir, "evidence-ref-*")
	if err != nil {
		return 0, 0, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return 0, 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, 0, err
	}
	write = time.Since(t0)
	t0 = time.Now()
	rd, err := os.Open(tmp.Name())
	if err != nil {
		return 0, 0, err
	}
	defer rd.Close()
	if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{rd}, make([]byte, 32<<10)); err != nil {
		return 0, 0, err
	}
	return write, time.Since(t0), nil
}

// uploadEvidence posts the file at path as a multipart form, streamed from
// the disk (the client holds no more than a buffer of it).
func uploadEvidence(ctx context.Context, tg evidenceTarget, path string) (time.Duration, string, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := func() error {
			for k, v := range map[string]string{"criterion": tg.criterion, "title": "Hồ sơ thử tải", "reference": "trang 1"} {
				if err := mw.WriteField(k, v); err != nil {
					return err
				}
			}
			w, err := mw.CreateFormFile("file", "ho-so-thu-tai.pdf")
			if err != nil {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			if _, err := io.Copy(w, f); err != nil {
				return err
			}
			return mw.Close()
		}()
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/api/v1/periods/%d/units/%s/evidence", tg.base, tg.year, tg.unit), pr)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tg.tok)
	t0 := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	d := time.Since(t0)
	if res.StatusCode != http.StatusCreated {
		return 0, "", fmt.Errorf("evidence upload: %s: %.300s", res.Status, body)
	}
	var e struct{ File struct{ Download string } }
	if err := json.Unmarshal(body, &e); err != nil {
		return 0, "", err
	}
	return d, e.File.Download, nil
}

// downloadEvidence reads a file to the end and hashes it.
func downloadEvidence(ctx context.Context, tg evidenceTarget, path string) (time.Duration, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, tg.base+path, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+tg.tok)
	t0 := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	h := sha256.New()
	n, err := io.Copy(h, res.Body)
	d := time.Since(t0)
	if err != nil {
		return 0, "", err
	}
	if res.StatusCode != http.StatusOK || n != EvidenceFileBytes {
		return 0, "", fmt.Errorf("evidence download: %s, %d bytes", res.Status, n)
	}
	return d, hex.EncodeToString(h.Sum(nil)), nil
}

// measureMemory runs fn and records the process's peak memory above what
// it held when fn started: from the kernel, the resident set's high-water
// mark (VmHWM in /proc/self/status, reset to the current resident set by
// writing 5 to /proc/self/clear_refs) or, where that cannot be reset, the
// resident set sampled every millisecond; and the Go heap's objects
// (runtime/metrics), sampled every millisecond. Garbage is collected and
// memory returned to the system first, so idle is as low as it gets and
// the peak counts everything the upload touched (the server's buffers and
// temporary file writes, SQLite's page cache, the in-process client).
func measureMemory(f *evidenceFigures, fn func() (time.Duration, string, error)) (time.Duration, string, error) {
	runtime.GC()
	debug.FreeOSMemory()
	idleRSS, _ := procStatus("VmRSS")
	idleHeap := heapObjects()
	reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var maxRSS, maxHeap int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			maxHeap = max(maxHeap, heapObjects())
			if rss, ok := procStatus("VmRSS"); ok {
				maxRSS = max(maxRSS, rss)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	d, download, err := fn()
	close(stop)
	wg.Wait()
	f.RSSHow = "VmRSS sampled every ms"
	if hwm, ok := procStatus("VmHWM"); ok && reset {
		maxRSS, f.RSSHow = max(maxRSS, hwm), "VmHWM after clear_refs"
	}
	f.PeakRSS, f.PeakHeap = max(0, maxRSS-idleRSS), max(0, maxHeap-idleHeap)
	return d, download, err
}

// procStatus reads a "kB" field of /proc/self/status, in bytes.
func procStatus(field string) (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && k == field {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

func heapObjects() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// evidence is the suite's part: rows for the upload, the same bytes again,
// the download and the memory.
func (r *runner) evidence(ctx context.Context) error {
	tg := evidenceTarget{base: r.base, tok: r.tok, dir: r.dir, year: year, unit: r.big.Codes[0], criterion: r.big.Leaves[0], repeat: min(5, r.cfg.Repeat)}
	f, err := measureEvidence(ctx, tg, r.logf)
	if err != nil {
		return err
	}
	mbs := func(d time.Duration) string { return fmt.Sprintf("%.0f MB/s (%s s)", f.rate(d), secs(d)) }
	r.add(Row{Figure: fmt.Sprintf("evidence upload, 20 MiB PDF, multipart POST: hash, sniff, 20 chunks in one transaction (median of %d)", tg.repeat),
		Value: mbs(f.Upload), Reference: "write to a temporary file: " + mbs(f.RefWrite), Ratio: fmt.Sprintf("%.1f× slower", float64(f.Upload)/float64(f.RefWrite))})
	r.add(Row{Figure: "  the same bytes again (stored once: no chunk written)", Value: mbs(f.Again), Reference: "write to a temporary file: " + mbs(f.RefWrite),
		Ratio: fmt.Sprintf("%.1f× slower", float64(f.Again)/float64(f.RefWrite))})
	r.add(Row{Figure: fmt.Sprintf("evidence download, 20 MiB, GET chunk by chunk (ServeContent; median of %d)", tg.repeat),
		Value: mbs(f.Download), Reference: "read the temporary file: " + mbs(f.RefRead), Ratio: fmt.Sprintf("%.1f× slower", float64(f.Download)/float64(f.RefRead))})
	r.add(Row{Figure: "  peak memory above idle while a 20 MiB file uploads", Value: fmt.Sprintf("%.1f MB RSS; Go heap %.1f MB", float64(f.PeakRSS)/(1<<20), float64(f.PeakHeap)/(1<<20)),
		Reference: "RSS: " + f.RSSHow + "; heap: runtime/metrics, sampled every ms", Target: "< 64 MB", Met: met(f.PeakRSS < 64<<20)})
	return nil
}
