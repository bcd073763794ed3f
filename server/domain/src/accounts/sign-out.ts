import type { Db } from '@leaseboard/db';
import { endSession } from '../auth/sessions.ts';
import { ok, type Result } from '../result.ts';

/** Ends the session the token names, if any; signing out twice, or without a session, is not an error. */
export async function signOut(db: Db, token: string | null): Promise<Result<true, never>> {
  if (token) await endSession(db, token);
  return ok(true);
}
