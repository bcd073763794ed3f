/** Rows per page in every list of the admin. */
export const PAGE_SIZE = 25;
