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
 *   key check (code / x-functions-key) --(missing or wrong)--> 401
 *     |
 *   route: parse query (lenient) and body (size limit, JSON) --> DurableClient
 *     |                                        |
 *   success answer (202/200)           exception --> ErrorResponses (one mapping per operation)
 * </pre>
 *
 * <p>docs/http-api.md documents the API for users; {@code openapi.json} next to these classes is served at
 * {@code /openapi.json}.
 */
package io.duraflow.http;
