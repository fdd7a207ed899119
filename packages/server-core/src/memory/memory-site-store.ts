import type { Site, SiteStore } from '../interfaces/site-store.js';

/** Sites in a `Map`: for tests, examples and single-process relays that re-register on start. */
export class MemorySiteStore implements SiteStore {
  private readonly byKey = new Map<string, Site>();
  private readonly byId = new Map<string, Site>();

  getByKey(siteKey: string): Site | undefined {
    return this.byKey.get(siteKey);
  }

  getById(siteId: string): Site | undefined {
    return this.byId.get(siteId);
  }

  create(site: Site): void {
    if (this.byKey.has(site.site_key)) throw new Error('a site with this site_key exists');

    this.byKey.set(site.site_key, site);
    this.byId.set(site.site_id, site);
  }

  remove(siteKey: string): boolean {
    const site = this.byKey.get(siteKey);
    if (!site) return false;

    this.byKey.delete(siteKey);
    this.byId.delete(site.site_id);
    return true;
  }

  list(): Site[] {
    return [...this.byKey.values()];
  }
}
