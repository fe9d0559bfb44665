/**
 * The services of the benchmark's imaginary shop: who calls whom (acyclic, from the frontend down),
 * the four HTTP routes each serves and the table it queries, so 12 services and 60 span names.
 */
export interface ZipkinEndpoint {
  serviceName?: string;
  ipv4: string;
  port: number;
}

export interface Service {
  name: string;
  endpoint: ZipkinEndpoint;
  routes: string[];
  table: string;
  calls: string[];
}

/** The one PostgreSQL that every service's queries go to: the remote end of their db spans. */
export const DATABASE: ZipkinEndpoint = { serviceName: "postgres", ipv4: "10.0.9.1", port: 5432 };

type ServiceSpec = Omit<Service, "endpoint">;

const SPECS: ServiceSpec[] = [
  {
    name: "frontend",
    table: "sessions",
    calls: ["api-gateway"],
    routes: ["GET /", "GET /product/{id}", "GET /cart", "POST /checkout"],
  },
  {
    name: "api-gateway",
    table: "rate_limits",
    calls: ["auth", "users", "catalog", "cart", "checkout", "search"],
    routes: ["GET /api/products", "GET /api/products/{id}", "POST /api/cart/items", "POST /api/orders"],
  },
  {
    name: "auth",
    table: "tokens",
    calls: ["users"],
    routes: ["POST /token", "GET /token/verify", "POST /token/refresh", "DELETE /token"],
  },
  {
    name: "users",
    table: "users",
    calls: [],
    routes: ["GET /users/{id}", "PUT /users/{id}", "GET /users/{id}/prefs", "POST /users"],
  },
  {
    name: "catalog",
    table: "products",
    calls: ["inventory", "search"],
    routes: ["GET /products", "GET /products/{id}", "GET /categories", "GET /products/{id}/related"],
  },
  {
    name: "search",
    table: "search_terms",
    calls: [],
    routes: ["GET /search", "GET /suggest", "POST /index", "GET /facets"],
  },
  {
    name: "cart",
    table: "carts",
    calls: ["catalog", "inventory"],
    routes: ["GET /carts/{id}", "POST /carts/{id}/items", "DELETE /carts/{id}/items", "PUT /carts/{id}"],
  },
  {
    name: "checkout",
    table: "orders",
    calls: ["payments", "inventory", "shipping", "notifications", "cart"],
    routes: ["POST /orders", "GET /orders/{id}", "POST /orders/{id}/confirm", "POST /orders/{id}/cancel"],
  },
  {
    name: "payments",
    table: "charges",
    calls: ["notifications"],
    routes: ["POST /charges", "GET /charges/{id}", "POST /refunds", "POST /charges/{id}/capture"],
  },
  {
    name: "inventory",
    table: "stock",
    calls: [],
    routes: ["GET /stock/{id}", "POST /reservations", "DELETE /reservations/{id}", "GET /stock"],
  },
  {
    name: "shipping",
    table: "shipments",
    calls: ["notifications"],
    routes: ["POST /quotes", "POST /shipments", "GET /shipments/{id}", "GET /carriers"],
  },
  {
    name: "notifications",
    table: "outbox",
    calls: [],
    routes: ["POST /emails", "POST /sms", "POST /push", "GET /templates/{id}"],
  },
];
export const SERVICES: Service[] = SPECS.map((spec, i) => ({
  ...spec,
  endpoint: { serviceName: spec.name, ipv4: `10.0.1.${10 + i}`, port: 8080 + i },
}));
export const SERVICES_BY_NAME = new Map(SERVICES.map((service) => [service.name, service]));
