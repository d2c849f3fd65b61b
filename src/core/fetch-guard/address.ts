// Decides whether an IP address may be fetched from: only public unicast addresses pass.
// Used both on literal IP hosts in URLs and on every address DNS returns.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Plain words for ipaddr.js range names, for error messages. */
const rangeWords: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  unspecified: 'unspecified',
  carrierGradeNat: 'carrier-grade NAT (shared address space)',
  multicast: 'multicast',
  broadcast: 'broadcast',
  reserved: 'reserved',
  deprecatedSiteLocal: 'site-local',
};

/** Why an address is refused: the address as shown to the user and its kind in plain words. */
export interface AddressRefusal {
  shown: string;
  kind: string;
}

/**
 * Returns why `address` is refused, or null when it is a public unicast address.
 * Anything ipaddr.js cannot parse is refused too.
 */
export function refuseAddress(address: string): AddressRefusal | null {
  if (!ipaddr.isValid(address)) return { shown: address, kind: 'not a valid IP address' };
  const parsed = ipaddr.parse(address);
  // An IPv6 address that carries an IPv4 one (::ffff:127.0.0.1, or NAT64's 64:ff9b::/96) reaches
  // that IPv4 host, so the embedded address is what gets judged.
  const embedded = parsed.kind() === 'ipv6' ? embeddedIPv4(parsed as ipaddr.IPv6) : null;
  const range = (embedded ?? parsed).range();
  if (range === 'unicast') return null;
  return {
    shown: embedded ? `${address} (IPv4 ${embedded.toString()})` : address,
    kind: rangeWords[range] ?? `in the special-purpose range "${range}"`,
  };
}

/** The IPv4 address inside an IPv4-mapped or NAT64 (RFC 6052 well-known prefix) IPv6 address. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  const [a, b, c, d, e, f, g, h] = address.parts;
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0 && g !== undefined) {
    return new ipaddr.IPv4([g >> 8, g & 0xff, (h ?? 0) >> 8, (h ?? 0) & 0xff]);
  }
  return null;
}

/**
 * The IP address a URL hostname spells out literally (brackets removed), or null for a name.
 * Uses Node's own isIP because that is exactly what decides whether a socket skips DNS lookup,
 * i.e. whether the lookup-time check would be bypassed.
 */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? null : bare;
}
