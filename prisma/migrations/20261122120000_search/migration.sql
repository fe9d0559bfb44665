-- Trace search (the query APIs): what a search filters spans by, indexed.
--
-- search_terms holds every tag key and key=value of a span, from its attributes, resource, events,
-- scope and links, plus its event names (lib/search/terms.ts): a query's tags, wherever on one span
-- they are, are one containment test under a GIN index. Spans stored before this migration have
-- none, and are found by the other filters only.
ALTER TABLE "spans" ADD COLUMN "search_terms" TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX "spans_search_terms_idx" ON "spans" USING GIN ("search_terms");

-- Most searches name a service and a time window; the newest spans come first.
CREATE INDEX "spans_service_name_start_us_idx" ON "spans" ("service_name", "start_us" DESC);
