import apiFetch from '@wordpress/api-fetch';

/** `window.wpSignalAdmin`, printed by includes/Admin/Admin_App.php. */
export interface AdminConfig {
  pageUrl: string;
  siteUrl: string;
  siteName: string;
  postTypes: { name: string; label: string }[];
}

declare global {
  interface Window {
    wpSignalAdmin?: AdminConfig;
  }
}

export const adminConfig: AdminConfig = {
  pageUrl: '',
  siteUrl: '',
  siteName: '',
  postTypes: [],
  ...window.wpSignalAdmin,
};

/** `GET /wpsignal/v1/connection`. */
export interface ConnectionStatus {
  connected: boolean;
  relay_url: string;
  site_key: string;
  site_id: string;
  constants: boolean;
  encryption: number;
}

/** A custom trigger row of `/wpsignal/v1/triggers`. */
export interface TriggerRow {
  id?: string;
  type: 'post_type' | 'option' | 'hook';
  target: string;
  priority: number;
  args: number[];
  channel: string;
  event: string;
  read: string;
  enabled: boolean;
}

/** `GET /wpsignal/v1/admin/settings`. */
export interface Settings {
  collaboration: boolean;
  collaboration_status: 'active' | 'disabled' | 'not_connected' | 'no_engine';
  /** Whether collaboration rooms are encrypted so that the relay cannot read them. */
  relay_blind: boolean;
}

/** The settings a save changes; those left out stay as they are. */
export type SettingsChange = Partial<Pick<Settings, 'collaboration' | 'relay_blind'>>;

/** `GET /wpsignal/v1/admin/overview`. */
export interface Overview {
  triggers: {
    event: string;
    channel: string;
    hooks: { hook: string; priority: number; args: number }[];
  }[];
  grants: { prefix: string; read: string; publish: string }[];
}

/** `GET /wpsignal/v1/admin/health`. */
export interface Health {
  ok: boolean;
  status: number;
  ms: number;
  message: string;
}

const base = '/wpsignal/v1';

function get<T>(path: string): Promise<T> {
  return apiFetch<T>({ path: `${base}${path}` });
}

function send<T>(path: string, method: string, data?: unknown): Promise<T> {
  return apiFetch<T>({ path: `${base}${path}`, method, data });
}

export const api = {
  connection: () => get<ConnectionStatus>('/connection'),
  connectManual: (relayUrl: string, apiKey: string) =>
    send<ConnectionStatus>('/connection/manual', 'POST', { relay_url: relayUrl, api_key: apiKey }),
  connectStart: (relayUrl: string) =>
    send<{ authorize_url: string }>('/connection/start', 'POST', { relay_url: relayUrl }),
  disconnect: (force = false) =>
    send<ConnectionStatus>('/connection/disconnect', 'POST', { force }),
  triggers: () => get<TriggerRow[]>('/triggers'),
  createTrigger: (row: TriggerRow) => send<TriggerRow>('/triggers', 'POST', row),
  updateTrigger: (id: string, row: TriggerRow) => send<TriggerRow>(`/triggers/${id}`, 'PUT', row),
  deleteTrigger: (id: string) => send<unknown>(`/triggers/${id}`, 'DELETE'),
  settings: () => get<Settings>('/admin/settings'),
  saveSettings: (change: SettingsChange) => send<Settings>('/admin/settings', 'POST', change),
  overview: () => get<Overview>('/admin/overview'),
  health: () => get<Health>('/admin/health'),
  publish: (channel: string, event: string, data: unknown) =>
    send<{ queued: boolean }>('/admin/publish', 'POST', { channel, event, data }),
  token: (channels: string[]) =>
    send<{ token: string; expires_at: number; channels: string[] }>('/token', 'POST', { channels }),
};

/** The message of an error apiFetch rejected with (a WP_Error body, or a network failure). */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
