-- Per-principal request-rate buckets shared by every API server on this
-- database (store/postgres RateLimit): one row per principal holding its
-- theoretical arrival time (GCRA), updated by one statement per request
-- against the database's clock, so replicas admit together what one
-- server would.
CREATE TABLE rate_limits (
    principal text PRIMARY KEY,
    tat timestamptz NOT NULL
);

---- create above / drop below ----

DROP TABLE rate_limits;
