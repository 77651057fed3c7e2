package io.duraflow.faces;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which IP addresses DetectFace may connect to (the SSRF guard).
 *
 * <ul>
 *   <li>Always refused: link-local (169.254.0.0/16, fe80::/10, which hold the cloud metadata services at
 *       169.254.169.254 and fd00:ec2::254's IPv4 twin), other well-known metadata addresses
 *       (100.100.100.200, fd00:ec2::254), "this network" 0.0.0.0/8 and ::, multicast and broadcast.
 *   <li>Refused unless {@code allowPrivate}: loopback (127.0.0.0/8, ::1), private (10/8, 172.16/12,
 *       192.168/16, fc00::/7, fec0::/10) and carrier-grade NAT (100.64.0.0/10) addresses.
 * </ul>
 *
 * IPv4-mapped and NAT64/6to4-style embeddings are judged by the IPv4 address inside them.
 *
 * <p>Before any lookup, two spellings are judged by name alone, so that no DNS query is sent for them and
 * the connection cannot read them differently from the check: a host whose last label is a number but
 * that is not a plain dotted quad ({@code 127.1}, {@code 2130706433}, {@code 0x7f.0.0.1}, {@code
 * 0177.0.0.1}, {@code 127.0.0.1.}) is refused always, because resolvers disagree about it (browsers read
 * {@code 0177} as octal 127, Java as decimal 177, {@code 0x7f} as a name to look up); and {@code
 * localhost}, {@code localhost.} and {@code *.localhost} are loopback (RFC 6761).
 */
public final class AddressPolicy {
  private final boolean allowPrivate;

  public AddressPolicy(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** Why {@code address} is refused, or null when it is allowed. */
  public String refusal(InetAddress address) {
    byte[] a = address.getAddress();
    if (address instanceof Inet6Address) {
      byte[] v4 = embeddedIpv4(a);
      if (v4 != null) {
        return refusalV4(v4);
      }
      return refusalV6(a);
    }
    return refusalV4(a);
  }

  private String refusalV4(byte[] a) {
    int b0 = a[0] & 0xFF;
    int b1 = a[1] & 0xFF;
    if (b0 == 169 && b1 == 254) {
      return "link-local address (cloud metadata range)";
    }
    if (b0 == 100 && b1 == 100 && (a[2] & 0xFF) == 100 && (a[3] & 0xFF) == 200) {
      return "cloud metadata address";
    }
    if (b0 == 0) {
      return "unspecified address";
    }
    if (b0 >= 224) {
      return "multicast or reserved address";
    }
    boolean priv = b0 == 127 || b0 == 10 || (b0 == 172 && (b1 & 0xF0) == 16) || (b0 == 192 && b1 == 168)
        || (b0 == 100 && (b1 & 0xC0) == 64);
    if (priv && !allowPrivate) {
      return (b0 == 127 ? "loopback" : "private") + " address (allow with --allow-private-urls)";
    }
    return null;
  }

  private String refusalV6(byte[] a) {
    int b0 = a[0] & 0xFF;
    int b1 = a[1] & 0xFF;
    if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
      return "link-local address";
    }
    if (b0 == 0xFF) {
      return "multicast address";
    }
    if (isZero(a, 0, 16)) {
      return "unspecified address";
    }
    if (b0 == 0xFD && b1 == 0x00 && (a[2] & 0xFF) == 0x0E && (a[3] & 0xFF) == 0xC2 && isZero(a, 4, 14)
        && (a[14] & 0xFF) == 0x02 && (a[15] & 0xFF) == 0x54) {
      return "cloud metadata address";
    }
    boolean loopback = isZero(a, 0, 15) && a[15] == 1;
    boolean priv = loopback || (b0 & 0xFE) == 0xFC || (b0 == 0xFE && (b1 & 0xC0) == 0xC0);
    if (priv && !allowPrivate) {
      return (loopback ? "loopback" : "private") + " address (allow with --allow-private-urls)";
    }
    return null;
  }

  /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible, NAT64 or 6to4 address. */
  private static byte[] embeddedIpv4(byte[] a) {
    if (isZero(a, 0, 10) && (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) {
      return new byte[] {a[12], a[13], a[14], a[15]};
    }
    if (isZero(a, 0, 12) && !(isZero(a, 12, 15) && (a[15] == 0 || a[15] == 1))) {
      return new byte[] {a[12], a[13], a[14], a[15]}; // deprecated IPv4-compatible ::a.b.c.d
    }
    if ((a[0] & 0xFF) == 0x00 && (a[1] & 0xFF) == 0x64 && (a[2] & 0xFF) == 0xFF && (a[3] & 0xFF) == 0x9B
        && isZero(a, 4, 12)) {
      return new byte[] {a[12], a[13], a[14], a[15]}; // NAT64 64:ff9b::/96
    }
    if ((a[0] & 0xFF) == 0x20 && (a[1] & 0xFF) == 0x02) {
      return new byte[] {a[2], a[3], a[4], a[5]}; // 6to4 2002::/16
    }
    return null;
  }

  private static boolean isZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Resolves {@code host} and checks every address it has: one refused address refuses the host, so a
   * name that resolves to both a public and a private address cannot be used to reach the private one.
   *
   * @throws FaceImageException.Refused when an address is refused
   * @throws FaceImageException.FetchFailed when the name does not resolve
   */
  public InetAddress[] check(String host, String source) {
    String byName = refusalByName(host);
    if (byName != null) {
      throw new FaceImageException.Refused(source, "refused to fetch from " + host + ": " + byName);
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new FaceImageException.FetchFailed(source, "unknown host " + host);
    }
    for (InetAddress address : addresses) {
      String why = refusal(address);
      if (why != null) {
        throw new FaceImageException.Refused(source, "refused to fetch from " + host + " ("
            + address.getHostAddress() + "): " + why);
      }
    }
    return addresses;
  }

  private static final Pattern DOTTED_QUAD =
      Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

  /** Why {@code host} is refused from its spelling alone, or null when it must be resolved and checked. */
  String refusalByName(String host) {
    if (host.indexOf(':') >= 0) {
      return null; // an IPv6 literal: InetAddress parses it without a lookup
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String last = name.substring(name.lastIndexOf('.') + 1);
    if (NUMERIC_LABEL.matcher(last).matches() && !DOTTED_QUAD.matcher(host).matches()) {
      return "an IP address must be written as four decimal numbers (like 192.0.2.1), without leading zeros";
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (!allowPrivate && (lower.equals("localhost") || lower.endsWith(".localhost"))) {
      return "loopback name (allow with --allow-private-urls)";
    }
    return null;
  }

  /** For tests and messages: the policy's verdict on a literal address. */
  boolean allows(String literal) {
    try {
      return refusal(InetAddress.getByName(literal)) == null;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
