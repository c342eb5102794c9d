-- 012_idempotency: Idempotency-Key records (creatormatch.IdempotencyStore),
-- shared by every API replica using the database, so a retried write is
-- answered from the first response whichever replica it reaches, and after
-- any of them crashed.
--
-- A row is claimed in progress (complete false) by one request, identified
-- by token, until locked_until: a claimer that crashes never completes nor
-- releases its row, and the lease lets the next retry claim it again after
-- that. Claiming is one INSERT ... ON CONFLICT DO UPDATE ... WHERE the
-- stored row is expired or its lease lapsed, so two replicas racing for a
-- key cannot both win. A completed row keeps the response (status,
-- content_type, body) until expires_at (created_at + 24 h); expired rows are
-- replaced by the next claim of their key or deleted in bounded batches
-- through expires_at's index.
CREATE TABLE idempotency_keys (
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    token        text NOT NULL,
    complete     boolean NOT NULL DEFAULT false,
    status       integer NOT NULL DEFAULT 0,
    content_type text NOT NULL DEFAULT '',
    body         bytea,
    created_at   timestamptz NOT NULL,
    locked_until timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);

---- create above / drop below ----

DROP TABLE IF EXISTS idempotency_keys;
