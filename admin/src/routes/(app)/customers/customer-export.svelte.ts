import { mutate, query } from '$lib/graphql/client.ts';
import { ExportQuery, StartCustomerExportMutation, type CustomerExport } from '$lib/graphql/customers.ts';

const POLL_MS = 400;

/** A customer export written in the background: started, followed until it is done, then downloadable. */
export class CustomerExportJob {
  job = $state<CustomerExport | null>(null);
  failure = $state<string | null>(null);
  running = $state(false);
  #cancelled = false;

  async start(scope: 'ALL' | 'CURRENT'): Promise<void> {
    this.#cancelled = false;
    this.running = true;
    this.failure = null;
    this.job = null;
    try {
      const { startCustomerExport } = await mutate(StartCustomerExportMutation, { input: { format: 'CSV', scope } });
      if (startCustomerExport.userErrors.length || !startCustomerExport.export) {
        this.failure = startCustomerExport.userErrors[0]?.message ?? 'The export could not be started.';
        return;
      }
      let job: CustomerExport = { ...startCustomerExport.export, createdAt: '' };
      this.job = job;
      while (!this.#cancelled && (job.status === 'QUEUED' || job.status === 'RUNNING')) {
        await new Promise((done) => setTimeout(done, POLL_MS));
        const latest: CustomerExport | null = (await query(ExportQuery, { id: job.id })).export;
        if (!latest) throw new Error('The export disappeared.');
        job = latest;
        this.job = job;
      }
      if (job.status === 'FAILED') this.failure = job.error ?? 'The export failed.';
    } catch (error) {
      this.failure = error instanceof Error ? error.message : 'Unexpected error.';
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    this.#cancelled = true;
  }
}
