-- 003_er_tier: the tier of the account an engagement rate was measured on.
-- A creator's tier (creators.tier) is its main account's; its engagement
-- rate may come from another platform's account, whose tier can differ.
-- The percentile of a rate ranks it among creators of the same platform and
-- tier as that account, so PeerRates groups by (er_platform, er_tier).
-- Rows written before this column existed fall back to creators.tier.
ALTER TABLE creators ADD COLUMN er_tier text;
