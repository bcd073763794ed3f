import { idempotencyKey, mutate } from '$lib/graphql/client.ts';
import { ModifyLeaseMutation, type LeaseDetails, type LeaseUserError } from '$lib/graphql/leases.ts';
import { addOnsFitting, monthlyPrice, type Catalog } from '$lib/state/catalog.svelte.ts';

/** Modify: another product of the same type (edition or tier) and add-ons added or removed, from now on. */
export class ModifyLeaseForm {
  productId = $state('');
  addOnIds = $state<string[]>([]);
  busy = $state(false);
  errors = $state<LeaseUserError[]>([]);
  failure = $state<string | null>(null);
  saved = $state(false);

  readonly #catalog: Catalog;
  readonly lease: LeaseDetails;

  constructor(catalog: Catalog, lease: LeaseDetails) {
    this.#catalog = catalog;
    this.lease = lease;
    this.productId = lease.product.id;
    this.addOnIds = lease.addOns.map((a) => a.id);
  }

  type = $derived.by(() => this.#catalog.type(this.lease.product.productType.id));
  products = $derived(this.type?.products ?? []);
  product = $derived.by(() => this.products.find((p) => p.id === this.productId));
  availableAddOns = $derived.by(() => (this.type && this.product ? addOnsFitting(this.type, this.product) : []));
  chosenAddOns = $derived(this.availableAddOns.filter((a) => this.addOnIds.includes(a.id)));
  /** Add-ons on the lease now that the chosen edition does not allow: saving removes them. */
  get dropped() {
    const fitting = new Set(this.availableAddOns.map((a) => a.id));
    return this.lease.addOns.filter((a) => !fitting.has(a.id));
  }

  get before(): number {
    return this.lease.monthlyPriceCents;
  }

  get after(): number {
    return this.product ? monthlyPrice(this.product, this.chosenAddOns) : this.lease.monthlyPriceCents;
  }

  get added(): string[] {
    return this.chosenAddOns.map((a) => a.id).filter((id) => !this.lease.addOns.some((a) => a.id === id));
  }

  get removed(): string[] {
    return this.lease.addOns.map((a) => a.id).filter((id) => !this.chosenAddOns.some((a) => a.id === id));
  }

  get productChanged(): boolean {
    return this.productId !== this.lease.product.id;
  }

  get changed(): boolean {
    return this.productChanged || this.added.length > 0 || this.removed.length > 0;
  }

  toggleAddOn(id: string, on: boolean): void {
    this.addOnIds = on ? [...new Set([...this.addOnIds, id])] : this.addOnIds.filter((a) => a !== id);
  }

  async submit(): Promise<void> {
    if (!this.changed || this.busy) return;
    this.busy = true;
    this.errors = [];
    this.failure = null;
    try {
      const { modifyLease } = await mutate(ModifyLeaseMutation, {
        input: {
          leaseId: this.lease.id,
          productId: this.productChanged ? this.productId : null,
          addAddOnIds: this.added,
          removeAddOnIds: this.removed,
          expectedVersion: this.lease.version,
          idempotencyKey: idempotencyKey(),
        },
      });
      if (modifyLease.userErrors.length) this.errors = modifyLease.userErrors;
      else this.saved = true;
    } catch (error) {
      this.failure = error instanceof Error ? error.message : 'Unexpected error.';
    } finally {
      this.busy = false;
    }
  }
}
