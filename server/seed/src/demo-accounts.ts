import { ContactKind, MailingList, Role } from '@leaseboard/db';

/** The password of every demo login. Demo data only: never seed it into a real deployment. */
export const DEMO_PASSWORD = 'leaseboard-demo';

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  /** The partner's company, or null for vendor staff. */
  partner: string | null;
}

export interface PartnerUserSpec {
  role: Role;
  email: string;
  name: string;
}

export interface PartnerSpec {
  slug: string;
  company: string;
  contactName: string;
  contactEmail: string;
  phone: string;
  addressLine1: string;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
  billingEmail: string;
  /** Domain of the partner's own servers, e.g. mail01.northwind-hosting.net. */
  serverDomain: string;
  /** Share of customers and leases. */
  weight: number;
  users: PartnerUserSpec[];
  contacts: { name: string; email: string; phone: string | null; title: string; kind: ContactKind }[];
  subscriptions: { email: string; list: MailingList }[];
}

export const ADMIN_USER = { email: 'admin@leaseboard.test', name: 'Vendor Admin', role: Role.ADMIN } as const;

function staff(slug: string, names: [string, string, string, string]): PartnerUserSpec[] {
  const roles = [Role.OWNER, Role.MANAGER, Role.ANALYST, Role.BILLING];
  return roles.map((role, index) => ({ role, email: `${role.toLowerCase()}@${slug}.test`, name: names[index]! }));
}

function subscriptions(slug: string): PartnerSpec['subscriptions'] {
  return [
    { email: `owner@${slug}.test`, list: MailingList.PRODUCT_NEWS },
    { email: `owner@${slug}.test`, list: MailingList.MAINTENANCE },
    { email: `accounts@${slug}.test`, list: MailingList.BILLING_NOTICES },
    { email: `noc@${slug}.test`, list: MailingList.MAINTENANCE },
  ];
}

/** The three partners of the demo, with logins for every partner role. */
export const DEMO_PARTNERS: readonly PartnerSpec[] = [
  {
    slug: 'northwind',
    company: 'Northwind Hosting',
    contactName: 'Nancy Davolio',
    contactEmail: 'owner@northwind.test',
    phone: '+1 206 555 0134',
    addressLine1: '507 Twentieth Ave. E.',
    city: 'Seattle',
    region: 'WA',
    postalCode: '98122',
    country: 'US',
    billingEmail: 'accounts@northwind.test',
    serverDomain: 'northwind-hosting.net',
    weight: 0.45,
    users: staff('northwind', ['Nancy Davolio', 'Andrew Fuller', 'Janet Leverling', 'Margaret Peacock']),
    contacts: [
      { name: 'Steven Buchanan', email: 'accounts@northwind.test', phone: '+1 206 555 0148', title: 'Accounts payable', kind: ContactKind.BILLING },
      { name: 'Michael Suyama', email: 'noc@northwind.test', phone: '+1 206 555 0177', title: 'Network operations', kind: ContactKind.TECHNICAL },
      { name: 'Robert King', email: 'robert.king@northwind.test', phone: null, title: 'Sales', kind: ContactKind.GENERAL },
    ],
    subscriptions: subscriptions('northwind'),
  },
  {
    slug: 'contoso',
    company: 'Contoso Cloud',
    contactName: 'Alex Wilber',
    contactEmail: 'owner@contoso.test',
    phone: '+1 425 555 0162',
    addressLine1: '1 Contoso Way',
    city: 'Redmond',
    region: 'WA',
    postalCode: '98052',
    country: 'US',
    billingEmail: 'accounts@contoso.test',
    serverDomain: 'contoso-cloud.com',
    weight: 0.35,
    users: staff('contoso', ['Alex Wilber', 'Megan Bowen', 'Adele Vance', 'Diego Siciliani']),
    contacts: [
      { name: 'Grady Archie', email: 'accounts@contoso.test', phone: '+1 425 555 0190', title: 'Finance', kind: ContactKind.BILLING },
      { name: 'Lynne Robbins', email: 'noc@contoso.test', phone: '+1 425 555 0111', title: 'Platform engineering', kind: ContactKind.TECHNICAL },
    ],
    subscriptions: subscriptions('contoso'),
  },
  {
    slug: 'fabrikam',
    company: 'Fabrikam Servers',
    contactName: 'Lidia Holloway',
    contactEmail: 'owner@fabrikam.test',
    phone: '+44 20 7946 0321',
    addressLine1: '14 Fabrikam Yard',
    city: 'London',
    region: null,
    postalCode: 'EC1A 1BB',
    country: 'GB',
    billingEmail: 'accounts@fabrikam.test',
    serverDomain: 'fabrikam-servers.net',
    weight: 0.2,
    users: staff('fabrikam', ['Lidia Holloway', 'Lee Gu', 'Isaiah Langer', 'Johanna Lorenz']),
    contacts: [
      { name: 'Pradeep Gupta', email: 'accounts@fabrikam.test', phone: '+44 20 7946 0388', title: 'Bookkeeping', kind: ContactKind.BILLING },
      { name: 'Nestor Wilke', email: 'noc@fabrikam.test', phone: '+44 20 7946 0355', title: 'Systems', kind: ContactKind.TECHNICAL },
      { name: 'Patti Fernandez', email: 'patti.fernandez@fabrikam.test', phone: null, title: 'Customer success', kind: ContactKind.GENERAL },
    ],
    subscriptions: subscriptions('fabrikam'),
  },
];

/** The logins the seed creates; the server prints them at start-up and the README lists them. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { email: ADMIN_USER.email, password: DEMO_PASSWORD, role: Role.ADMIN, partner: null },
  ...DEMO_PARTNERS.flatMap((partner) =>
    partner.users.map((user) => ({ email: user.email, password: DEMO_PASSWORD, role: user.role, partner: partner.company })),
  ),
];

const EXTRA_PARTNER_NAMES = [
  'Adatum', 'Litware', 'Proseware', 'Tailspin', 'Woodgrove', 'Wingtip', 'Trey', 'Lucerne', 'Coho', 'Humongous',
  'Southridge', 'Alpine', 'Margie', 'Fourth', 'Consolidated', 'Wideworld', 'Bluyonder',
];
const EXTRA_PARTNER_KINDS = ['Hosting', 'Networks', 'Cloud', 'Servers', 'Data'];

/**
 * Partners added for benchmark data sets, beyond the three demo partners: an owner login each (same
 * demo password, not listed in DEMO_LOGINS) and no contacts.
 */
export function benchmarkPartners(count: number): PartnerSpec[] {
  return Array.from({ length: count }, (_, index) => {
    const word = EXTRA_PARTNER_NAMES[index % EXTRA_PARTNER_NAMES.length]!;
    const round = Math.floor(index / EXTRA_PARTNER_NAMES.length);
    const slug = `${word.toLowerCase()}${round ? round + 1 : ''}`;
    const kind = EXTRA_PARTNER_KINDS[index % EXTRA_PARTNER_KINDS.length]!;
    const number = String(100 + (index % 100)).slice(1);
    return {
      slug,
      company: `${word}${round ? ` ${round + 1}` : ''} ${kind}`,
      contactName: `${word} Owner`,
      contactEmail: `owner@${slug}.test`,
      phone: `+1 312 555 01${number}`,
      addressLine1: `${100 + index} Lake Street`,
      city: 'Chicago',
      region: 'IL',
      postalCode: '60601',
      country: 'US',
      billingEmail: `accounts@${slug}.test`,
      serverDomain: `${slug}-${kind.toLowerCase()}.net`,
      weight: 1,
      users: [{ role: Role.OWNER, email: `owner@${slug}.test`, name: `${word} Owner` }],
      contacts: [],
      subscriptions: [{ email: `accounts@${slug}.test`, list: MailingList.BILLING_NOTICES }],
    };
  });
}
