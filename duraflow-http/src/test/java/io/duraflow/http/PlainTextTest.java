package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {
  @Test
  void withoutJavaNames_converterMessage_namesJsonKindsInstead() {
    String cleaned = PlainText.withoutJavaNames("Cannot read JSON as [Ljava.lang.String;: Cannot deserialize value of type"
        + " `java.lang.String[]` from Object value (token `JsonToken.START_OBJECT`)");

    assertThat(cleaned).isEqualTo("Cannot read JSON as array: Cannot deserialize value of type array from Object value"
        + " (token start object)");
  }

  @Test
  void withoutJavaNames_jacksonSourceAndFeatureHints_removed() {
    String cleaned = PlainText.withoutJavaNames("Unexpected end-of-input: expected close marker for Array (start marker at"
        + " [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])");
    String hint = PlainText.withoutJavaNames("Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow");

    assertThat(cleaned).isEqualTo("Unexpected end-of-input: expected close marker for Array (start marker at line 1, column 1)");
    assertThat(hint).isEqualTo("Non-standard token 'NaN'");
  }

  @Test
  void withoutJavaNames_exceptionPrefixAndQualifiedNames_removed() {
    assertThat(PlainText.withoutJavaNames("java.lang.IllegalStateException: io.duraflow.Foo broke"))
        .doesNotContainPattern(HostileInputHttpTest.JAVA_NAME).endsWith("broke");
  }

  @Test
  void withoutJavaNames_longText_cutBeforeCleaning() {
    String cleaned = PlainText.withoutJavaNames("a.".repeat(500_000));

    assertThat(cleaned).hasSizeLessThanOrEqualTo(PlainText.MAX_MESSAGE_LENGTH + 3);
  }

  @Test
  void safePath_dropsQueryAndControlCharacters() {
    assertThat(PlainText.safePath("/api/orchestrators/%?code=secret")).isEqualTo("/api/orchestrators/%");
    assertThat(PlainText.safePath("/a\u0000b\nc")).isEqualTo("/a?b?c");
    assertThat(PlainText.redact("GET /x?code=k3y", "k3y")).isEqualTo("GET /x?code=[redacted]");
  }
}
