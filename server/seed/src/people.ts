import { Random } from './random.ts';

const FIRST_NAMES = [
  'Aaron', 'Abigail', 'Adrian', 'Aisha', 'Alan', 'Alice', 'Amelia', 'Andre', 'Anna', 'Arjun', 'Ben', 'Bianca',
  'Carlos', 'Chen', 'Chloe', 'Daniel', 'Diana', 'Dmitri', 'Elena', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Grace',
  'Hana', 'Hugo', 'Ines', 'Isaac', 'Jade', 'James', 'Julia', 'Kai', 'Keiko', 'Lars', 'Laura', 'Leo', 'Lina',
  'Lucas', 'Maya', 'Mateo', 'Mei', 'Nadia', 'Noah', 'Nora', 'Omar', 'Olivia', 'Pablo', 'Priya', 'Quinn', 'Rafael',
  'Rosa', 'Samuel', 'Sara', 'Sofia', 'Tariq', 'Tessa', 'Theo', 'Uma', 'Victor', 'Wen', 'Yara', 'Zoe',
];

const LAST_NAMES = [
  'Abbott', 'Ahmed', 'Alvarez', 'Andersen', 'Baker', 'Becker', 'Bianchi', 'Brooks', 'Castillo', 'Chen', 'Cohen',
  'Costa', 'Dubois', 'Dunn', 'Eriksen', 'Evans', 'Fischer', 'Flores', 'Garcia', 'Gupta', 'Hansen', 'Hayes', 'Ito',
  'Jansen', 'Kaur', 'Keller', 'Kim', 'Kowalski', 'Larsen', 'Lopez', 'Martin', 'Meyer', 'Mills', 'Moreau', 'Nakamura',
  'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Perez', 'Quinn', 'Reyes', 'Rossi', 'Russo', 'Sato', 'Schmidt',
  'Silva', 'Singh', 'Suzuki', 'Tanaka', 'Torres', 'Vargas', 'Walsh', 'Weber', 'Wong', 'Young', 'Zhang',
];

const COMPANY_FIRST = [
  'Alder', 'Amber', 'Apex', 'Aspen', 'Atlas', 'Beacon', 'Birch', 'Blue Harbor', 'Bright', 'Cedar', 'Cobalt', 'Copper',
  'Crescent', 'Crystal', 'Delta', 'Eagle', 'Ember', 'Evergreen', 'Falcon', 'Fern', 'Granite', 'Harbor', 'Horizon',
  'Iron', 'Juniper', 'Keystone', 'Lakeside', 'Maple', 'Meadow', 'Midway', 'North Star', 'Oak', 'Orchid', 'Pacific',
  'Pine', 'Prairie', 'Quarry', 'Redwood', 'Ridge', 'River', 'Sable', 'Silver', 'Stone', 'Summit', 'Sunrise', 'Tidal',
  'Valley', 'Willow',
];

const COMPANY_SECOND = [
  'Accounting', 'Architects', 'Bakery', 'Builders', 'Clinic', 'Consulting', 'Dental', 'Design', 'Engineering',
  'Farms', 'Fitness', 'Foods', 'Freight', 'Imports', 'Insurance', 'Labs', 'Law', 'Logistics', 'Media', 'Motors',
  'Outfitters', 'Partners', 'Pharmacy', 'Printing', 'Realty', 'Robotics', 'Software', 'Studios', 'Supply', 'Travel',
];

const COMPANY_SUFFIX = ['', '', '', ' LLC', ' Inc.', ' Ltd', ' GmbH', ' & Co.'];

export interface CustomerProfile {
  name: string;
  company: string | null;
  /** As the partner typed it: sometimes with capitals. */
  email: string;
  /** The customer's own domain, used for servers they host themselves. */
  domain: string;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * A customer's name, company and email, a pure function of (seed, customer number), so the bulk seed
 * can rebuild them when it needs them instead of keeping hundreds of thousands in memory.
 * The number keeps emails unique within a partner.
 */
export function customerProfile(seed: number, number: number): CustomerProfile {
  const random = new Random((seed ^ Math.imul(number + 1, 0x9e3779b1)) >>> 0);
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const name = `${first} ${last}`;
  const individual = random.chance(0.15);
  const company = individual
    ? null
    : `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SECOND)}${random.pick(COMPANY_SUFFIX)}`;
  const domain = company ? `${slug(company.replace(/ (LLC|Inc\.|Ltd|GmbH|& Co\.)$/, ''))}-${number}.example` : `home-${number}.example`;
  const local = individual ? `${first}.${last}` : random.pick([`${first}.${last}`, `${first[0]}${last}`, 'admin', 'it', 'office']);
  const lower = `${local}@${domain}`.toLowerCase();
  const email = random.chance(0.2) ? `${local}@${domain}` : lower;
  return { name, company, email, domain };
}
