import fc from 'fast-check';
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { BAD_IDS, BAD_NUMBERS, DATE_TIMES, DATES, EDGE_TEXTS, isPlausibleDate, partialKeys, textArb, WRONG_TYPES } from './bad-inputs.ts';
import { CALLERS, type Pools } from './fuzz-world.ts';
import type { FuzzRequest } from './fuzz-request.ts';

/** An enum value: a bare name in a document, a string in variables. */
export class EnumValue {
  constructor(readonly name: string) {}
  toJSON() {
    return this.name;
  }
}

const OMIT = Symbol('omit');
type Arg = { name: string; type: GraphQLInputType; value: unknown };

/**
 * How many defects a request carries. `plausible`: none; every value passes the edge and reaches the use
 * case with edge cases (limits of Int, the first and last allowed dates, another partner's IDs, odd text).
 * `oneBad`: plausible, but now and then a scalar is a bad one (NUL, a lone surrogate, 70,000 characters, a
 * malformed ID, the year 0000, an unknown enum value), so mostly one defect reaches the check meant for it.
 * `wild`: bad scalars half the time, plus missing required arguments, nulls, wrong kinds and unknown fields.
 */
export type Defects = 'plausible' | 'oneBad' | 'wild';

/** Builds the arbitraries of one schema's inputs and selections from its types alone. */
export class OperationArbitraries {
  private readonly wild: boolean;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly pools: Pools,
    private readonly defects: Defects,
  ) {
    this.wild = defects === 'wild';
  }

  /** A request calling one root field of `kind`, as any caller, with fuzzed arguments and a fuzzed selection. */
  rootField(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): fc.Arbitrary<FuzzRequest> {
    return fc
      .record({
        // The OWNER may call most operations, so it sends half: the others are mostly refused at the door.
        caller: fc.oneof({ weight: 3, arbitrary: fc.constant('owner' as const) }, { weight: 3, arbitrary: fc.constantFrom(...CALLERS) }),
        args: this.args(field.args),
        selection: fc.integer({ min: 0, max: 2 }).chain((depth) => this.selection(field.type, depth, true)),
        variables: fc.boolean(),
        aliases: fc.oneof({ weight: 12, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 40 }) }),
      })
      .map(({ caller, args, selection, variables, aliases }): FuzzRequest => {
        const declared = variables ? args.map((arg, i) => `$v${i}: ${String(arg.type)}`) : [];
        const printed = args.map((arg, i) => `${arg.name}: ${variables ? `$v${i}` : literal(arg.value)}`);
        const call = `${field.name}${printed.length ? `(${printed.join(', ')})` : ''} ${selection}`;
        const body = Array.from({ length: aliases }, (_, i) => (aliases > 1 ? `a${i}: ${call}` : call)).join('\n');
        const query = `${kind} Fuzz${declared.length ? `(${declared.join(', ')})` : ''} {\n${body}\n}`;
        const vars = variables ? Object.fromEntries(args.map((arg, i) => [`v${i}`, arg.value])) : undefined;
        return {
          target: `${kind === 'query' ? 'Query' : 'Mutation'}.${field.name}`,
          caller,
          write: kind === 'mutation',
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables: vars, operationName: 'Fuzz' }),
        };
      });
  }

  /** Values for a field's arguments; a required one is left out now and then, an optional one often. */
  args(args: readonly GraphQLArgument[]): fc.Arbitrary<Arg[]> {
    const each = args.map((arg) =>
      fc
        .oneof(
          { weight: isNonNullType(arg.type) ? (this.wild ? 19 : 1) : 1, arbitrary: this.value(arg.type, 0, arg.name) },
          { weight: isNonNullType(arg.type) && !this.wild ? 0 : 1, arbitrary: fc.constant(OMIT) },
        )
        .map((value) => ({ name: arg.name, type: arg.type, value })),
    );
    return fc.tuple(...each).map((all) => all.filter((a): a is Arg => a.value !== OMIT));
  }

  /** A value for an input type: plausible, bad for its kind, or of the wrong kind. */
  value(type: GraphQLInputType, depth: number, name: string): fc.Arbitrary<unknown> {
    if (depth > 5) return fc.constant(null);
    const inner = this.nullableValue(isNonNullType(type) ? type.ofType : type, depth, name);
    if (!this.wild) return isNonNullType(type) ? inner : fc.oneof({ weight: 7, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) });
    return fc.oneof(
      { weight: 16, arbitrary: inner },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...WRONG_TYPES) },
    );
  }

  private nullableValue(type: GraphQLInputType, depth: number, name: string): fc.Arbitrary<unknown> {
    if (isNonNullType(type)) return this.value(type, depth, name);
    if (isListType(type)) {
      const item = this.value(type.ofType as GraphQLInputType, depth + 1, name);
      if (!this.wild) return fc.array(item, { maxLength: 3 });
      return fc.oneof(
        { weight: 8, arbitrary: fc.array(item, { maxLength: 4 }) },
        { weight: 1, arbitrary: item },
        { weight: 1, arbitrary: fc.array(item, { minLength: 101, maxLength: 120 }) },
      );
    }
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields()).map((f) =>
        fc
          .oneof({ weight: isNonNullType(f.type) ? 12 : 2, arbitrary: this.value(f.type, depth + 1, f.name) }, { weight: isNonNullType(f.type) && !this.wild ? 0 : 1, arbitrary: fc.constant(OMIT) })
          .map((v) => [f.name, v] as const),
      );
      return fc
        .tuple(fc.tuple(...fields), fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: this.wild ? 1 : 0, arbitrary: fc.constant(true) }))
        .map(([entries, unknown]) => ({ ...Object.fromEntries(entries.filter(([, v]) => v !== OMIT)), ...(unknown ? { notAField: 1 } : {}) }));
    }
    if (isEnumType(type)) {
      const names = type.getValues().map((v) => v.name);
      if (this.defects === 'plausible') return fc.constantFrom(...names).map((n) => new EnumValue(n));
      if (this.defects === 'oneBad') return fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...names).map((n) => new EnumValue(n)) }, { weight: 1, arbitrary: fc.constantFrom('NOPE', names[0]!.toLowerCase()).map((n) => new EnumValue(n)) });
      return fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...names).map((n) => new EnumValue(n)) },
        { weight: 1, arbitrary: fc.constantFrom('NOPE', names[0]!.toLowerCase(), '_', 'true').map((n) => new EnumValue(n)) },
        { weight: 1, arbitrary: fc.constantFrom(...names, '') },
      );
    }
    const plausible = this.plausibleScalar(type.name, name);
    if (this.defects === 'plausible') return plausible;
    return fc.oneof({ weight: this.wild ? 1 : 3, arbitrary: plausible }, { weight: 1, arbitrary: this.scalar(type.name) });
  }

  /** A value that passes the edge, chosen by the scalar and, for text and numbers, by the field's name. */
  private plausibleScalar(scalar: string, field: string): fc.Arbitrary<unknown> {
    const { pools } = this;
    const kind = scalar === 'String' ? 'text' : ['Int', 'Float', 'Cents'].includes(scalar) ? 'number' : null;
    const named = NAMED_VALUES.find(([pattern, k]) => pattern.test(field) && k === kind);
    if (named) return fc.constantFrom(...named[2](pools));
    switch (scalar) {
      case 'ID': {
        const all = [...pools.ownIds, ...pools.foreignIds];
        const hint = field.replace(/Ids?$/, '').toLowerCase();
        const typeOf = (id: string) => Buffer.from(id, 'base64').toString().split(':')[0]!.toLowerCase();
        const matching = all.filter((id) => hint.endsWith(typeOf(id)) || typeOf(id).endsWith(hint));
        return fc.constantFrom(...(matching.length ? matching : all));
      }
      case 'Int':
        return fc.constantFrom(0, 1, 2, 3, 25, 100, -1, 2_147_483_647, -2_147_483_648, ...pools.leaseNumbers);
      case 'Cents':
        return fc.constantFrom(0, 1, 100, 2_999, -1, 2_147_483_648, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER);
      case 'Float':
        return fc.constantFrom(0, 0.5, -1, 1e300, ...pools.leaseNumbers);
      case 'Boolean':
        return fc.boolean();
      case 'Date':
        return fc.constantFrom(...DATES.filter((d) => !d.includes('T') && isPlausibleDate(d)));
      case 'DateTime':
        return fc.constantFrom(...DATE_TIMES.filter((d) => d.includes('T') && isPlausibleDate(d)));
      case 'JSON':
        return fc.jsonValue({ maxDepth: 2 });
      default:
        return fc.constantFrom(...pools.texts, ...partialKeys(pools.licenseKeys), ...EDGE_TEXTS, '2025-01', '9999-12', '1900-01');
    }
  }

  private scalar(name: string): fc.Arbitrary<unknown> {
    const { pools } = this;
    switch (name) {
      case 'ID':
        return fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...pools.ownIds) },
          { weight: 2, arbitrary: fc.constantFrom(...pools.foreignIds) },
          { weight: 3, arbitrary: fc.constantFrom(...BAD_IDS) },
          { weight: 1, arbitrary: fc.constantFrom(...pools.leaseNumbers, -1, 2_147_483_648) },
        );
      case 'Int':
      case 'Float':
      case 'Cents':
        return fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(0, 1, 2, 25, 100, ...pools.leaseNumbers) },
          { weight: 3, arbitrary: fc.constantFrom(...BAD_NUMBERS) },
          { weight: 1, arbitrary: fc.integer() },
          { weight: 1, arbitrary: fc.constantFrom('5', '') },
        );
      case 'Boolean':
        return fc.oneof({ weight: 6, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 0, 1) });
      case 'Date':
        return fc.constantFrom(...DATES);
      case 'DateTime':
        return fc.constantFrom(...DATE_TIMES);
      case 'JSON':
        return fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('\u0000', { a: '\uD800' }));
      default:
        return textArb([...pools.texts, ...partialKeys(pools.licenseKeys), ...DATES, ...DATE_TIMES]);
    }
  }

  /**
   * A selection of the output type, `depth` levels of objects deep (leaves only at 0), with arguments for
   * the fields that take them. A payload always selects its userErrors and a license answer `valid`, so a
   * refusal can be told from a success.
   */
  selection(type: GraphQLOutputType, depth: number, root = false): fc.Arbitrary<string> {
    const named = getNamedType(type);
    if (isLeafType(named)) return fc.constant('');
    if (isAbstractType(named)) {
      const possible = [...this.schema.getPossibleTypes(named)];
      return fc
        .subarray(possible, { minLength: 1, maxLength: Math.min(2, possible.length) })
        .chain((types) => fc.tuple(...types.map((t) => this.selection(t, depth).map((sel) => `... on ${t.name} ${sel}`))))
        .map((parts) => `{ __typename ${parts.join(' ')} }`);
    }
    if (!isObjectType(named)) return fc.constant('{ __typename }');
    const fields = Object.values(named.getFields());
    const forced = root ? forcedSelection(fields) : '';
    const candidates = fields.filter((f) => depth > 0 || isLeafType(getNamedType(f.type)));
    if (!candidates.length) return fc.constant(`{ __typename ${forced} }`);
    return fc
      .subarray(candidates, { minLength: 1, maxLength: Math.min(6, candidates.length) })
      .chain((chosen) => fc.tuple(...chosen.map((f) => this.nestedField(f, depth - 1))))
      .map((parts) => `{ __typename ${forced} ${parts.join(' ')} }`);
  }

  private nestedField(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> {
    return fc.tuple(this.args(field.args), this.selection(field.type, Math.max(depth, 0))).map(([args, selection]) => {
      const printed = args.map((a) => `${a.name}: ${literal(a.value)}`);
      return `${field.name}${printed.length ? `(${printed.join(', ')})` : ''} ${selection}`;
    });
  }
}

const EMAILS = ['new.person@north.test', 'ANN@NORTH.TEST', 'ann@north.test', 'a@b', 'x@', '@north.test', 'Ann Smith <ann@north.test>', `${'l'.repeat(64)}@north.test`, 'ünï@cödé.test'];
const URLS = ['https://hooks.north.test/new', 'http://hooks.north.test/plain', 'https://metadata.internal/latest', 'http://169.254.169.254/latest', 'https://[::1]:8443/x', 'https://localhost:99999/', 'https://user:secret@hooks.north.test/', 'javascript:alert(1)', 'hooks.north.test', 'https://unknown-host.invalid/'];

/** Plausible text and numbers by the input field's name: emails for `email`, URLs for `url`, months for `expMonth`, … */
const NAMED_VALUES: [RegExp, 'text' | 'number', (pools: Pools) => unknown[]][] = [
  [/email|^to$/i, 'text', (p) => [...EMAILS, ...p.texts.filter((t) => t.includes('@'))]],
  [/password/i, 'text', () => ['leaseboard-demo', 'long enough password', 'short', 'p'.repeat(200), '        ', 'pässwörd-ünïcode-long']],
  [/url/i, 'text', () => URLS],
  [/period/i, 'text', () => ['2025-01', '2024-12', '2025-02', '9999-12', '1900-01', '2025-13', '2025-1', '2025-00']],
  [/idempotency/i, 'text', () => ['idem-1', 'idem-2', 'idem-1', '']],
  [/^key$|licenseKey/i, 'text', (p) => partialKeys(p.licenseKeys)],
  [/^number$|invoice/i, 'text', (p) => [...p.texts.filter((t) => t.startsWith('INV')), '4242424242424242', '4242 4242 4242 4242', '4000000000000002', '1234', 'INV-9999-999999']],
  [/cvc/i, 'text', () => ['123', '1234', '12', 'abc']],
  [/events?$/i, 'text', () => ['lease.started', 'lease.stopped', 'license.activated', 'webhook.test', 'nope.nope', '*']],
  [/^ip$/i, 'text', () => ['127.0.0.1', '::1', '203.0.113.9', '999.1.1.1', '<script>']],
  [/expMonth|month$/i, 'number', () => [1, 12, 0, 13, -1]],
  [/expYear|year$/i, 'number', () => [2030, 30, 2020, 9999, 0, 10000]],
  [/months/i, 'number', () => [1, 13, 120, 0, -1, 1_000, 2_147_483_647]],
  [/^first$|^last$/i, 'number', () => [0, 1, 25, 100, 101, -1, 2_147_483_647]],
  [/leaseNumber/i, 'number', (p) => [...p.leaseNumbers, 0, -1, 2_147_483_647]],
  [/tierRank/i, 'number', () => [0, 1, 4, 5, -1, 2_147_483_647]],
];

function forcedSelection(fields: GraphQLField<unknown, unknown>[]): string {
  const names = new Set(fields.map((f) => f.name));
  return [names.has('userErrors') ? 'userErrors { field message code }' : '', names.has('valid') ? 'valid code' : ''].join(' ');
}

/** A JavaScript value as a GraphQL literal (enum values bare, the rest as JSON would write them). */
export function literal(value: unknown): string {
  if (value instanceof EnumValue) return /^[_A-Za-z][_0-9A-Za-z]*$/.test(value.name) ? value.name : JSON.stringify(value.name);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')}}`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  return JSON.stringify(value);
}
