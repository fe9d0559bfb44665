import type { Metadata } from "next";
import { Suspense } from "react";
import { DependenciesPage } from "@/components/dependencies/DependenciesPage";

export const metadata: Metadata = { title: "Dependencies · Tracelight" };

/** The graph is read in the browser for the URL's time range (components/dependencies/DependenciesPage.tsx). */
export default function Dependencies() {
  return (
    <Suspense>
      <DependenciesPage />
    </Suspense>
  );
}
