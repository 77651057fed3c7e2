package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPolicyTest {
  private final AddressPolicy strict = new AddressPolicy(false);
  private final AddressPolicy lenient = new AddressPolicy(true);

  @ParameterizedTest(name = "{0}: default {1}, with private allowed {2}")
  @CsvSource({
    "93.184.215.14, true, true",
    "2606:2800:21f:cb07:6820:80da:af6b:8b2c, true, true",
    "127.0.0.1, false, true",
    "127.8.9.10, false, true",
    "::1, false, true",
    "10.1.2.3, false, true",
    "172.16.0.1, false, true",
    "172.31.255.255, false, true",
    "172.32.0.1, true, true",
    "192.168.1.1, false, true",
    "100.64.0.1, false, true",
    "fd12:3456::1, false, true",
    "169.254.169.254, false, false",
    "169.254.0.1, false, false",
    "fe80::1, false, false",
    "fd00:ec2::254, false, false",
    "100.100.100.200, false, false",
    "0.0.0.0, false, false",
    "::, false, false",
    "::ffff:169.254.169.254, false, false",
    "::ffff:127.0.0.1, false, true",
    "64:ff9b::a9fe:a9fe, false, false",
    "2002:a9fe:a9fe::1, false, false",
    "224.0.0.1, false, false",
    "255.255.255.255, false, false",
  })
  void allows_address_byRange(String address, boolean byDefault, boolean withPrivate) {
    assertThat(strict.allows(address)).isEqualTo(byDefault);
    assertThat(lenient.allows(address)).isEqualTo(withPrivate);
  }

  @ParameterizedTest(name = "{0}: refused by name by default {1}, with private allowed {2}")
  @CsvSource({
    "example.com, false, false",
    "93.184.215.14, false, false",
    "10.0.0.1, false, false",
    "[::1], false, false",
    "127.1, true, true",
    "2130706433, true, true",
    "0x7f.0.0.1, true, true",
    "0x7f000001, true, true",
    "0177.0.0.1, true, true",
    "127.000.000.001, true, true",
    "127.0.0.1., true, true",
    "1.2.3.4.5, true, true",
    "localhost, true, false",
    "LocalHost., true, false",
    "img.localhost, true, false",
    "localhost.example.com, false, false",
  })
  void refusalByName_numericSpellingsAlwaysAndLocalhostByDefault(String host, boolean byDefault, boolean withPrivate) {
    assertThat(strict.refusalByName(host) != null).isEqualTo(byDefault);
    assertThat(lenient.refusalByName(host) != null).isEqualTo(withPrivate);
  }
}
