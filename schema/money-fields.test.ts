import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema, getNamedType, isInputObjectType, isInterfaceType, isObjectType, isScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';

/** Words that make a field an amount of money wherever they stand in its name (plural or not). */
const MONEY_WORDS = new Set(['cent', 'amount', 'price', 'cost', 'fee', 'balance', 'spend', 'revenue', 'subtotal', 'refund', 'discount']);
/** Words that make it money only as its last word: `grandTotal` is money, `totalCount` is not. */
const MONEY_HEAD_WORDS = new Set(['total']);

function isMoneyName(name: string): boolean {
  const words = name.split(/(?=[A-Z])/).map((word) => word.toLowerCase().replace(/s$/, ''));
  return words.some((word) => MONEY_WORDS.has(word)) || MONEY_HEAD_WORDS.has(words.at(-1) ?? '');
}

/** `Type.field` (or `Type.field(arg)`) of every money-named field, argument or input field whose scalar is not Cents. */
function moneyNotInCents(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  const check = (where: string, name: string, type: Parameters<typeof getNamedType>[0]) => {
    const named = getNamedType(type);
    if (isMoneyName(name) && isScalarType(named) && named.name !== 'Cents') found.push(`${where}: ${named.name}`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.name, field.type);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.name, arg.type);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.name, field.type);
    }
  }
  return found.sort();
}

describe('the printed schema', () => {
  it('types every amount of money as Cents', () => {
    const printed = buildSchema(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));
    expect(moneyNotInCents(printed)).toEqual([]);
  });
});

describe('moneyNotInCents', () => {
  const sdl = `
    scalar Cents
    type Invoice { totalCents: Int! total: Float grandTotal: String priceCents: Cents! totalCount: Int! paidAt: String amounts: [Int!]! tierRank: Int! }
    interface Priced { monthlyPriceCents: Int! }
    input PriceInput { amountCents: Int! costCenter: Cents }
    type Query { invoices(minTotalCents: Int, first: Int): [Invoice!]! priced: Priced price(input: PriceInput): Int }`;

  it('names every money field, argument and input field that is a scalar other than Cents, and only those', () => {
    expect(moneyNotInCents(buildSchema(sdl))).toEqual([
      'Invoice.amounts: Int',
      'Invoice.grandTotal: String',
      'Invoice.total: Float',
      'Invoice.totalCents: Int',
      'PriceInput.amountCents: Int',
      'Priced.monthlyPriceCents: Int',
      'Query.invoices(minTotalCents): Int',
      'Query.price: Int',
    ]);
  });
});
