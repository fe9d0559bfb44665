-- The service dependency graph, derived from whole traces (lib/analysis/links.ts) a few seconds
-- after their spans stop arriving (lib/db/links.ts), so spans of one trace sent in several requests
-- still make the right links, each counted once.

-- Traces to derive links from once `due_us` has passed; ingest pushes it back while spans arrive.
CREATE TABLE "link_queue" (
    "trace_id" TEXT NOT NULL,
    "due_us" BIGINT NOT NULL,

    CONSTRAINT "link_queue_pkey" PRIMARY KEY ("trace_id")
);
CREATE INDEX "link_queue_due_us_idx" ON "link_queue" ("due_us");

-- What each trace added to the graph, so that deriving it again replaces its share instead of
-- adding to it: calls and errors per link, UTC hour of the call and log-scale duration bucket.
CREATE TABLE "trace_links" (
    "trace_id" TEXT NOT NULL,
    "parent" TEXT NOT NULL,
    "child" TEXT NOT NULL,
    "hour_us" BIGINT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,

    CONSTRAINT "trace_links_pkey" PRIMARY KEY ("trace_id","parent","child","hour_us","bucket")
);
CREATE INDEX "trace_links_hour_us_idx" ON "trace_links" ("hour_us");

-- The graph: the sum of every trace's share per hour, read in O(links × hours × buckets).
CREATE TABLE "dependency_links" (
    "hour_us" BIGINT NOT NULL,
    "parent" TEXT NOT NULL,
    "child" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,

    CONSTRAINT "dependency_links_pkey" PRIMARY KEY ("hour_us","parent","child","bucket")
);

-- What each node of the graph is: an instrumented service, or a database, queue or other peer
-- named from a client's attributes.
CREATE TABLE "graph_nodes" (
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "graph_nodes_pkey" PRIMARY KEY ("name")
);

-- Traces stored before this migration get their links too.
INSERT INTO "link_queue" SELECT "trace_id", 0 FROM "traces";
