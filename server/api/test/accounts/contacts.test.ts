import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, gid, signedInUser } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const FIELDS = 'id name email phone title kind';
const CONTACTS = `{ contacts { ${FIELDS} } }`;
const ADD = `mutation($input: AddContactInput!) { addContact(input: $input) { contact { ${FIELDS} } userErrors { code field } } }`;
const UPDATE = `mutation($input: UpdateContactInput!) { updateContact(input: $input) { contact { ${FIELDS} } userErrors { code field } } }`;
const REMOVE = `mutation($input: RemoveContactInput!) { removeContact(input: $input) { removedContactId userErrors { code field } } }`;

type Contact = { id: string; name: string; email: string; phone: string | null; title: string | null; kind: string };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function owner() {
  const partner = await createPartner(t.db);
  return { partner, ...(await signedInUser(t.db, t.clock, partner.id, 'OWNER')) };
}

async function addContact(headers: Record<string, string>, input: Record<string, unknown>) {
  return (await t.gql<{ addContact: { contact: Contact | null; userErrors: unknown[] } }>(ADD, { input }, headers)).data.addContact;
}

describe('addContact', () => {
  describe('when an owner adds a contact', () => {
    it('returns it, GENERAL by default, and audits it', async () => {
      const { headers, partner } = await owner();
      const added = await addContact(headers, { name: 'Ana Lima', email: 'ana@partner.test', phone: '555' });
      expect(added).toEqual({
        contact: { id: expect.any(String), name: 'Ana Lima', email: 'ana@partner.test', phone: '555', title: null, kind: 'GENERAL' },
        userErrors: [],
      });
      expect(await t.db.auditLog.count({ where: { partnerId: partner.id, action: 'contact.add' } })).toBe(1);
    });
  });

  describe('when the name is blank', () => {
    it('returns VALUE_REQUIRED', async () => {
      const { headers } = await owner();
      expect(await addContact(headers, { name: '   ', email: 'x@partner.test' })).toEqual({ contact: null, userErrors: [{ code: 'VALUE_REQUIRED', field: ['name'] }] });
    });
  });
});

describe('contacts', () => {
  describe('when partner staff ask', () => {
    it("returns only their partner's contacts, oldest first", async () => {
      const a = await owner();
      const b = await owner();
      await addContact(a.headers, { name: 'First', email: 'first@a.test', kind: 'BILLING' });
      await addContact(b.headers, { name: 'Other', email: 'other@b.test' });
      await addContact(a.headers, { name: 'Second', email: 'second@a.test', kind: 'TECHNICAL' });
      const analyst = await signedInUser(t.db, t.clock, a.partner.id, 'ANALYST');
      const response = await t.gql<{ contacts: Contact[] }>(CONTACTS, {}, analyst.headers);
      expect(response.data.contacts.map((c) => [c.name, c.kind])).toEqual([
        ['First', 'BILLING'],
        ['Second', 'TECHNICAL'],
      ]);
    });
  });
});

describe('updateContact', () => {
  describe('when some fields change', () => {
    it('returns the contact with them changed and null clearing the title', async () => {
      const { headers } = await owner();
      const { contact } = await addContact(headers, { name: 'Bo', email: 'bo@p.test', title: 'CTO' });
      const response = await t.gql<{ updateContact: unknown }>(UPDATE, { input: { contactId: contact!.id, email: 'bo@new.test', title: null, kind: 'TECHNICAL' } }, headers);
      expect(response.data.updateContact).toEqual({
        contact: { id: contact!.id, name: 'Bo', email: 'bo@new.test', phone: null, title: null, kind: 'TECHNICAL' },
        userErrors: [],
      });
    });
  });

  describe("when the contact is another partner's", () => {
    it('returns CONTACT_NOT_FOUND and changes nothing', async () => {
      const a = await owner();
      const b = await owner();
      const { contact } = await addContact(b.headers, { name: 'Theirs', email: 'theirs@b.test' });
      const response = await t.gql<{ updateContact: unknown }>(UPDATE, { input: { contactId: contact!.id, name: 'Mine' } }, a.headers);
      expect(response.data.updateContact).toEqual({ contact: null, userErrors: [{ code: 'CONTACT_NOT_FOUND', field: ['contactId'] }] });
    });
  });
});

describe('removeContact', () => {
  describe('when the contact exists', () => {
    it('returns its id, deletes it, and keeps what it was in the audit log', async () => {
      const { headers, partner } = await owner();
      const { contact } = await addContact(headers, { name: 'Gone', email: 'gone@p.test' });
      const response = await t.gql<{ removeContact: unknown }>(REMOVE, { input: { contactId: contact!.id } }, headers);
      expect(response.data.removeContact).toEqual({ removedContactId: contact!.id, userErrors: [] });
      expect(await t.db.contact.count({ where: { partnerId: partner.id } })).toBe(0);
      expect((await t.db.auditLog.findFirstOrThrow({ where: { action: 'contact.remove', partnerId: partner.id } })).before).toMatchObject({
        name: 'Gone',
        email: 'gone@p.test',
      });
      const again = await t.gql<{ removeContact: unknown }>(REMOVE, { input: { contactId: contact!.id } }, headers);
      expect(again.data.removeContact).toEqual({ removedContactId: null, userErrors: [{ code: 'CONTACT_NOT_FOUND', field: ['contactId'] }] });
    });
  });

  describe('when a manager tries', () => {
    it('is refused', async () => {
      const { partner } = await owner();
      const manager = await signedInUser(t.db, t.clock, partner.id, 'MANAGER');
      const response = await t.gql(REMOVE, { input: { contactId: gid('Contact', 1) } }, manager.headers);
      expect(response.errors?.[0]?.message).toMatch(/Not authorized/);
    });
  });
});
