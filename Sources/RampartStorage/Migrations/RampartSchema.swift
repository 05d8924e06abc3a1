/// Rampart's schema, as the ordered list of its migrations. Append only: a released migration never changes.
public enum RampartSchema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "assessment-records") { engine in
            let id = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
            return [
                """
                CREATE TABLE assessment_records (
                    id \(id),
                    workload TEXT NOT NULL,
                    scope INTEGER NOT NULL CHECK (scope BETWEEN 1 AND 5),
                    assessed_at TEXT NOT NULL,
                    satisfied INTEGER NOT NULL,
                    missing_required INTEGER NOT NULL,
                    missing_recommended INTEGER NOT NULL,
                    not_applicable INTEGER NOT NULL,
                    report TEXT NOT NULL)
                """,
                "CREATE INDEX assessment_records_by_workload ON assessment_records (workload, assessed_at)",
            ]
        },
        Migration(version: 2, name: "identity") { engine in
            let money = engine == .sqlite ? "INTEGER" : "BIGINT"
            return [
                """
                CREATE TABLE principals (
                    id TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('user', 'service', 'application')),
                    display_name TEXT NOT NULL,
                    roles TEXT NOT NULL,
                    member_of TEXT NOT NULL,
                    attributes TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL)
                """,
                "CREATE INDEX principals_by_tenant ON principals (tenant, id)",
                """
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY,
                    key_hash TEXT NOT NULL UNIQUE,
                    principal_id TEXT NOT NULL REFERENCES principals (id),
                    tenant TEXT NOT NULL,
                    name TEXT NOT NULL,
                    workloads TEXT NOT NULL,
                    models TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT,
                    revoked_at TEXT,
                    last_used_at TEXT)
                """,
                "CREATE INDEX api_keys_by_principal ON api_keys (principal_id)",
                """
                CREATE TABLE budgets (
                    tenant TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    limit_micros \(money) NOT NULL CHECK (limit_micros >= 0),
                    spent_micros \(money) NOT NULL DEFAULT 0,
                    period TEXT NOT NULL CHECK (period IN ('monthly', 'total')),
                    period_start TEXT NOT NULL,
                    PRIMARY KEY (tenant, subject))
                """,
            ]
        },
        Migration(version: 3, name: "pseudonym-vault") { engine in
            let bytes = engine == .sqlite ? "BLOB" : "BYTEA"
            return [
                """
                CREATE TABLE pseudonyms (
                    token TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    type TEXT NOT NULL,
                    sealed \(bytes) NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    PRIMARY KEY (tenant, token))
                """,
                "CREATE INDEX pseudonyms_by_expiry ON pseudonyms (expires_at)",
            ]
        },
        Migration(version: 4, name: "keys") { _ in
            [
                """
                CREATE TABLE key_versions (
                    tenant TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    copies TEXT NOT NULL,
                    rotation_days INTEGER NOT NULL CHECK (rotation_days >= 1),
                    created_at TEXT NOT NULL,
                    retired_at TEXT,
                    destroyed_at TEXT,
                    PRIMARY KEY (tenant, owner, purpose, version))
                """,
                "CREATE INDEX key_versions_by_owner ON key_versions (tenant, owner)",
            ]
        },
        // The vault's values become envelopes under the tenant's vault key, with the key version beside them so a
        // rewrap finds what is behind. Values sealed the old way (a key derived from the server secret) cannot be
        // opened as envelopes; they are pseudonyms with a time to live of a day, and are dropped.
        Migration(version: 5, name: "vault-envelopes") { _ in
            [
                "DELETE FROM pseudonyms",
                "ALTER TABLE pseudonyms ADD COLUMN key_version INTEGER NOT NULL DEFAULT 1",
                "CREATE INDEX pseudonyms_by_key_version ON pseudonyms (tenant, key_version, token)",
            ]
        },
        // The audit log: one row per entry (its leaf hash stays when retention purges the record), and the signed
        // checkpoints. `subject_ref` is a keyed reference to the data subject of the entry's sealed personal facts.
        Migration(version: 6, name: "audit-log") { engine in
            let bytes = engine == .sqlite ? "BLOB" : "BYTEA"
            return [
                """
                CREATE TABLE audit_entries (
                    seq BIGINT PRIMARY KEY CHECK (seq >= 0),
                    leaf_hash \(bytes) NOT NULL,
                    record \(bytes),
                    kind TEXT NOT NULL,
                    request_id TEXT,
                    subject_ref TEXT,
                    classification TEXT,
                    recorded_at TEXT NOT NULL,
                    purged_at TEXT)
                """,
                "CREATE INDEX audit_entries_by_request ON audit_entries (request_id)",
                "CREATE INDEX audit_entries_by_subject ON audit_entries (subject_ref)",
                """
                CREATE TABLE audit_checkpoints (
                    size BIGINT PRIMARY KEY CHECK (size >= 0),
                    root \(bytes) NOT NULL,
                    note TEXT NOT NULL,
                    signed_at TEXT NOT NULL)
                """,
            ]
        },
        // How far each SIEM export has sent the log: the next entry to send. An export advances its row only after
        // its sink took the batch, so a crash sends a batch again rather than never.
        Migration(version: 7, name: "audit-exports") { _ in
            [
                """
                CREATE TABLE audit_exports (
                    name TEXT PRIMARY KEY,
                    next_seq BIGINT NOT NULL CHECK (next_seq >= 0),
                    updated_at TEXT NOT NULL)
                """,
            ]
        },
        // What the detections raised, one row per finding (its uid: rule, subject and start), with its lifecycle.
        // The detection service reads the audit log and keeps its place in audit_exports, as the SIEM exports do.
        Migration(version: 8, name: "detection-findings") { _ in
            [
                """
                CREATE TABLE detection_findings (
                    uid TEXT PRIMARY KEY,
                    rule_id TEXT NOT NULL,
                    severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
                    description TEXT NOT NULL,
                    subject_kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    tenant TEXT,
                    workload TEXT,
                    scope INTEGER,
                    first_seen TEXT NOT NULL,
                    last_seen TEXT NOT NULL,
                    event_count BIGINT NOT NULL,
                    event_id TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('new', 'acknowledged', 'resolved', 'suppressed')),
                    status_note TEXT,
                    status_at TEXT NOT NULL)
                """,
                "CREATE INDEX detection_findings_by_status ON detection_findings (status, severity)",
            ]
        },
        Migration(version: 9, name: "containments") { _ in
            [
                """
                CREATE TABLE containments (
                    id TEXT PRIMARY KEY,
                    measure TEXT NOT NULL,
                    target TEXT NOT NULL,
                    tenant TEXT,
                    requests_per_minute INTEGER,
                    reason TEXT NOT NULL,
                    finding_uid TEXT,
                    playbook TEXT,
                    imposed_at TEXT NOT NULL,
                    until_at TEXT,
                    lifted_at TEXT,
                    lifted_by TEXT,
                    lift_note TEXT)
                """,
                "CREATE INDEX containments_in_force ON containments (lifted_at, until_at)",
                // The credential a finding's raising event was made with, for a playbook that suspends it.
                "ALTER TABLE detection_findings ADD COLUMN credential TEXT",
            ]
        },
    ]
}
