-- 004_api_keys: API keys. The secret is never stored: hash is the hex
-- SHA-256 of it (creatormatch.HashAPIKey), unique so a lookup by hash is one
-- index probe and finds at most one key; prefix is the secret's first
-- characters, to tell keys apart in listings. revoked_at is NULL while the
-- key is active and, once set, never changes (RevokeAPIKey keeps the first
-- revocation time).
CREATE TABLE api_keys (
    id         text PRIMARY KEY,
    name       text NOT NULL DEFAULT '',
    prefix     text NOT NULL DEFAULT '',
    hash       text NOT NULL UNIQUE,
    scopes     text[] NOT NULL
               CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'admin']),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

---- create above / drop below ----

DROP TABLE IF EXISTS api_keys;
