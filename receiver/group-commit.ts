import type { AppendOutcome, NewRecord, Seal, Store } from './store/types';

interface Pending {
  item: NewRecord;
  resolve: (o: AppendOutcome) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: records arriving while a transaction is being written wait and go together into
 * the next one, so one fsync acknowledges many records (the classic database technique; SQLite
 * with synchronous=FULL otherwise pays one fsync per record). Each promise resolves only after
 * its transaction committed: an acknowledged record is durable.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private busy = false;
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly seal: Seal,
    private readonly now: () => string,
    private readonly maxBatch = 256,
  ) {}

  /** Queues one record; resolves with its outcome once committed, rejects if storage failed. */
  append(item: NewRecord): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.busy || this.scheduled) return;
    this.scheduled = true;
    // setImmediate: let the requests already read in this event-loop turn join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.busy || !this.queue.length) return;
    this.busy = true;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      const out = await this.store.append(
        batch.map((p) => p.item),
        this.seal,
        this.now,
      );
      for (let i = 0; i < batch.length; i++) batch[i]!.resolve(out[i]!);
    } catch (e) {
      for (const p of batch) p.reject(e);
    } finally {
      this.busy = false;
      if (this.queue.length) this.kick();
    }
  }
}
