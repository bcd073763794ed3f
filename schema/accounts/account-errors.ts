import { ACCOUNT_ERROR_CODES } from '@leaseboard/domain/accounts/account-errors';
import { userErrorType } from '../user-errors.ts';

export const AccountUserError = userErrorType('Account', ACCOUNT_ERROR_CODES);
