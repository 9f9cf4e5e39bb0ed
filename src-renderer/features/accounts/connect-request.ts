import type { Platform } from '../../../src-shared/platforms/platform';

/** "Reconnect" on an account: open that platform's form, filled in with what is known. */
export interface ConnectRequest {
  platform: Platform;
  server?: string;
  handle?: string;
  /** New for every request, so asking twice opens the form afresh. */
  id: number;
}

export interface ConnectFormProps {
  workspaceId: string;
  /** Set when the form opened for a reconnect: its values, and focus goes into the form. */
  prefill?: ConnectRequest;
}
