import { useEffect, useState } from 'react';
import type { QueueSchedule } from '../../../src-shared/domain';
import type { Api } from '../../api/client';
import { errorMessage } from '../../api/error-message';

export type QueueAnswer = { state: 'loading' } | { state: 'ok'; queue: QueueSchedule } | { state: 'failed'; message: string };

const NONE: Record<string, QueueAnswer> = {};

/** Each chosen account's queue and its next free slot, asked for only while "Next free queue slot" is chosen. */
export function useQueueSlots(api: Api, workspaceId: string, accountIds: readonly string[], enabled: boolean): Record<string, QueueAnswer> {
  const [answers, setAnswers] = useState<Record<string, QueueAnswer>>({});
  const key = enabled ? [...accountIds].sort().join(',') : '';

  useEffect(() => {
    if (!key) return undefined;
    let live = true;
    const ids = key.split(',');
    setAnswers(Object.fromEntries(ids.map((id) => [id, { state: 'loading' } as QueueAnswer])));
    for (const accountId of ids) {
      api.call('queue.get', { workspaceId, accountId }).then(
        (queue) => live && setAnswers((a) => ({ ...a, [accountId]: { state: 'ok', queue } })),
        (failure: unknown) => live && setAnswers((a) => ({ ...a, [accountId]: { state: 'failed', message: errorMessage(failure) } })),
      );
    }
    return () => {
      live = false;
    };
  }, [api, workspaceId, key]);

  return key ? answers : NONE;
}
