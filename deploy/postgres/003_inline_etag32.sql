-- Hitl PostgreSQL schema (migration 3): hitl_etag32 without STRICT.
--
-- Migration 1 declared hitl_etag32 IMMUTABLE STRICT. PostgreSQL only inlines a
-- STRICT SQL function when it can prove that its body returns NULL for a NULL
-- argument, and it cannot prove that of a CASE expression. So every grain write
-- and read ran the function as a separate SQL-function call (parse, plan and a
-- small executor of its own, several times per statement): a sixth of the
-- database's CPU time in the `persist` benchmark.
--
-- Without STRICT the planner replaces each call by its CASE expression. The
-- result is the same for every input, NULL included: `NULL <= 0` is NULL, so the
-- ELSE branch runs and yields NULL, as STRICT did. CREATE OR REPLACE keeps the
-- function's identity, so nothing that refers to it changes; cached plans that
-- used the old definition are invalidated by PostgreSQL and planned again.
CREATE OR REPLACE FUNCTION hitl_etag32(counter bigint)
    RETURNS integer
    LANGUAGE sql
    IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN counter <= 0 THEN counter::integer
                ELSE (((counter - 1) % 2147483647) + 1)::integer
           END
$$;
