import { mutate, query } from '$lib/graphql/client.ts';
import { ExportProgressSubscription, ExportQuery, StartCustomerExportMutation, type CustomerExport } from '$lib/graphql/customers.ts';
import { subscribe } from '$lib/graphql/event-stream.ts';

/** After a stream that ended before the export did (a server restart), wait this long before following it again. */
const RETRY_MS = 1000;

const finished = (job: CustomerExport) => job.status !== 'QUEUED' && job.status !== 'RUNNING';

/**
 * A customer export written in the background: started, followed through the exportProgress subscription
 * (rows done of the total, as the export writes them) until it is done, then downloadable.
 */
export class CustomerExportJob {
  job = $state<CustomerExport | null>(null);
  failure = $state<string | null>(null);
  running = $state(false);
  #stop: AbortController | null = null;

  async start(scope: 'ALL' | 'CURRENT'): Promise<void> {
    this.#stop?.abort();
    const stop = (this.#stop = new AbortController());
    this.running = true;
    this.failure = null;
    this.job = null;
    try {
      const { startCustomerExport } = await mutate(StartCustomerExportMutation, { input: { format: 'CSV', scope } });
      if (startCustomerExport.userErrors.length || !startCustomerExport.export) {
        this.failure = startCustomerExport.userErrors[0]?.message ?? 'The export could not be started.';
        return;
      }
      this.job = { ...startCustomerExport.export, createdAt: '' };
      await this.#follow(this.job.id, stop.signal);
      if (this.job.status === 'FAILED') this.failure = this.job.error ?? 'The export failed.';
    } catch (error) {
      this.failure = error instanceof Error ? error.message : 'Unexpected error.';
    } finally {
      if (this.#stop === stop) this.running = false;
    }
  }

  async #follow(id: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted && this.job && !finished(this.job)) {
      await subscribe(ExportProgressSubscription, { id }, ({ exportProgress }) => (this.job = exportProgress), signal);
      if (signal.aborted || finished(this.job)) return;
      const latest = (await query(ExportQuery, { id })).export;
      if (!latest) throw new Error('The export disappeared.');
      this.job = latest;
      if (!finished(latest)) await new Promise((done) => setTimeout(done, RETRY_MS));
    }
  }

  stop(): void {
    this.#stop?.abort();
  }
}
