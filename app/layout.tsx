import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { DatabaseStatus } from "@/components/DatabaseStatus";
import { Providers } from "@/components/Providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Tracelight",
  description: "Distributed traces from Zipkin, Jaeger, OpenTelemetry and Datadog tracers, on PostgreSQL.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <header className="flex items-center gap-6 border-b border-slate-200 px-6 py-3 dark:border-slate-800">
            <Link href="/" className="font-semibold tracking-tight">
              Tracelight
            </Link>
            <nav className="flex gap-4 text-sm text-slate-600 dark:text-slate-400">
              <Link href="/">Recent traces</Link>
            </nav>
            <div className="ml-auto">
              <DatabaseStatus />
            </div>
          </header>
          <main className="px-6 py-4">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
