package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringTest {

  @Test
  void parse_encodedValues_decoded() {
    QueryString q = QueryString.parse("reason=no%20longer%20needed&taskHub=Hub&code=a%2Bb");

    assertThat(q.first("reason")).isEqualTo("no longer needed");
    assertThat(q.first("code")).isEqualTo("a+b");
  }

  @Test
  void parse_unencodedValues_keptAsTheyCame() {
    QueryString q = QueryString.parse("reason=100% done+{text}&x=%e2%82%ac%");

    assertThat(q.first("reason")).isEqualTo("100% done {text}");
    assertThat(q.first("x")).isEqualTo("\u20ac%");
  }

  @Test
  void parse_namesCaseInsensitive_repeatedValuesKept() {
    QueryString q = QueryString.parse("runtimeStatus=Running&RUNTIMESTATUS=Failed,Completed&flag");

    assertThat(q.all("runtimestatus")).containsExactly("Running", "Failed,Completed");
    assertThat(q.first("flag")).isEmpty();
    assertThat(q.first("missing")).isNull();
  }
}
