// Liveness of the web server itself (the API has its own /healthz and /readyz).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
