import { useConnection } from './session-context';

/** Browser mode only: says so while the link to `promogpt serve` is down and being retried. */
export function ConnectionBanner() {
  const connected = useConnection((s) => s.connected);
  return (
    <div className="connection-banner" role="status" data-visible={!connected}>
      {connected ? null : 'Reconnecting to PromoGPT…'}
    </div>
  );
}
