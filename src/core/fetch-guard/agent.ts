// The undici Agent every guarded fetch goes through. Its DNS lookup hook checks each resolved
// address right before the socket connects to it, so a name that resolves to a public address
// when first looked at and to 127.0.0.1 a moment later (DNS rebinding) is still refused.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { refuseAddress } from './address.ts';
import { AddressRefusedError } from './failure.ts';

export interface GuardedAgentOptions {
  /** True when a hostname skips the address check (allowPrivate, or on the operator allowlist). */
  isExempt(hostname: string): boolean;
}

export function createGuardedAgent(options: GuardedAgentOptions): Agent {
  return new Agent({
    // Net skips `lookup` for literal IP hosts; the guard checks those itself before connecting.
    connect: { lookup: createGuardedLookup(options.isExempt) },
    // Pooled connections are keyed by origin, and each was checked when it was opened, so reuse
    // never reaches an address that was not checked for that same host name.
    keepAliveTimeout: 4_000,
  });
}

/**
 * A drop-in for dns.lookup that refuses the whole name if any address it resolves to is
 * refused: a name mixing public and private records is not one we want to half-trust.
 */
export function createGuardedLookup(isExempt: (hostname: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '');
      if (!isExempt(hostname)) {
        for (const entry of addresses) {
          const refusal = refuseAddress(entry.address);
          if (refusal) return callback(new AddressRefusedError(hostname, refusal), '');
        }
      }
      const first = addresses[0];
      if (!first) {
        return callback(
          Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
          '',
        );
      }
      // Happy-eyeballs connects (autoSelectFamily) ask for every address; plain ones for one.
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}
