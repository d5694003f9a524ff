-- Hitl PostgreSQL schema (migration 2): the query texts the Orleans 10.4 AdoNet
-- providers load from OrleansQuery at start-up, written for the tables of 001.
--
-- Contract with the providers (what they bind and what they read back):
--   * parameters are bound by name (@DeploymentId, @ServiceId, ...) with types
--     inferred from the CLR values: strings as text, ints as integer, DateTime
--     (Kind=Utc) as timestamptz, byte[] as bytea;
--   * result columns are read by name, so every column is aliased to the exact,
--     quoted name the provider asks for;
--   * versions/ETags travel as 32-bit ints: every counter is returned and compared
--     through hitl_etag32 (see 001);
--   * a boolean answer is the first column of the first row.
-- Re-running this file replaces the texts (INSERT ... ON CONFLICT DO UPDATE).

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- ===========================================================================
-- Clustering (Microsoft.Orleans.Clustering.AdoNet)
-- ===========================================================================

-- Creates the cluster's version row; answers whether this call created it.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id, version)
    VALUES (@DeploymentId, 0)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created)
$q$),

-- Adds a silo, but only if the caller saw the current table version (@Version)
-- and the silo is not in the table yet. Bumping the version row serialises
-- concurrent writers: a second writer re-checks the version after the first
-- commits and finds it changed.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = @DeploymentId
       AND hitl_etag32(version) = @Version
       AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                        WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                          AND m.port = @Port AND m.generation = @Generation)
    RETURNING deployment_id
), added AS (
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status,
         proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
           @ProxyPort, @StartTime, @IAmAliveTime
      FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM added)
$q$),

-- Changes a silo's status and suspicions under the same version rule.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = @DeploymentId
       AND hitl_etag32(version) = @Version
       AND EXISTS (SELECT 1 FROM orleans_membership m
                    WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                      AND m.port = @Port AND m.generation = @Generation)
    RETURNING deployment_id
), changed AS (
    UPDATE orleans_membership m
       SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
      FROM bumped
     WHERE m.deployment_id = bumped.deployment_id AND m.address = @Address
       AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM changed)
$q$),

-- The liveness heartbeat: no version change (Orleans' rule for IAmAlive).
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId AND address = @Address
   AND port = @Port AND generation = @Generation
$q$),

-- One silo with the table version. The version row always yields one row, with
-- NULL silo columns when the silo is unknown (the provider tells them apart by
-- StartTime).
('MembershipReadRowKey', $q$
SELECT m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime",
       hitl_etag32(v.version) AS "Version"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m
         ON m.deployment_id = v.deployment_id AND m.address = @Address
        AND m.port = @Port AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
SELECT m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime",
       hitl_etag32(v.version) AS "Version"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId
$q$),

-- Gateways a client may connect to: active silos that listen for clients.
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
  FROM orleans_membership
 WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

-- Forgets the whole cluster (silo rows go with the version row).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Removes silos that are not active and have not been heard of since @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND i_am_alive_time < @IAmAliveTime
   AND status <> 3
$q$),

-- ===========================================================================
-- Grain storage (Microsoft.Orleans.Persistence.AdoNet)
-- ===========================================================================
-- The grain is identified by (@ServiceId, @GrainTypeString, @GrainIdN0,
-- @GrainIdN1, @GrainIdExtensionString); a missing extension is stored as ''.

('ReadFromStorageKey', $q$
SELECT payload_binary AS "PayloadBinary", hitl_etag32(version) AS "Version"
  FROM orleans_storage
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
$q$),

-- A write with no ETag is a first write: it inserts version 1, or answers no
-- row when the grain exists (the primary key makes a concurrent first write
-- lose). A write with an ETag replaces the payload only if the ETag is current.
-- Either way the answer is the new version, or nothing on a conflict.
('WriteToStorageKey', $q$
WITH replaced AS (
    UPDATE orleans_storage
       SET payload_binary = @PayloadBinary, version = version + 1, modified_on = now(),
           grain_id_hash = @GrainIdHash, grain_type_hash = @GrainTypeHash
     WHERE @GrainStateVersion IS NOT NULL
       AND service_id = @ServiceId AND grain_type = @GrainTypeString
       AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
       AND hitl_etag32(version) = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage
        (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension,
         grain_id_hash, grain_type_hash, payload_binary, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
           COALESCE(@GrainIdExtensionString, ''), @GrainIdHash, @GrainTypeHash,
           @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT hitl_etag32(version) AS "NewGrainStateVersion" FROM replaced
UNION ALL
SELECT hitl_etag32(version) FROM inserted
$q$),

-- Clearing keeps the row (and so the version line) with no payload. The answer is
-- the new version, or nothing when the ETag is stale.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_storage
       SET payload_binary = NULL, version = version + 1, modified_on = now()
     WHERE @GrainStateVersion IS NOT NULL
       AND service_id = @ServiceId AND grain_type = @GrainTypeString
       AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
       AND hitl_etag32(version) = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage
        (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension,
         grain_id_hash, grain_type_hash, payload_binary, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
           COALESCE(@GrainIdExtensionString, ''), @GrainIdHash, @GrainTypeHash, NULL, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT hitl_etag32(version) AS "NewGrainStateVersion" FROM cleared
UNION ALL
SELECT hitl_etag32(version) FROM inserted
$q$),

-- Used instead of ClearStorageKey when the provider is set to delete on clear.
-- The provider expects "old version + 1" back when the row is gone.
('DeleteStorageKey', $q$
DELETE FROM orleans_storage
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
   AND hitl_etag32(version) = @GrainStateVersion
RETURNING hitl_etag32(version + 1) AS "NewGrainStateVersion"
$q$),

-- ===========================================================================
-- Reminders (Microsoft.Orleans.Reminders.AdoNet)
-- ===========================================================================

('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", hitl_etag32(version) AS "Version"
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND grain_id = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", hitl_etag32(version) AS "Version"
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$q$),

-- A range of the ring that does not wrap (@BeginHash < @EndHash as signed ints).
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", hitl_etag32(version) AS "Version"
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$),

-- A range that wraps around the end of the ring.
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", hitl_etag32(version) AS "Version"
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),

('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders
    (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = EXCLUDED.start_time, period = EXCLUDED.period,
       grain_hash = EXCLUDED.grain_hash, version = orleans_reminders.version + 1
RETURNING hitl_etag32(version) AS "Version"
$q$),

('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM orleans_reminders
     WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
       AND hitl_etag32(version) = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM removed)
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
