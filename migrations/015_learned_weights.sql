-- 015_learned_weights: each workspace's learned matcher weights, versioned
-- per goal (creatormatch.WeightStore). A version is served, rejected (its
-- offline replay showed a loss) or a reset to the goal's preset (no
-- weights). Versions count from 1 per (workspace, goal); the store takes
-- the next one under a transaction-scoped advisory lock. replay holds the
-- figures the version was gated on (creatormatch.WeightReplay as JSON).
CREATE TABLE learned_weights (
    workspace  text NOT NULL,
    goal       text NOT NULL,
    version    bigint NOT NULL CHECK (version >= 1),
    status     text NOT NULL CHECK (status IN ('served', 'rejected', 'reset')),
    weights    jsonb NOT NULL DEFAULT '{}',
    trained_at timestamptz NOT NULL,
    events     integer NOT NULL DEFAULT 0,
    replay     jsonb,
    PRIMARY KEY (workspace, goal, version)
);

---- create above / drop below ----

DROP TABLE IF EXISTS learned_weights;
