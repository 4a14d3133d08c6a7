package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// Evidence files are kept in the database: the bytes content-addressed by
// SHA-256 in evidence_blobs, cut into chunks of EvidenceChunkSize in
// evidence_chunks, and referenced by evidence rows with their original
// name. Every instance sees them, and a backup or a data move carries them
// with the rest. An upload writes the blob (when it is new), the evidence
// row and the audit entry in one transaction.

// EvidenceChunkSize is the size of a file's chunks (the last one is
// shorter): what an upload writes and a download reads at a time.
const EvidenceChunkSize = 1 << 20

// FileUpload is a file the HTTP layer has received in full, hashed and
// whose type it has sniffed, to attach to a unit's criterion.
type FileUpload struct {
	Criterion   string
	Title       string
	Reference   string
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	CRC32       uint32
	Content     io.ReaderAt // Size bytes
}

type blobRow struct {
	SHA256      string `gorm:"column:sha256"`
	Size        int64
	ContentType string
	CRC32       int64 `gorm:"column:crc32"`
	CreatedAt   time.Time
}

func (blobRow) TableName() string { return "evidence_blobs" }

// auditField names what a piece of evidence is, in its audit entries.
func (r evidenceRow) auditField() string {
	if r.BlobSHA256 != nil {
		return "file"
	}
	return ""
}

// audited is how a piece of evidence reads in the audit log: its title,
// the place it cites, and the link, or the file's name, size and hash.
func (r evidenceRow) audited(f *workflow.EvidenceFile) string {
	s := r.Title
	if r.Reference != "" {
		s += " (" + r.Reference + ")"
	}
	if f == nil {
		return fmt.Sprintf("%s <%s>", s, r.URL)
	}
	return fmt.Sprintf("%s [file %s, %s, %d bytes, sha256 %s]", s, f.Name, f.ContentType, f.Size, f.SHA256)
}

// AddEvidenceFile attaches an uploaded file to a unit's criterion: the
// bytes (unless the same bytes are stored already), the evidence row and
// the audit entry, in one transaction. The evidence rule says, inside it, whether the
// actor may; a unit keeps at most quota bytes of files per period.
func (s *Store) AddEvidenceFile(ctx context.Context, year int, unit string, up FileUpload, quota int64, by By) (workflow.Evidence, error) {
	if up.Criterion == "" {
		return workflow.Evidence{}, score.E(score.EUNPROCESSABLE, "error.evidence.criterion")
	}
	if up.Size <= 0 || len(up.SHA256) != 64 {
		return workflow.Evidence{}, fmt.Errorf("evidence file: size %d, hash %q", up.Size, up.SHA256)
	}
	var e workflow.Evidence
	err := s.unitWork(ctx, year, unit, up.Criterion, by.evidence(unit), func(tx *gorm.DB, p periodRow, u unitRow) error {
		if s.dialect == postgresDialect {
			// One upload of a unit at a time, so that two cannot both fit
			// under the quota; score writes (key share) are not held up.
			if err := tx.Exec("SELECT id FROM units WHERE id = ? FOR NO KEY UPDATE", u.ID).Error; err != nil {
				return err
			}
		}
		var used int64
		err := tx.Raw("SELECT COALESCE(SUM(b.size), 0) FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.blob_sha256 WHERE e.period_id = ? AND e.unit_id = ?",
			p.ID, u.ID).Scan(&used).Error
		if err != nil {
			return err
		}
		if used+up.Size > quota {
			return score.E(score.ECONFLICT, "error.evidence.quota",
				unit, ByteSize(used), year, ByteSize(up.Size), ByteSize(quota))
		}
		if err := s.storeBlob(tx, up); err != nil {
			return err
		}
		sha := up.SHA256
		row := evidenceRow{PeriodID: p.ID, UnitID: u.ID, Criterion: up.Criterion, Title: up.Title, Reference: up.Reference,
			BlobSHA256: &sha, FileName: up.Name, AddedBy: actorFrom(ctx).Name, AddedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		f := &workflow.EvidenceFile{Name: up.Name, Size: up.Size, ContentType: up.ContentType, SHA256: up.SHA256, CRC32: up.CRC32}
		e = row.evidence(f)
		return record(ctx, tx, workflow.AuditEntry{Action: "create", Entity: "evidence", Year: yearp(year), Unit: unit, Criterion: up.Criterion,
			Field: "file", NewValue: strp(row.audited(f))})
	})
	return e, err
}

func (r evidenceRow) evidence(f *workflow.EvidenceFile) workflow.Evidence {
	return workflow.Evidence{ID: r.ID, Criterion: r.Criterion, Title: r.Title, Reference: r.Reference, URL: r.URL, File: f, AddedBy: r.AddedBy, AddedAt: r.AddedAt}
}

// storeBlob makes the upload's bytes stored, writing them only when no
// blob has their hash. On PostgreSQL an existing blob is held (FOR SHARE)
// until the transaction ends, so that a concurrent removal of its last
// reference (which takes it FOR UPDATE) cannot drop it under this one; a
// blob dropped just before is stored again.
func (s *Store) storeBlob(tx *gorm.DB, up FileUpload) error {
	for range 3 {
		res := tx.Exec("INSERT INTO evidence_blobs (sha256, size, content_type, crc32, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
			up.SHA256, up.Size, up.ContentType, int64(up.CRC32), s.now())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 {
			return writeChunks(tx, up)
		}
		if s.dialect != postgresDialect {
			return nil // SQLite runs one writer at a time: the blob stays
		}
		var held []string
		if err := tx.Raw("SELECT sha256 FROM evidence_blobs WHERE sha256 = ? FOR SHARE", up.SHA256).Scan(&held).Error; err != nil {
			return err
		}
		if len(held) == 1 {
			return nil
		}
	}
	return fmt.Errorf("evidence blob %s: removed three times while being stored", up.SHA256)
}

// writeChunks inserts the upload's bytes a chunk at a time, read from the
// temporary file: one chunk is in memory, never the file.
func writeChunks(tx *gorm.DB, up FileUpload) error {
	buf := make([]byte, min(EvidenceChunkSize, up.Size))
	for n, off := 0, int64(0); off < up.Size; n, off = n+1, off+EvidenceChunkSize {
		k := min(EvidenceChunkSize, up.Size-off)
		if got, err := up.Content.ReadAt(buf[:k], off); int64(got) < k {
			return fmt.Errorf("reading the uploaded file at %d: %w", off, err)
		}
		if err := tx.Exec("INSERT INTO evidence_chunks (sha256, n, data) VALUES (?, ?, ?)", up.SHA256, n, buf[:k]).Error; err != nil {
			return err
		}
	}
	return nil
}

// dropUnusedBlob deletes a blob's bytes when no evidence references them
// any more. The audit log keeps its name, size and hash, so what was there
// can still be proven; the bytes of a wrongly attached file (a document
// with personal data, say) are really gone.
func (s *Store) dropUnusedBlob(tx *gorm.DB, sha string) error {
	if s.dialect == postgresDialect {
		if err := tx.Exec("SELECT sha256 FROM evidence_blobs WHERE sha256 = ? FOR UPDATE", sha).Error; err != nil {
			return err
		}
	}
	var refs int64
	if err := tx.Raw("SELECT COUNT(*) FROM evidence WHERE blob_sha256 = ?", sha).Scan(&refs).Error; err != nil {
		return err
	}
	if refs > 0 {
		return nil
	}
	if err := tx.Exec("DELETE FROM evidence_chunks WHERE sha256 = ?", sha).Error; err != nil {
		return err
	}
	return tx.Exec("DELETE FROM evidence_blobs WHERE sha256 = ?", sha).Error
}

// blobFile describes a stored blob as the file of an evidence row.
func blobFile(db *gorm.DB, sha, name string) (*workflow.EvidenceFile, error) {
	var b blobRow
	if err := db.Where("sha256 = ?", sha).Take(&b).Error; err != nil {
		return nil, fmt.Errorf("evidence blob %s: %w", sha, err)
	}
	return &workflow.EvidenceFile{Name: name, Size: b.Size, ContentType: b.ContentType, SHA256: b.SHA256, CRC32: uint32(b.CRC32)}, nil
}

// evidenceView is an evidence row with its file's blob, if any.
type evidenceView struct {
	ID          int64
	Criterion   string
	Title       string
	URL         string `gorm:"column:url"`
	AddedBy     string
	AddedAt     time.Time
	Reference   string
	BlobSHA256  *string `gorm:"column:blob_sha256"`
	FileName    string
	Size        *int64
	ContentType *string
	CRC32       *int64 `gorm:"column:crc32"`
}

// unitEvidence lists a unit's evidence in a period, oldest first; id > 0
// keeps only that one.
func unitEvidence(db *gorm.DB, periodID, unitID, id int64) ([]workflow.Evidence, error) {
	q := db.Table("evidence e").
		Select("e.id, e.criterion, e.title, e.url, e.added_by, e.added_at, e.reference, e.blob_sha256, e.file_name, b.size, b.content_type, b.crc32").
		Joins("LEFT JOIN evidence_blobs b ON b.sha256 = e.blob_sha256").
		Where("e.period_id = ? AND e.unit_id = ?", periodID, unitID)
	if id > 0 {
		q = q.Where("e.id = ?", id)
	}
	var rows []evidenceView
	if err := q.Order("e.id").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]workflow.Evidence, len(rows))
	for i, r := range rows {
		var f *workflow.EvidenceFile
		if r.BlobSHA256 != nil && r.Size != nil {
			f = &workflow.EvidenceFile{Name: r.FileName, Size: *r.Size, ContentType: *r.ContentType, SHA256: *r.BlobSHA256, CRC32: uint32(*r.CRC32)}
		}
		out[i] = workflow.Evidence{ID: r.ID, Criterion: r.Criterion, Title: r.Title, Reference: r.Reference, URL: r.URL, File: f, AddedBy: r.AddedBy, AddedAt: r.AddedAt}
	}
	return out, nil
}

// UnitEvidence lists a unit's evidence (links and files) in a period,
// oldest first.
func (s *Store) UnitEvidence(ctx context.Context, year int, unit string) ([]workflow.Evidence, error) {
	db := s.db.WithContext(ctx)
	p, err := periodByYear(db, year)
	if err != nil {
		return nil, err
	}
	u, err := unitByCode(db, unit)
	if err != nil {
		return nil, err
	}
	return unitEvidence(db, p.ID, u.ID, 0)
}

// EvidenceItem returns one piece of a unit's evidence in a period.
func (s *Store) EvidenceItem(ctx context.Context, year int, unit string, id int64) (workflow.Evidence, error) {
	db := s.db.WithContext(ctx)
	p, err := periodByYear(db, year)
	if err != nil {
		return workflow.Evidence{}, err
	}
	u, err := unitByCode(db, unit)
	if err != nil {
		return workflow.Evidence{}, err
	}
	es, err := unitEvidence(db, p.ID, u.ID, id)
	if err != nil {
		return workflow.Evidence{}, err
	}
	if len(es) == 0 {
		return workflow.Evidence{}, score.E(score.ENOTFOUND, "error.evidence.not_found", unit, id, year)
	}
	return es[0], nil
}

// EvidenceBytes counts the bytes of a unit's evidence files in a period
// (a file attached twice counts twice), which the quota bounds.
func (s *Store) EvidenceBytes(ctx context.Context, year int, unit string) (int64, error) {
	var used int64
	err := s.db.WithContext(ctx).Raw(`SELECT COALESCE(SUM(b.size), 0) FROM evidence e
		JOIN evidence_blobs b ON b.sha256 = e.blob_sha256
		JOIN periods p ON p.id = e.period_id JOIN units u ON u.id = e.unit_id
		WHERE p.year = ? AND u.code = ?`, year, unit).Scan(&used).Error
	return used, err
}

// OpenEvidenceFile reads a stored file's bytes: a reader that fetches one
// chunk at a time, and seeks, for http.ServeContent's ranges.
func (s *Store) OpenEvidenceFile(ctx context.Context, f workflow.EvidenceFile) io.ReadSeeker {
	return &blobReader{db: s.db.WithContext(ctx), sha: f.SHA256, size: f.Size, n: -1}
}

// ErrBlobChanged is the error of a blob reader whose blob was removed (or
// damaged) while it was being read.
var ErrBlobChanged = errors.New("the evidence file was removed or damaged while it was read")

type blobReader struct {
	db    *gorm.DB
	sha   string
	size  int64
	off   int64
	n     int64 // the chunk in buf; -1 for none
	chunk []byte
}

func (r *blobReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	n := r.off / EvidenceChunkSize
	if n != r.n {
		if err := r.load(n); err != nil {
			return 0, err
		}
	}
	k := copy(p, r.chunk[r.off-n*EvidenceChunkSize:])
	r.off += int64(k)
	return k, nil
}

func (r *blobReader) load(n int64) error {
	rows, err := r.db.Raw("SELECT data FROM evidence_chunks WHERE sha256 = ? AND n = ?", r.sha, n).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return fmt.Errorf("evidence blob %s, chunk %d: %w", r.sha, n, ErrBlobChanged)
	}
	var data sql.RawBytes
	if err := rows.Scan(&data); err != nil {
		return err
	}
	if want := min(EvidenceChunkSize, r.size-n*EvidenceChunkSize); int64(len(data)) != want {
		return fmt.Errorf("evidence blob %s, chunk %d: %d bytes, want %d: %w", r.sha, n, len(data), want, ErrBlobChanged)
	}
	r.chunk = append(r.chunk[:0], data...)
	r.n = n
	return rows.Close()
}

func (r *blobReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, errors.New("seek: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("seek: negative position")
	}
	r.off = offset
	return offset, nil
}

// ByteSize prints a size for people: 20 MiB, 1.5 GiB, 900 bytes.
func ByteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return trimSize(float64(n)/(1<<30)) + " GiB"
	case n >= 1<<20:
		return trimSize(float64(n)/(1<<20)) + " MiB"
	case n >= 1<<10:
		return trimSize(float64(n)/(1<<10)) + " KiB"
	}
	return fmt.Sprintf("%d bytes", n)
}

func trimSize(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s
}

// EvidenceStorage is what the evidence files take in the database.
type EvidenceStorage struct {
	Blobs  int64 // distinct contents
	Chunks int64
	Bytes  int64 // of the distinct contents
}

// EvidenceStorage counts the stored evidence files' blobs, chunks and bytes.
func (s *Store) EvidenceStorage(ctx context.Context) (EvidenceStorage, error) {
	var st EvidenceStorage
	db := s.db.WithContext(ctx)
	if err := db.Raw("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM evidence_blobs").Row().Scan(&st.Blobs, &st.Bytes); err != nil {
		return st, err
	}
	return st, db.Raw("SELECT COUNT(*) FROM evidence_chunks").Scan(&st.Chunks).Error
}

// CheckEvidenceFiles lists what is wrong with the stored files: a blob
// whose chunks are missing, misnumbered or do not add up to its size, a
// blob no evidence references. None of it should ever be there (each
// upload and removal is one transaction); the crash tests look.
func (s *Store) CheckEvidenceFiles(ctx context.Context) ([]string, error) {
	db := s.db.WithContext(ctx)
	var bad []struct {
		SHA256 string `gorm:"column:sha256"`
		Size   int64
		Chunks int64
		Bytes  int64
		MaxN   int64
	}
	err := db.Raw(`SELECT b.sha256, b.size, COUNT(c.n) AS chunks, COALESCE(SUM(LENGTH(c.data)), 0) AS bytes, COALESCE(MAX(c.n), -1) AS max_n
		FROM evidence_blobs b LEFT JOIN evidence_chunks c ON c.sha256 = b.sha256
		GROUP BY b.sha256, b.size`).Scan(&bad).Error
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, b := range bad {
		want := (b.Size + EvidenceChunkSize - 1) / EvidenceChunkSize
		if b.Chunks != want || b.Bytes != b.Size || b.MaxN != want-1 {
			problems = append(problems, fmt.Sprintf("blob %s: %d bytes in %d chunks (last %d), want %d bytes in %d", b.SHA256, b.Bytes, b.Chunks, b.MaxN, b.Size, want))
		}
	}
	var orphans []string
	if err := db.Raw("SELECT sha256 FROM evidence_blobs b WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.blob_sha256 = b.sha256)").Scan(&orphans).Error; err != nil {
		return nil, err
	}
	for _, o := range orphans {
		problems = append(problems, "blob "+o+": no evidence references it")
	}
	var strays int64
	if err := db.Raw("SELECT COUNT(*) FROM evidence_chunks c WHERE NOT EXISTS (SELECT 1 FROM evidence_blobs b WHERE b.sha256 = c.sha256)").Scan(&strays).Error; err != nil {
		return nil, err
	}
	if strays > 0 {
		problems = append(problems, fmt.Sprintf("%d chunks of no blob", strays))
	}
	return problems, nil
}
