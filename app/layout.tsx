import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/AppHeader";
import { Providers } from "@/components/shell/Providers";
import { scriptNonce } from "@/lib/access/security-headers";
import { themeInitScript } from "@/lib/theme/theme-choice";
import "./globals.css";

export const metadata: Metadata = {
  title: "Tracelight",
  description: "Distributed traces from Zipkin, Jaeger, OpenTelemetry and Datadog tracers, on PostgreSQL.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The request's nonce (lib/access/security-headers.ts); reading it renders every page per request.
  const nonce = scriptNonce((await headers()).get("content-security-policy"));
  return (
    // The inline script sets <html>'s `dark` class before paint, so the server's markup differs.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant of ours, no user input */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeInitScript }} />
      </head>
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <AppHeader />
          <main className="px-6 py-4">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
