-- 004_imports: uploaded inbound/outbound spreadsheets. An upload is stored with the preview
-- the member saw (preview_json), so an apply records exactly that, and with the file itself
-- (bounded by the upload limit) so that it can be read again when a batch is questioned.
-- Movements made by an apply carry source 'import' and ref = the batch id.

CREATE TABLE import_batches (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
	file_hash TEXT NOT NULL CHECK (length(file_hash) = 64),   -- SHA-256, lowercase hex
	file_size INTEGER NOT NULL CHECK (file_size BETWEEN 0 AND 20971520),
	format TEXT NOT NULL CHECK (format IN ('xlsx', 'csv', 'unknown')),
	status TEXT NOT NULL DEFAULT 'preview'
		CHECK (status IN ('preview', 'applied', 'reversed', 'rejected')),
	uploaded_by INTEGER NOT NULL REFERENCES users(id),
	uploaded_at TEXT NOT NULL,
	applied_by INTEGER REFERENCES users(id),
	applied_at TEXT,
	reversed_by INTEGER REFERENCES users(id),
	reversed_at TEXT,
	row_count INTEGER NOT NULL DEFAULT 0 CHECK (row_count >= 0),
	valid_count INTEGER NOT NULL DEFAULT 0 CHECK (valid_count >= 0),
	warning_count INTEGER NOT NULL DEFAULT 0 CHECK (warning_count >= 0),
	error_count INTEGER NOT NULL DEFAULT 0 CHECK (error_count >= 0),
	movement_count INTEGER NOT NULL DEFAULT 0 CHECK (movement_count >= 0),
	preview_json TEXT NOT NULL,
	file BLOB NOT NULL,
	CHECK ((status IN ('applied', 'reversed')) = (applied_at IS NOT NULL)),
	CHECK ((status = 'reversed') = (reversed_at IS NOT NULL))
) STRICT;
CREATE INDEX import_batches_org ON import_batches(org_id, id);
CREATE INDEX import_batches_hash ON import_batches(org_id, file_hash);
-- One file is applied once per organisation (a reversed batch frees its file again).
CREATE UNIQUE INDEX import_batches_applied_hash ON import_batches(org_id, file_hash)
	WHERE status = 'applied';
-- Finding the movements of a batch.
CREATE INDEX movements_source_ref ON movements(org_id, source, ref);
