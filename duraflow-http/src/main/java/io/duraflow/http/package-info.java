/**
 * The Durable Functions compatible HTTP API: {@link io.duraflow.http.DurableHttpServer} with its {@link
 * io.duraflow.http.HttpServerOptions}, and {@link io.duraflow.http.MasterKey}.
 *
 * <p>Routes are small classes by job ({@code StarterRoutes}, {@code InstanceQueryRoutes}, {@code
 * InstanceControlRoutes}, {@code PurgeRoutes}, {@code ServiceRoutes}); every error answer is chosen in
 * {@code ErrorResponses}. A request goes through:
 *
 * <pre>
 *   Jetty --(bad request line/headers)--> JsonErrorHandler: 400/431 JSON
 *     |
 *   Javalin route --(no match)--> 404 JSON
 *     |
 *   key check (code / x-functions-key, or the dashboard's session cookie) --(missing or wrong)--> 401
 *     |                                 (cookie, POST/DELETE, no X-CSRF-Token) --> 403
 *     |
 *   route: parse query (lenient) and body (size limit, JSON) --> DurableClient
 *     |                                        |
 *   success answer (202/200)           exception --> ErrorResponses (one mapping per operation)
 * </pre>
 *
 * <p>The dashboard ({@code DashboardAssets}: static files from {@code dashboard/} next to these classes)
 * logs in through {@code SessionRoutes}, which exchange the master key for a signed, stateless session
 * cookie ({@code DashboardSession}), and then calls the same routes as every client.
 *
 * <p>docs/http-api.md documents the API for users; {@code openapi.json} next to these classes is served at
 * {@code /openapi.json}.
 */
package io.duraflow.http;
