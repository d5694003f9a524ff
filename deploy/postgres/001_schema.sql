-- Hitl PostgreSQL schema (migration 1) for the Orleans 10.4.2 AdoNet providers:
-- Microsoft.Orleans.Clustering.AdoNet, Persistence.AdoNet and Reminders.AdoNet.
--
-- Written for PostgreSQL 15+ and Npgsql. Idempotent: every statement can run again
-- on a database that already has this schema (`hitl migrate` runs this file in one
-- transaction and then records version 1 in hitl_schema_version).
--
-- Naming: the providers hard-code `SELECT QueryKey, QueryText FROM OrleansQuery`
-- (unquoted, so PostgreSQL folds it to orleansquery/querykey/querytext); that table
-- is therefore created unquoted. Every other table is only touched by the query
-- texts in 002_queries.sql, so it uses ordinary snake_case names. The query texts
-- alias their result columns to the exact names the providers read.
--
-- Time columns are timestamptz: Npgsql (6+) binds the providers' DateTime
-- parameters (DbType.DateTime, Kind=Utc) as timestamptz and reads timestamptz back
-- as Kind=Utc, so no session-time-zone conversion ever happens.

-- ---------------------------------------------------------------------------
-- Bookkeeping
-- ---------------------------------------------------------------------------

-- hitl_schema_version (version, name, applied_at) is created and filled by the
-- migrator itself, before this file runs.

-- Query texts the providers load at start-up (keys are looked up with Single(),
-- so each key must exist exactly once; the primary key guarantees "at most once").
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (QueryKey)
);

-- ---------------------------------------------------------------------------
-- Version numbers handed to the providers
-- ---------------------------------------------------------------------------
-- Every version in this schema is decided by the database and stored as bigint,
-- so incrementing it can never fail with "integer out of range" (a hot grain that
-- is written 1,000 times a second would exhaust an int column in under 25 days and
-- then could never be written again).
--
-- The 10.4.2 providers, however, handle versions as 32-bit ints:
--   * grain storage reads "Version"/"NewGrainStateVersion" with Convert.ToInt32
--     and sends the ETag back as @GrainStateVersion via int.Parse (DbType.Int32);
--   * clustering and reminders read "Version" with Convert.ToInt32 and send
--     @Version via int.Parse (DbType.Int32); clustering additionally ignores an
--     etag that is not a canonical int string.
-- Returning the raw bigint would make Convert.ToInt32 throw OverflowException
-- once a counter passes 2147483647. So the queries never return the raw counter:
-- they return hitl_etag32(counter), and they compare the provider's @Version /
-- @GrainStateVersion against hitl_etag32(counter) as well.
--
-- hitl_etag32 is the identity for 0 .. 2147483647 (so ordinary values look exactly
-- like the usual 1, 2, 3 ... ETags), and wraps 2147483648 -> 1 afterwards, never
-- producing a negative value. A stale ETag could only match again after exactly
-- 2147483647 intervening writes, which cannot happen between one read and the next
-- write of a single activation. The membership table version also uses it; there
-- it is the identity for any realistic cluster lifetime.
-- Migration 3 (003_inline_etag32.sql) redefines it without STRICT, so that it is inlined.
CREATE OR REPLACE FUNCTION hitl_etag32(counter bigint)
    RETURNS integer
    LANGUAGE sql
    IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE WHEN counter <= 0 THEN counter::integer
                ELSE (((counter - 1) % 2147483647) + 1)::integer
           END
$$;

-- ---------------------------------------------------------------------------
-- Clustering (membership)
-- ---------------------------------------------------------------------------

-- One row per cluster (the provider calls the cluster id "DeploymentId"). Its
-- version is the membership table version: every membership insert/update must
-- bump it, which serialises concurrent membership writers on this row.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id varchar(150) NOT NULL,
    version       bigint       NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pk PRIMARY KEY (deployment_id)
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id  varchar(150) NOT NULL,
    address        varchar(45)  NOT NULL,   -- IPv4/IPv6 text as IPAddress.ToString()
    port           integer      NOT NULL,
    generation     integer      NOT NULL,
    silo_name      varchar(150) NOT NULL,
    host_name      varchar(150) NOT NULL,
    status         integer      NOT NULL,   -- Orleans SiloStatus (3 = Active, 6 = Dead)
    proxy_port     integer      NOT NULL DEFAULT 0,
    suspect_times  text         NULL,       -- "silo,date|silo,date" as the provider formats it
    start_time     timestamptz  NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pk PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT orleans_membership_version_fk FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

-- ---------------------------------------------------------------------------
-- Grain storage
-- ---------------------------------------------------------------------------
-- The provider binds the grain key as @GrainIdN0/@GrainIdN1 (bigint halves of a
-- Guid key, or 0/long key) plus @GrainIdExtensionString (key extension, or the
-- whole key for string-keyed grains; NULL when there is none), and the storage
-- name as @GrainTypeString. NOTE: in Orleans 7+ that "grain type" argument is the
-- *state name* of IGrainStorage.Read/Write/ClearStateAsync; the grain's own type
-- is not sent to the database at all. Hitl therefore hands the provider a state
-- name that already contains the grain type ("<grain type>/<state name>", done by
-- the silo's storage wiring), and the unique key below includes that value, so two
-- grain types with the same key and state name land in different rows.
CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id         varchar(150) NOT NULL,
    grain_type         text         NOT NULL,  -- @GrainTypeString: "<grain type>/<state name>"
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_id_extension text         NOT NULL,  -- '' when the key has no extension
    grain_id_hash      integer      NOT NULL,  -- @GrainIdHash (informational)
    grain_type_hash    integer      NOT NULL,  -- @GrainTypeHash (informational)
    payload_binary     bytea        NULL,      -- NULL after ClearState (row kept, version kept)
    version            bigint       NOT NULL,  -- decided by the database: 1 on insert, +1 per write/clear
    modified_on        timestamptz  NOT NULL DEFAULT now(),
    -- The grain's identity is the primary key, so two concurrent first writes of the
    -- same grain collide here: the second INSERT ... ON CONFLICT DO NOTHING returns no
    -- row and the provider reports an InconsistentStateException (ETag conflict).
    -- The extension is stored as '' rather than NULL so the key is a plain btree
    -- equality lookup.
    CONSTRAINT orleans_storage_pk PRIMARY KEY
        (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- ---------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    varchar(150) NOT NULL,
    grain_id      text         NOT NULL,   -- GrainId.ToString(); parsed back with GrainId.Parse
    reminder_name text         NOT NULL,
    start_time    timestamptz  NOT NULL,
    period        bigint       NOT NULL,   -- milliseconds; the provider sends int or bigint
    grain_hash    integer      NOT NULL,   -- (int)GrainId.GetUniformHashCode(), signed
    version       bigint       NOT NULL,   -- decided by the database: 1 on insert, +1 per upsert
    CONSTRAINT orleans_reminders_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range reads (ReadRangeRows1Key / ReadRangeRows2Key) filter by service and hash.
CREATE INDEX IF NOT EXISTS orleans_reminders_hash_ix
    ON orleans_reminders (service_id, grain_hash);
