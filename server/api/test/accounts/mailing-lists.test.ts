import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, signedInUser } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const LISTS = `{ mailingLists { list emails } }`;
const SET = `mutation($input: SetMailingListSubscriptionInput!) {
  setMailingListSubscription(input: $input) { mailingList { list emails } userErrors { code field } } }`;

type Lists = { mailingLists: { list: string; emails: string[] }[] };
type SetResult = { setMailingListSubscription: { mailingList: { list: string; emails: string[] } | null; userErrors: unknown[] } };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('mailingLists', () => {
  describe('when nobody is subscribed', () => {
    it('returns every list, each empty', async () => {
      const billing = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'BILLING');
      expect((await t.gql<Lists>(LISTS, {}, billing.headers)).data.mailingLists).toEqual([
        { list: 'PRODUCT_NEWS', emails: [] },
        { list: 'BILLING_NOTICES', emails: [] },
        { list: 'MAINTENANCE', emails: [] },
      ]);
    });
  });
});

describe('setMailingListSubscription', () => {
  describe('when an address is subscribed and unsubscribed', () => {
    it('returns the list after each change, in lower case and sorted, and audits each change once', async () => {
      const partner = await createPartner(t.db);
      const { headers } = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const set = async (email: string, subscribed: boolean) =>
        (await t.gql<SetResult>(SET, { input: { email, list: 'MAINTENANCE', subscribed } }, headers)).data.setMailingListSubscription;

      expect(await set('Ops@Partner.test', true)).toEqual({ mailingList: { list: 'MAINTENANCE', emails: ['ops@partner.test'] }, userErrors: [] });
      expect((await set('admin@partner.test', true)).mailingList?.emails).toEqual(['admin@partner.test', 'ops@partner.test']);
      expect((await set('OPS@partner.test', true)).mailingList?.emails).toEqual(['admin@partner.test', 'ops@partner.test']);
      expect((await set('ops@partner.test', false)).mailingList?.emails).toEqual(['admin@partner.test']);
      expect((await set('ops@partner.test', false)).mailingList?.emails).toEqual(['admin@partner.test']);

      const lists = (await t.gql<Lists>(LISTS, {}, headers)).data.mailingLists;
      expect(lists.find((l) => l.list === 'MAINTENANCE')?.emails).toEqual(['admin@partner.test']);
      expect(lists.find((l) => l.list === 'PRODUCT_NEWS')?.emails).toEqual([]);
      const actions = await t.db.auditLog.findMany({ where: { partnerId: partner.id }, orderBy: { id: 'asc' }, select: { action: true } });
      expect(actions.map((a) => a.action)).toEqual(['mailing_list.subscribe', 'mailing_list.subscribe', 'mailing_list.unsubscribe']);
    });
  });

  describe('when an analyst tries', () => {
    it('is refused', async () => {
      const analyst = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'ANALYST');
      const response = await t.gql(SET, { input: { email: 'a@b.test', list: 'PRODUCT_NEWS', subscribed: true } }, analyst.headers);
      expect(response.errors?.[0]?.message).toMatch(/Not authorized/);
    });
  });
});
