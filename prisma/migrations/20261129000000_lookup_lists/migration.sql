-- Lists the query APIs read on every service pick, kept at ingest beside service_operations so that
-- reading them never scans spans.

-- Zipkin's remoteServices: the services each service called or was called by.
CREATE TABLE "remote_services" (
    "service_name" TEXT NOT NULL,
    "remote_service_name" TEXT NOT NULL,

    CONSTRAINT "remote_services_pkey" PRIMARY KEY ("service_name","remote_service_name")
);
INSERT INTO "remote_services"
SELECT DISTINCT "service_name", "remote_service_name" FROM "spans" WHERE "remote_service_name" IS NOT NULL;

-- Zipkin's autocompleteValues: the values seen for the configured tag keys
-- (TRACELIGHT_AUTOCOMPLETE_KEYS).
CREATE TABLE "autocomplete_values" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "autocomplete_values_pkey" PRIMARY KEY ("key","value")
);
