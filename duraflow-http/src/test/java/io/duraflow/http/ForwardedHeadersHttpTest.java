package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behind a TLS reverse proxy the check-status URIs point at the proxy, but only when that is switched on. */
class ForwardedHeadersHttpTest {
  @TempDir Path dir;

  private static HttpFixture.Response start(HttpFixture f, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(f.keyed("/api/orchestrators/Hello")))
        .POST(HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpFixture.Response r = f.send(request);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r;
  }

  @Test
  void trusted_xForwardedHeaders_andRfc7239Forwarded_makeTheUrisPublic() throws Exception {
    try (HttpFixture f = new HttpFixture(dir, o -> o.trustForwardedHeaders(true))) {
      HttpFixture.Response viaX = start(f, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "api.example.com",
          "X-Forwarded-Prefix", "/durable");
      assertThat(viaX.json().get("statusQueryGetUri").asText())
          .startsWith("https://api.example.com/durable/runtime/webhooks/durabletask/instances/");
      assertThat(viaX.raw().headers().firstValue("Location").orElseThrow())
          .startsWith("https://api.example.com/durable/runtime/webhooks/durabletask/instances/");

      HttpFixture.Response viaForwarded = start(f,
          "Forwarded", "for=192.0.2.60;proto=https;host=\"wf.example.org:8443\", for=10.0.0.1");
      assertThat(viaForwarded.json().get("sendEventPostUri").asText())
          .startsWith("https://wf.example.org:8443/runtime/webhooks/durabletask/instances/");

      // Values that could smuggle something into a URI are not used.
      HttpFixture.Response hostile = start(f, "X-Forwarded-Host", "evil.example/<script>", "X-Forwarded-Proto",
          "javascript", "X-Forwarded-Prefix", "/../x");
      assertThat(hostile.json().get("statusQueryGetUri").asText()).startsWith(f.base() + "/runtime/");
    }
  }

  @Test
  void untrusted_byDefault_forwardedHeadersAreIgnored() throws Exception {
    try (HttpFixture f = new HttpFixture(dir)) {
      HttpFixture.Response r = start(f, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "api.example.com");
      assertThat(r.json().get("statusQueryGetUri").asText()).startsWith(f.base() + "/runtime/");
    }
  }
}
