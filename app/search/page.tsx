import type { Metadata } from "next";
import { Suspense } from "react";
import { SearchPage } from "@/components/search/SearchPage";

export const metadata: Metadata = { title: "Search · Tracelight" };

/** The search runs in the browser from the URL's query string (components/search/SearchPage.tsx). */
export default function Search() {
  return (
    <Suspense>
      <SearchPage />
    </Suspense>
  );
}
