import type { Metadata } from "next";
import { Suspense } from "react";
import { ServicesPage } from "@/components/services/ServicesPage";

export const metadata: Metadata = { title: "Services · Tracelight" };

/** The metrics are read in the browser for the URL's time range (components/services/ServicesPage.tsx). */
export default function Services() {
  return (
    <Suspense>
      <ServicesPage />
    </Suspense>
  );
}
