import { eq } from 'drizzle-orm';
import { readBrandVoice, type AiProvider, type AiSettings, type BrandVoice, type ConnectionTest } from '../../../src-shared/ai';
import { AppError } from '../../../src-shared/errors';
import { aiProviders } from '../db/schema/ai';
import { workspaceSettings } from '../db/schema/workspace';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import type { SecretStore } from '../platform/secrets';
import type { Workspaces } from '../workspace/workspaces';
import { isLoopbackUrl, localOnlyRefusal, parseBaseUrl } from './local-only';
import { openAiProvider, type Provider } from './provider';

const log = createLogger('ai-providers');
const SETTINGS_KEY = 'ai';
export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 2;

type Row = typeof aiProviders.$inferSelect;

export interface ProviderInput {
  name: string;
  baseUrl: string;
  textModel: string;
  imageModel?: string | null;
  speechModel?: string | null;
  transcriptionModel?: string | null;
  videoModel?: string | null;
  /** A new key for the keychain; undefined keeps the stored one, null removes it. */
  apiKey?: string | null;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface AiProvidersDeps {
  workspaces: Workspaces;
  secrets: SecretStore;
  clock: Clock;
  ids: IdGenerator;
  /** Writes to the app's security log (never a key). */
  securityEvent: (detail: string, workspaceId: string) => void;
  fetch?: typeof fetch;
  /** Tests wrap the provider to count or fault calls; default is the openai SDK. */
  makeProvider?: typeof openAiProvider;
}

/** Keychain account of a provider's key: under the workspace's prefix, so deleting the workspace removes it. */
export const providerKeyName = (workspaceId: string, providerId: string) => `${workspaceId}/ai/${providerId}/api-key`;

/** A workspace's AI providers and settings (local-only, monthly cap, brand voice). */
export class AiProviders {
  constructor(private readonly deps: AiProvidersDeps) {}

  settings(workspaceId: string): AiSettings {
    const row = this.deps.workspaces.db(workspaceId).orm.select().from(workspaceSettings).where(eq(workspaceSettings.key, SETTINGS_KEY)).get();
    let stored: Partial<AiSettings> = {};
    try {
      stored = row ? (JSON.parse(row.value) as Partial<AiSettings>) : {};
    } catch {
      // A damaged value falls back to the defaults, local-only included: it is re-set on the next save.
    }
    return { localOnly: stored.localOnly ?? false, monthlyCapUsd: stored.monthlyCapUsd ?? null, brandVoice: readBrandVoice(stored.brandVoice) };
  }

  updateSettings(workspaceId: string, patch: { localOnly?: boolean; monthlyCapUsd?: number | null; brandVoice?: Partial<BrandVoice> }): AiSettings {
    const current = this.settings(workspaceId);
    const next: AiSettings = {
      localOnly: patch.localOnly ?? current.localOnly,
      monthlyCapUsd: patch.monthlyCapUsd !== undefined ? patch.monthlyCapUsd : current.monthlyCapUsd,
      brandVoice: { ...current.brandVoice, ...patch.brandVoice },
    };
    const value = JSON.stringify(next);
    this.deps.workspaces.db(workspaceId).write((orm) =>
      orm.insert(workspaceSettings).values({ key: SETTINGS_KEY, value }).onConflictDoUpdate({ target: workspaceSettings.key, set: { value } }).run(),
    );
    if (patch.localOnly !== undefined && patch.localOnly !== current.localOnly) this.deps.securityEvent(`local-only turned ${next.localOnly ? 'on' : 'off'}`, workspaceId);
    if (patch.monthlyCapUsd !== undefined && patch.monthlyCapUsd !== current.monthlyCapUsd) {
      this.deps.securityEvent(`monthly AI cap set to ${next.monthlyCapUsd === null ? 'none' : `$${next.monthlyCapUsd}`}`, workspaceId);
    }
    return next;
  }

  list(workspaceId: string): AiProvider[] {
    return this.deps.workspaces.db(workspaceId).orm.select().from(aiProviders).orderBy(aiProviders.name).all().map(toProvider);
  }

  /** By name or id. */
  get(workspaceId: string, nameOrId: string): AiProvider {
    return toProvider(this.row(workspaceId, nameOrId));
  }

  /** Adds a provider, or changes the one of that name. The key goes to the keychain before the row says it has one. */
  async add(workspaceId: string, input: ProviderInput): Promise<{ provider: AiProvider; created: boolean }> {
    const url = parseBaseUrl(input.baseUrl);
    const baseUrl = url.toString().replace(/\/+$/, '');
    if (this.settings(workspaceId).localOnly && !isLoopbackUrl(url)) throw localOnlyRefusal(input.name, baseUrl);
    const db = this.deps.workspaces.db(workspaceId);
    const existing = db.orm.select().from(aiProviders).where(eq(aiProviders.name, input.name)).get();
    const id = existing?.id ?? this.deps.ids('prov');
    if (input.apiKey) await this.deps.secrets.set(providerKeyName(workspaceId, id), input.apiKey);
    if (input.apiKey === null && existing?.hasKey) await this.deps.secrets.delete(providerKeyName(workspaceId, id));
    const now = this.deps.clock.now().toISOString();
    const row: Row = {
      id,
      name: input.name,
      baseUrl,
      textModel: input.textModel,
      imageModel: input.imageModel !== undefined ? input.imageModel : (existing?.imageModel ?? null),
      speechModel: input.speechModel !== undefined ? input.speechModel : (existing?.speechModel ?? null),
      transcriptionModel: input.transcriptionModel !== undefined ? input.transcriptionModel : (existing?.transcriptionModel ?? null),
      videoModel: input.videoModel !== undefined ? input.videoModel : (existing?.videoModel ?? null),
      hasKey: input.apiKey ? 1 : input.apiKey === null ? 0 : (existing?.hasKey ?? 0),
      timeoutMs: input.timeoutMs ?? existing?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: input.maxRetries ?? existing?.maxRetries ?? DEFAULT_MAX_RETRIES,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    db.write((orm) => orm.insert(aiProviders).values(row).onConflictDoUpdate({ target: aiProviders.id, set: row }).run());
    const keyNote = input.apiKey ? ', new API key stored in the keychain' : input.apiKey === null ? ', API key removed' : '';
    this.deps.securityEvent(`AI provider "${row.name}" ${existing ? 'changed' : 'added'}: ${url.host}${keyNote}`, workspaceId);
    log.info('provider saved', { workspaceId, providerId: id, local: isLoopbackUrl(url) });
    return { provider: toProvider(row), created: !existing };
  }

  /** Removes the provider and its key; its generations stay in the history. */
  async remove(workspaceId: string, nameOrId: string): Promise<{ id: string }> {
    const row = this.row(workspaceId, nameOrId);
    if (row.hasKey) await this.deps.secrets.delete(providerKeyName(workspaceId, row.id));
    this.deps.workspaces.db(workspaceId).write((orm) => orm.delete(aiProviders).where(eq(aiProviders.id, row.id)).run());
    this.deps.securityEvent(`AI provider "${row.name}" removed`, workspaceId);
    return { id: row.id };
  }

  /**
   * The SDK-backed Provider for one stored provider, after the local-only check: the only way
   * the core reaches a provider, so a local-only workspace can never send anything off the machine.
   */
  async open(workspaceId: string, nameOrId: string): Promise<{ info: AiProvider; provider: Provider }> {
    const row = this.row(workspaceId, nameOrId);
    const info = toProvider(row);
    if (this.settings(workspaceId).localOnly && !info.local) throw localOnlyRefusal(row.name, row.baseUrl);
    const apiKey = row.hasKey ? await this.deps.secrets.get(providerKeyName(workspaceId, row.id)) : null;
    if (row.hasKey && apiKey === null) {
      throw new AppError('AuthExpired', `The API key of provider "${row.name}" is missing from the OS keychain. Store it again with \`promogpt provider add ${row.name} … --api-key-env VAR\`.`, { reason: 'invalid_key' });
    }
    const make = this.deps.makeProvider ?? openAiProvider;
    const provider = make({ name: row.name, baseUrl: row.baseUrl, apiKey, timeoutMs: row.timeoutMs, maxRetries: row.maxRetries, ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}) });
    return { info, provider };
  }

  /** Lists the server's models, or says exactly what failed. Never throws for the provider's own failures. */
  async test(workspaceId: string, nameOrId: string): Promise<ConnectionTest> {
    const info = this.get(workspaceId, nameOrId);
    try {
      const { provider } = await this.open(workspaceId, nameOrId);
      const models = await provider.listModels();
      const configured = [info.textModel, info.imageModel, info.speechModel, info.transcriptionModel, info.videoModel].filter((m): m is string => !!m);
      return { ok: true, models, missingModels: configured.filter((m) => !models.includes(m)) };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined;
      return { ok: false, models: [], missingModels: [], error: { name: error.name, message: error.message, ...(reason ? { reason } : {}) } };
    }
  }

  /** Whether this workspace stored any provider key: its deletion must then clear the keychain. */
  hasKeys(workspaceId: string): boolean {
    return this.list(workspaceId).some((p) => p.hasKey);
  }

  private row(workspaceId: string, nameOrId: string): Row {
    const db = this.deps.workspaces.db(workspaceId);
    const row = db.orm.select().from(aiProviders).where(eq(aiProviders.name, nameOrId)).get() ?? db.orm.select().from(aiProviders).where(eq(aiProviders.id, nameOrId)).get();
    if (!row) throw new AppError('NotFound', `There is no AI provider "${nameOrId}" in this workspace. Add one with \`promogpt provider add NAME --base-url URL --model MODEL\` or in Settings → AI.`);
    return row;
  }
}

function toProvider(row: Row): AiProvider {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.baseUrl,
    textModel: row.textModel,
    imageModel: row.imageModel,
    speechModel: row.speechModel,
    transcriptionModel: row.transcriptionModel,
    videoModel: row.videoModel,
    hasKey: row.hasKey === 1,
    local: isLoopbackUrl(new URL(row.baseUrl)),
    timeoutMs: row.timeoutMs,
    maxRetries: row.maxRetries,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
