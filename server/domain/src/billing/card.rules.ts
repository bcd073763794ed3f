export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb';

export interface CardInput {
  /** May contain spaces or dashes between digits. */
  number: string;
  expMonth: number;
  /** Four digits, or two (read as 20YY). */
  expYear: number;
  cvc: string;
  holderName?: string | null;
}

/** A card that passed validation. Holds the number and CVC only on its way to the gateway: never store it. */
export interface ValidCard {
  number: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName: string | null;
}

export type CardField = 'number' | 'expMonth' | 'expYear' | 'cvc';

export type CardErrorCode =
  | 'INVALID_NUMBER'
  | 'UNSUPPORTED_BRAND'
  | 'INVALID_MONTH'
  | 'INVALID_YEAR'
  | 'EXPIRED'
  | 'INVALID_CVC';

export interface CardError {
  field: CardField;
  code: CardErrorCode;
  message: string;
}

export type CardValidation = { ok: true; card: ValidCard } | { ok: false; errors: CardError[] };

interface BrandRule {
  brand: CardBrand;
  /** Inclusive ranges of the leading digits (all bounds of one range have the same number of digits). */
  ranges: ReadonlyArray<readonly [number, number]>;
  lengths: readonly number[];
  cvcLength: number;
}

const BRAND_RULES: readonly BrandRule[] = [
  { brand: 'amex', ranges: [[34, 34], [37, 37]], lengths: [15], cvcLength: 4 },
  { brand: 'visa', ranges: [[4, 4]], lengths: [13, 16, 19], cvcLength: 3 },
  { brand: 'mastercard', ranges: [[51, 55], [2221, 2720]], lengths: [16], cvcLength: 3 },
  {
    brand: 'discover',
    ranges: [[6011, 6011], [622126, 622925], [644, 649], [65, 65]],
    lengths: [16, 17, 18, 19],
    cvcLength: 3,
  },
  { brand: 'diners', ranges: [[300, 305], [36, 36], [38, 39]], lengths: [14, 15, 16, 17, 18, 19], cvcLength: 3 },
  { brand: 'jcb', ranges: [[3528, 3589]], lengths: [16, 17, 18, 19], cvcLength: 3 },
];

/** Card networks issue cards valid for at most about ten years; twenty leaves room and still catches typos. */
const MAX_YEARS_AHEAD = 20;

/**
 * Checks a card before it goes to the gateway. Every field is checked, and the errors come in the
 * order number, expMonth, expYear, cvc. A card is valid through the last day of its expiry month (UTC).
 */
export function validateCardInput(input: CardInput, now: Date): CardValidation {
  const errors: CardError[] = [];
  const number = input.number.replace(/[\s-]/g, '');
  const rule = /^\d+$/.test(number) ? brandRuleFor(number) : undefined;

  if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) {
    errors.push({ field: 'number', code: 'INVALID_NUMBER', message: 'The card number is not valid.' });
  } else if (!rule) {
    errors.push({ field: 'number', code: 'UNSUPPORTED_BRAND', message: 'This card brand is not accepted.' });
  } else if (!rule.lengths.includes(number.length)) {
    errors.push({ field: 'number', code: 'INVALID_NUMBER', message: 'The card number is not valid.' });
  }

  const expMonth = input.expMonth;
  const expYear = isTwoDigitYear(input.expYear) ? 2000 + input.expYear : input.expYear;
  const currentYear = now.getUTCFullYear();
  const monthOk = Number.isInteger(expMonth) && expMonth >= 1 && expMonth <= 12;
  const yearOk = Number.isInteger(expYear) && expYear <= currentYear + MAX_YEARS_AHEAD && expYear >= 2000;

  if (!monthOk) {
    errors.push({ field: 'expMonth', code: 'INVALID_MONTH', message: 'The expiry month must be from 1 to 12.' });
  }
  if (!yearOk) {
    errors.push({ field: 'expYear', code: 'INVALID_YEAR', message: 'The expiry year is not valid.' });
  }
  if (monthOk && yearOk && now.getTime() >= Date.UTC(expYear, expMonth)) {
    errors.push({
      field: expYear < currentYear ? 'expYear' : 'expMonth',
      code: 'EXPIRED',
      message: 'The card has expired.',
    });
  }

  const cvcPattern = rule ? new RegExp(`^\\d{${rule.cvcLength}}$`) : /^\d{3,4}$/;
  if (!cvcPattern.test(input.cvc.trim())) {
    const expected = rule ? `${rule.cvcLength} digits` : '3 or 4 digits';
    errors.push({ field: 'cvc', code: 'INVALID_CVC', message: `The security code must be ${expected}.` });
  }

  if (errors.length > 0 || !rule) return { ok: false, errors };
  const holderName = input.holderName?.trim() || null;
  return {
    ok: true,
    card: { number, brand: rule.brand, last4: number.slice(-4), expMonth, expYear, cvc: input.cvc.trim(), holderName },
  };
}

function isTwoDigitYear(year: number): boolean {
  return Number.isInteger(year) && year >= 0 && year < 100;
}

/** The brand whose issuer ranges cover the number's leading digits, regardless of its length. */
function brandRuleFor(digits: string): BrandRule | undefined {
  return BRAND_RULES.find((rule) =>
    rule.ranges.some(([low, high]) => {
      const prefix = Number(digits.slice(0, String(low).length));
      return prefix >= low && prefix <= high;
    }),
  );
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let offset = 0; offset < digits.length; offset += 1) {
    let digit = Number(digits[digits.length - 1 - offset]);
    if (offset % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
