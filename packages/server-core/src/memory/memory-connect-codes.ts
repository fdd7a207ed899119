import type { ConnectCodes, ConnectGrant } from '../interfaces/connect-codes.js';

/** Connect codes in a `Map`; expired ones are void and swept when a code is put. */
export class MemoryConnectCodes implements ConnectCodes {
  private readonly grants = new Map<string, ConnectGrant>();

  constructor(private readonly now: () => number = Date.now) {}

  put(code: string, grant: ConnectGrant): void {
    const now = this.now();
    for (const [key, value] of this.grants) if (value.expires_at <= now) this.grants.delete(key);
    this.grants.set(code, grant);
  }

  take(code: string): ConnectGrant | undefined {
    const grant = this.grants.get(code);
    this.grants.delete(code);
    if (!grant || grant.expires_at <= this.now()) return undefined;
    return grant;
  }
}
