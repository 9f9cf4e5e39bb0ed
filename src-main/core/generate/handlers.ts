import type { aiContract } from '../../../src-shared/contract/ai';
import type { HandlerImpls } from '../dispatch';
import type { Clock } from '../platform/clock';
import type { GenerationHistory } from './history';
import type { AiProviders } from './providers';
import type { Studio } from './studio';

export function aiHandlers(providers: AiProviders, studio: Studio, history: GenerationHistory, clock: Clock): Pick<HandlerImpls, keyof typeof aiContract> {
  return {
    'ai.getSettings': ({ workspaceId }) => providers.settings(workspaceId),
    'ai.updateSettings': ({ workspaceId, ...patch }) => providers.updateSettings(workspaceId, patch),
    'ai.listProviders': ({ workspaceId }) => providers.list(workspaceId),
    'ai.saveProvider': ({ workspaceId, timeoutSeconds, ...input }) =>
      providers.add(workspaceId, { ...input, ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}) }),
    'ai.removeProvider': ({ workspaceId, provider }) => providers.remove(workspaceId, provider),
    'ai.testProvider': ({ workspaceId, provider }) => providers.test(workspaceId, provider),
    'studio.generateText': ({ workspaceId, ...input }) => studio.generateText(workspaceId, input),
    'studio.textAction': ({ workspaceId, ...input }) => studio.textAction(workspaceId, input),
    'studio.previewText': ({ workspaceId, ...input }) => studio.previewText(workspaceId, input),
    'studio.generateImage': ({ workspaceId, ...input }) => studio.generateImage(workspaceId, input),
    'studio.editImage': ({ workspaceId, ...input }) => studio.editImage(workspaceId, input),
    'studio.generateSpeech': ({ workspaceId, ...input }) => studio.generateSpeech(workspaceId, input),
    'studio.generateVideo': ({ workspaceId, ...input }) => studio.generateVideo(workspaceId, input),
    'studio.transcribe': ({ workspaceId, ...input }) => studio.transcribe(workspaceId, input),
    'studio.cancel': ({ workspaceId, generationId }) => studio.cancel(workspaceId, generationId),
    'studio.history': ({ workspaceId, ...opts }) => studio.list(workspaceId, opts),
    'studio.get': ({ workspaceId, generationId }) => studio.get(workspaceId, generationId),
    'studio.rerun': ({ workspaceId, generationId }) => studio.rerun(workspaceId, generationId),
    'studio.usage': ({ workspaceId }) => history.usage(workspaceId, clock.now(), providers.settings(workspaceId).monthlyCapUsd),
  };
}
