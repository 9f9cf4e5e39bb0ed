import { and, desc, eq, gte, or, sql } from 'drizzle-orm';
import { readBrandVoice, type AiProvider, type BrandVoice, type Generation, type GenerationKind, type GenerationParams, type GenerationState, type TextVariant, type Usage, type UsageRow, type UsageSummary } from '../../../src-shared/ai';
import { AppError } from '../../../src-shared/errors';
import { aiGenerations } from '../db/schema/ai';
import type { Workspaces } from '../workspace/workspaces';

type Row = typeof aiGenerations.$inferSelect;

/** The generation history of a workspace: written before a request goes out, so the prompt survives any failure. */
export class GenerationHistory {
  constructor(private readonly workspaces: Workspaces) {}

  start(
    workspaceId: string,
    g: { id: string; kind: GenerationKind; provider: AiProvider; model: string; params: GenerationParams; brandVoice: BrandVoice | null; rerunOf: string | null; startedAt: string },
  ): Generation {
    const row: Row = {
      id: g.id,
      kind: g.kind,
      state: 'running',
      providerId: g.provider.id,
      providerName: g.provider.name,
      baseUrl: g.provider.baseUrl,
      local: g.provider.local ? 1 : 0,
      model: g.model,
      params: JSON.stringify(g.params),
      brandVoice: g.brandVoice ? JSON.stringify(g.brandVoice) : null,
      variants: '[]',
      mediaIds: '[]',
      promptTokens: null,
      completionTokens: null,
      totalTokens: null,
      // A server on this machine costs nothing, known from the start.
      estimatedCostUsd: g.provider.local ? 0 : null,
      errorName: null,
      errorMessage: null,
      errorReason: null,
      rerunOf: g.rerunOf,
      jobId: null,
      remoteId: null,
      progress: null,
      startedAt: g.startedAt,
      finishedAt: null,
    };
    this.workspaces.db(workspaceId).write((orm) => orm.insert(aiGenerations).values(row).run());
    return toGeneration(row);
  }

  /** Saves what came so far (variants, media, usage) and, with `state`, how it ended. */
  update(
    workspaceId: string,
    id: string,
    patch: {
      variants?: TextVariant[];
      mediaIds?: string[];
      usage?: Usage | null;
      estimatedCostUsd?: number | null;
      state?: GenerationState;
      error?: { name: string; message: string; reason?: string } | null;
      finishedAt?: string;
      jobId?: string;
      remoteId?: string;
      progress?: number | null;
    },
  ): Generation {
    const set: Partial<Row> = {};
    if (patch.variants) set.variants = JSON.stringify(patch.variants);
    if (patch.mediaIds) set.mediaIds = JSON.stringify(patch.mediaIds);
    if (patch.usage) Object.assign(set, { promptTokens: patch.usage.promptTokens, completionTokens: patch.usage.completionTokens, totalTokens: patch.usage.totalTokens });
    if (patch.estimatedCostUsd !== undefined) set.estimatedCostUsd = patch.estimatedCostUsd;
    if (patch.state) set.state = patch.state;
    if (patch.error) Object.assign(set, { errorName: patch.error.name, errorMessage: patch.error.message, errorReason: patch.error.reason ?? null });
    if (patch.finishedAt) set.finishedAt = patch.finishedAt;
    if (patch.jobId) set.jobId = patch.jobId;
    if (patch.remoteId) set.remoteId = patch.remoteId;
    if (patch.progress !== undefined) set.progress = patch.progress;
    this.workspaces.db(workspaceId).write((orm) => orm.update(aiGenerations).set(set).where(eq(aiGenerations.id, id)).run());
    return this.get(workspaceId, id);
  }

  /** The video job's bookkeeping, which the renderer does not need. */
  jobOf(workspaceId: string, id: string): { jobId: string | null; remoteId: string | null } {
    const row = this.workspaces.db(workspaceId).orm.select({ jobId: aiGenerations.jobId, remoteId: aiGenerations.remoteId }).from(aiGenerations).where(eq(aiGenerations.id, id)).get();
    return row ?? { jobId: null, remoteId: null };
  }

  get(workspaceId: string, id: string): Generation {
    const row = this.workspaces.db(workspaceId).orm.select().from(aiGenerations).where(eq(aiGenerations.id, id)).get();
    if (!row) throw new AppError('NotFound', `There is no generation ${id} in this workspace. Run \`promogpt history list\` to see them.`);
    return toGeneration(row);
  }

  /**
   * Newest first. `search` finds the words in what was asked (prompt, brief, text) or in the texts
   * that came back; `%`, `_` and `\\` in it are matched literally.
   */
  list(workspaceId: string, opts: { kind?: GenerationKind; limit?: number; search?: string } = {}): Generation[] {
    const orm = this.workspaces.db(workspaceId).orm;
    const conditions = [];
    if (opts.kind) conditions.push(eq(aiGenerations.kind, opts.kind));
    if (opts.search) {
      // The asked fields and the texts, read out of their JSON, so keys like "brief" never match.
      const needle = `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const like = (expr: ReturnType<typeof sql>) => sql`${expr} LIKE ${needle} ESCAPE '\\'`;
      conditions.push(
        or(
          like(sql`json_extract(${aiGenerations.params}, '$.brief')`),
          like(sql`json_extract(${aiGenerations.params}, '$.prompt')`),
          like(sql`json_extract(${aiGenerations.params}, '$.text')`),
          sql`EXISTS (SELECT 1 FROM json_each(${aiGenerations.variants}) WHERE ${like(sql`json_extract(value, '$.text')`)})`,
        ),
      );
    }
    return orm
      .select()
      .from(aiGenerations)
      .where(and(...conditions))
      .orderBy(desc(aiGenerations.startedAt), desc(aiGenerations.id))
      .limit(opts.limit ?? 100)
      .all()
      .map(toGeneration);
  }

  /** This calendar month's (UTC) generations per provider; `now` decides the month. */
  usage(workspaceId: string, now: Date, monthlyCapUsd: number | null): UsageSummary {
    const month = now.toISOString().slice(0, 7);
    const rows = this.workspaces.db(workspaceId).orm.select().from(aiGenerations).where(gte(aiGenerations.startedAt, `${month}-01T00:00:00.000Z`)).all();
    const byProvider = new Map<string, UsageRow>();
    for (const r of rows) {
      const row = byProvider.get(r.providerId) ?? { providerId: r.providerId, providerName: r.providerName, local: r.local === 1, generations: 0, totalTokens: 0, estimatedCostUsd: 0, unpriced: 0 };
      row.generations += 1;
      row.totalTokens += r.totalTokens ?? 0;
      if (r.estimatedCostUsd === null) {
        if (r.state !== 'failed') row.unpriced += 1;
      } else row.estimatedCostUsd += r.estimatedCostUsd;
      byProvider.set(r.providerId, row);
    }
    const list = [...byProvider.values()].sort((a, b) => a.providerName.localeCompare(b.providerName));
    const cloudCostUsd = list.filter((r) => !r.local).reduce((sum, r) => sum + r.estimatedCostUsd, 0);
    return { month, rows: list, cloudCostUsd, monthlyCapUsd, capReached: monthlyCapUsd !== null && cloudCostUsd >= monthlyCapUsd };
  }
}

function toGeneration(row: Row): Generation {
  return {
    id: row.id,
    kind: row.kind as GenerationKind,
    state: row.state as GenerationState,
    providerId: row.providerId,
    providerName: row.providerName,
    baseUrl: row.baseUrl,
    model: row.model,
    params: JSON.parse(row.params) as GenerationParams,
    brandVoice: row.brandVoice ? readBrandVoice(JSON.parse(row.brandVoice) as Partial<BrandVoice>) : null,
    variants: JSON.parse(row.variants) as TextVariant[],
    mediaIds: JSON.parse(row.mediaIds) as string[],
    usage: row.totalTokens === null ? null : { promptTokens: row.promptTokens ?? 0, completionTokens: row.completionTokens ?? 0, totalTokens: row.totalTokens },
    estimatedCostUsd: row.estimatedCostUsd,
    error: row.errorName ? { name: row.errorName, message: row.errorMessage ?? '', ...(row.errorReason ? { reason: row.errorReason } : {}) } : null,
    rerunOf: row.rerunOf,
    progress: row.progress,
    jobId: row.jobId,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
