import { idempotencyKey, mutate } from '$lib/graphql/client.ts';
import { StartLeaseMutation, type LeaseUserError } from '$lib/graphql/leases.ts';
import { addOnsFitting, monthlyPrice, type Catalog } from '$lib/state/catalog.svelte.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

export interface StartedLease {
  leaseNumber: number;
  licenseKey: string;
  sendKeyTo: string;
}

/**
 * The Start Lease form, step by step: product type → product → add-ons that fit its edition → customer and
 * where the key goes. Each step opens once the one before it is chosen.
 */
export class StartLeaseForm {
  productTypeId = $state('');
  productId = $state('');
  addOnIds = $state<string[]>([]);
  email = $state('');
  name = $state('');
  company = $state('');
  /** "customer": the key goes to the customer's email; "other": to `otherAddress`. */
  keyDestination = $state<'customer' | 'other'>('customer');
  otherAddress = $state('');

  busy = $state(false);
  errors = $state<LeaseUserError[]>([]);
  failure = $state<string | null>(null);
  started = $state<StartedLease | null>(null);

  readonly #catalog: Catalog;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  type = $derived.by(() => this.#catalog.type(this.productTypeId));
  product = $derived.by(() => this.type?.products.find((p) => p.id === this.productId));
  availableAddOns = $derived.by(() => (this.type && this.product ? addOnsFitting(this.type, this.product) : []));
  chosenAddOns = $derived(this.availableAddOns.filter((a) => this.addOnIds.includes(a.id)));
  price = $derived(this.product ? monthlyPrice(this.product, this.chosenAddOns) : null);
  sendKeyTo = $derived(this.keyDestination === 'customer' ? this.email.trim() : this.otherAddress.trim());
  valid = $derived(Boolean(this.product) && isEmail(this.email) && isEmail(this.sendKeyTo));

  chooseType(id: string): void {
    if (id === this.productTypeId) return;
    this.productTypeId = id;
    this.productId = '';
    this.addOnIds = [];
  }

  chooseProduct(id: string): void {
    this.productId = id;
    // Keep only the add-ons the new edition allows.
    const fitting = new Set(this.availableAddOns.map((a) => a.id));
    this.addOnIds = this.addOnIds.filter((a) => fitting.has(a));
  }

  toggleAddOn(id: string, on: boolean): void {
    this.addOnIds = on ? [...new Set([...this.addOnIds, id])] : this.addOnIds.filter((a) => a !== id);
  }

  async submit(): Promise<void> {
    if (!this.valid || this.busy || !this.product) return;
    this.busy = true;
    this.errors = [];
    this.failure = null;
    try {
      const { startLease } = await mutate(StartLeaseMutation, {
        input: {
          productId: this.product.id,
          addOnIds: this.chosenAddOns.map((a) => a.id),
          customer: { email: this.email.trim(), name: this.name.trim() || null, company: this.company.trim() || null },
          sendKeyTo: this.sendKeyTo,
          idempotencyKey: idempotencyKey(),
        },
      });
      if (startLease.userErrors.length) this.errors = startLease.userErrors;
      else if (startLease.lease) this.started = startLease.lease;
    } catch (error) {
      this.failure = error instanceof Error ? error.message : 'Unexpected error.';
    } finally {
      this.busy = false;
    }
  }
}
